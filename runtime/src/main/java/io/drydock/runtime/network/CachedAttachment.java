package io.drydock.runtime.network;

import java.util.Objects;

/**
 * What a successful ADD left in the attachment cache: enough to CHECK or DEL the attachment
 * later, from another process or after a restart (the config used, the runtime arguments with
 * the port mappings, and the final result that DEL gets as {@code prevResult}).
 */
public record CachedAttachment(CniConfigList config, CniRuntimeConf runtimeConf, CniResult result) {
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
