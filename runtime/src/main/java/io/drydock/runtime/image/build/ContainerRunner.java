package io.drydock.runtime.image.build;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.CreateRequest;

/**
 * Runs a container to completion and returns its exit status: what a RUN step needs of a runtime
 * ({@code ContainerRuntime::run} on a real host; tests pass their own).
 */
@FunctionalInterface
public interface ContainerRunner {
    /** Creates, starts, waits for and deletes container {@code id}; returns its exit status. */
    int run(String id, CreateRequest request) throws ContainerException;
}
