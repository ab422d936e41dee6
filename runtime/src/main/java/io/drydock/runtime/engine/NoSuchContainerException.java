package io.drydock.runtime.engine;

/** No container has the name, id or id prefix a user gave. */
public final class NoSuchContainerException extends EngineException {
    /** No container matches {@code nameOrId}. */
    public NoSuchContainerException(String nameOrId) {
        super("find container", nameOrId, "no such container");
    }
}
