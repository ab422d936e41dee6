package io.drydock.platform;

import java.util.List;

/** One running workload on a {@link Platform}. Closing it stops it if needed and removes everything it made. */
public interface Instance extends AutoCloseable {
    /** The instance's id on its platform (container id, domain name, host pid). */
    String id();

    /** Waits for the workload to exit and returns its exit code (128 + signal if killed). */
    int awaitExit() throws PlatformException;

    /**
     * The host processes that exist for this instance alone, by pid: what its memory footprint is
     * the sum of. The workload's processes, and whatever the platform runs beside them for this
     * instance (a foreground {@code runc run}, a VM's QEMU); not a process the platform shares
     * between instances (drydock's JVM, libvirtd).
     */
    List<Long> processes() throws PlatformException;

    @Override
    void close() throws PlatformException;
}
