package io.drydock.runtime.engine;

import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import java.util.List;
import java.util.Objects;

/**
 * What {@code drydock run} was asked for, validated.
 *
 * @param image       the image name or id
 * @param command     the command to run instead of the image's Cmd; empty for the image's
 * @param detach      run in the background, output to the container's log
 * @param autoRemove  remove the container when it exits
 * @param name        the container name, or {@code null} for a generated one
 * @param env         {@code KEY=VALUE} entries added to (and overriding) the image's
 * @param workdir     the working directory (absolute), or {@code null} for the image's
 * @param user        {@code user[:group]} (names or ids), or {@code null} for the image's
 * @param memoryBytes memory limit, or {@code null}
 * @param cpus        CPU quota, or {@code null}
 * @param pidsLimit   task limit, or {@code null}
 * @param readOnly    mount the root filesystem read-only
 * @param network     the network mode
 * @param ports       {@code -p} mappings (bridge mode only)
 */
public record RunOptions(String image, List<String> command, boolean detach, boolean autoRemove, String name,
                         List<String> env, String workdir, String user, Long memoryBytes, CpuLimit cpus,
                         Long pidsLimit, boolean readOnly, NetworkMode network, List<PortMapping> ports) {

    public RunOptions {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("run: an image is required");
        }
        command = List.copyOf(command);
        env = List.copyOf(env);
        ports = List.copyOf(ports);
        Objects.requireNonNull(network, "network");
        if (name != null) {
            ContainerNames.checkName(name);
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("-e '" + e + "' is not KEY=VALUE");
            }
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw new IllegalArgumentException("-w '" + workdir + "' must be an absolute path");
        }
        if (user != null && (user.isEmpty() || user.chars().filter(c -> c == ':').count() > 1)) {
            throw new IllegalArgumentException("-u '" + user + "' is not user[:group]");
        }
        if (pidsLimit != null && pidsLimit < 1) {
            throw new IllegalArgumentException("--pids-limit " + pidsLimit + " must be at least 1");
        }
        if (memoryBytes != null && memoryBytes < MemorySize.MINIMUM) {
            throw new IllegalArgumentException("--memory " + memoryBytes + " is below the minimum of 6m");
        }
        if (!ports.isEmpty() && !network.supportsPortMapping()) {
            throw new IllegalArgumentException("-p needs --network bridge, not --network " + network);
        }
    }

    /** Options to run {@code image} with its own command and nothing else set (bridge network). */
    public static RunOptions of(String image, List<String> command) {
        return new RunOptions(image, command, false, false, null, List.of(), null, null, null, null, null, false,
                NetworkMode.BRIDGE, List.of());
    }

    /** A copy running detached. */
    public RunOptions detached() {
        return new RunOptions(image, command, true, autoRemove, name, env, workdir, user, memoryBytes, cpus, pidsLimit,
                readOnly, network, ports);
    }

    /** A copy with the name {@code newName}. */
    public RunOptions named(String newName) {
        return new RunOptions(image, command, detach, autoRemove, newName, env, workdir, user, memoryBytes, cpus,
                pidsLimit, readOnly, network, ports);
    }

    /** A copy with another network mode and port mappings. */
    public RunOptions networked(NetworkMode mode, List<PortMapping> mappings) {
        return new RunOptions(image, command, detach, autoRemove, name, env, workdir, user, memoryBytes, cpus,
                pidsLimit, readOnly, mode, mappings);
    }

    /** A copy running as {@code newUser} ({@code user[:group]}). */
    public RunOptions withUser(String newUser) {
        return new RunOptions(image, command, detach, autoRemove, name, env, workdir, newUser, memoryBytes, cpus,
                pidsLimit, readOnly, network, ports);
    }

    /** A copy that removes itself on exit. */
    public RunOptions removedOnExit() {
        return new RunOptions(image, command, detach, true, name, env, workdir, user, memoryBytes, cpus, pidsLimit,
                readOnly, network, ports);
    }
}
