package io.drydock.platform;

/** One running workload on a {@link Platform}. Closing it stops it if needed and removes everything it made. */
public interface Instance extends AutoCloseable {
    /** The instance's id on its platform (container id, domain name, host pid). */
    String id();

    /** Waits for the workload to exit and returns its exit code (128 + signal if killed). */
    int awaitExit() throws PlatformException;

    @Override
    void close() throws PlatformException;
}
