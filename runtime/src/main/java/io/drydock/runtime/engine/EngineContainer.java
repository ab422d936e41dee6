package io.drydock.runtime.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the engine remembers of a container (its {@code container.json}): who it is, what it runs,
 * how it is networked, and how it ended.
 *
 * @param id         the 64-hex id; also the runtime's container id and the snapshot key
 * @param name       the unique name
 * @param image      the image as the user named it
 * @param imageId    the image's manifest digest ({@code sha256:...})
 * @param created    creation time, ISO-8601
 * @param args       the process argv
 * @param hostname   the container's hostname
 * @param network    the network mode ({@code bridge}, {@code host}, {@code none})
 * @param ports      the port mappings in force, in {@code -p} form with host ports filled in
 * @param address    the container's address on the bridge, or {@code null}
 * @param autoRemove whether it is removed when it exits
 * @param detached   whether its output goes to its log file
 * @param state      {@code created}, {@code running} or {@code exited} as last recorded
 * @param exitCode   the exit code once known, else {@code null}
 * @param finished   when it was seen to exit, ISO-8601, or {@code null}
 */
public record EngineContainer(String id, String name, String image, String imageId, String created, List<String> args,
                              String hostname, String network, List<String> ports, String address, boolean autoRemove,
                              boolean detached, String state, Integer exitCode, String finished) {

    /** States recorded. */
    public static final String CREATED = "created";
    /** Started and not yet seen to stop. */
    public static final String RUNNING = "running";
    /** Seen to stop; its overlay is unmounted and its network detached. */
    public static final String EXITED = "exited";

    public EngineContainer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(state, "state");
        args = List.copyOf(args);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A copy in another state. */
    public EngineContainer withState(String newState, Integer newExitCode, String newFinished) {
        return new EngineContainer(id, name, image, imageId, created, args, hostname, network, ports, address,
                autoRemove, detached, newState, newExitCode, newFinished);
    }

    /** A copy with the network attachment's outcome. */
    public EngineContainer withNetwork(List<String> newPorts, String newAddress) {
        return new EngineContainer(id, name, image, imageId, created, args, hostname, network, newPorts, newAddress,
                autoRemove, detached, state, exitCode, finished);
    }

    /** The first 12 digits of the id. */
    public String shortId() {
        return ContainerNames.shortId(id);
    }
}
