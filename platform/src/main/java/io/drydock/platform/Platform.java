package io.drydock.platform;

import java.util.function.Consumer;

/**
 * Where a workload runs: the bare host, drydock's container runtime (in-process or as a runc-style
 * binary), another OCI runtime such as runc or crun, or a VM. Benchmarks and conformance tests
 * are written once against this seam and run on every platform.
 */
public interface Platform extends AutoCloseable {
    /** A short name used in results: host, drydock, drydock-runc, runc, crun, vm. */
    String name();

    /** Starts an instance of the workload with its output discarded; it runs until it exits or is closed. */
    default Instance start(InstanceSpec spec) throws PlatformException {
        return start(spec, null);
    }

    /**
     * Starts an instance of the workload whose standard output and error reach {@code output} line
     * by line as they arrive (from a reader thread of the platform's), or are discarded when it is
     * null. Every line the workload wrote has been passed on when {@link Instance#awaitExit()} returns.
     */
    Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException;

    /**
     * Runs an instance to completion and removes it: the unit of "start-up" (create, start, wait,
     * delete). Returns the workload's exit code.
     */
    default int run(InstanceSpec spec) throws PlatformException {
        try (Instance i = start(spec)) {
            return i.awaitExit();
        }
    }

    /** Releases what the platform holds (work dirs, connections); instances must be closed first. */
    @Override
    void close() throws PlatformException;
}
