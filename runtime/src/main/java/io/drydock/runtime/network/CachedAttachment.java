package io.drydock.runtime.network;

import java.util.Objects;

/**
 * What a successful ADD left in the attachment cache: enough to CHECK or DEL the attachment
 * later, from another process or after a restart (the config used, the runtime arguments with
 * the port mappings, and the final result that DEL gets as {@code prevResult}).
 *
 * @param netnsInode the inode of the network namespace at ADD time (0 when unknown), so that a
 *                   later DEL can tell whether the path still names the same namespace: a
 *                   {@code /proc/<pid>/ns/net} path of a dead container may name another
 *                   process's namespace once the pid is reused, perhaps the host's
 */
public record CachedAttachment(CniConfigList config, CniRuntimeConf runtimeConf, CniResult result, long netnsInode) {
    public CachedAttachment {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runtimeConf, "runtimeConf");
        Objects.requireNonNull(result, "result");
    }

    /** The network the attachment belongs to. */
    public String network() {
        return config.name();
    }
}
