package io.drydock.runtime.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an image says about how to run it and what its root filesystem is made of.
 *
 * @param platform     OS and architecture
 * @param created      creation time, or {@code null}
 * @param env          environment, {@code NAME=value} each
 * @param entrypoint   entrypoint argv, possibly empty
 * @param cmd          default arguments, possibly empty
 * @param workingDir   working directory, or {@code null}
 * @param user         user (name, uid, {@code uid:gid}...), or {@code null}
 * @param exposedPorts ports as {@code 80/tcp}
 * @param labels       labels
 * @param stopSignal   stop signal name, or {@code null}
 * @param diffIds      digests of the uncompressed layers, bottom first
 * @param history      history entries
 */
public record ImageConfig(Platform platform, Instant created, List<String> env, List<String> entrypoint,
                          List<String> cmd, String workingDir, String user, Set<String> exposedPorts,
                          Map<String, String> labels, String stopSignal, List<Digest> diffIds,
                          List<HistoryEntry> history) {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}(/(tcp|udp|sctp))?");

    /** Validates and copies. */
    public ImageConfig {
        Objects.requireNonNull(platform, "platform");
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        exposedPorts = Set.copyOf(exposedPorts);
        labels = Map.copyOf(labels);
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
        for (String variable : env) {
            if (variable.indexOf('=') <= 0) {
                throw new IllegalArgumentException("image config: Env entry '" + variable + "' is not NAME=value");
            }
        }
        for (String port : exposedPorts) {
            if (!PORT.matcher(port).matches()) {
                throw new IllegalArgumentException("image config: ExposedPorts entry '" + port
                        + "' is not port[/tcp|udp|sctp]");
            }
        }
    }

    /** A config for {@code platform} with the given layers and nothing else set. */
    public static ImageConfig minimal(Platform platform, List<Digest> diffIds) {
        return new ImageConfig(platform, null, List.of(), List.of(), List.of(), null, null, Set.of(), Map.of(),
                null, diffIds, List.of());
    }
}
