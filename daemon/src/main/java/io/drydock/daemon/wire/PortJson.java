package io.drydock.daemon.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Port of the container list: {@code IP}, private and public port, type. */
public record PortJson(@JsonProperty("IP") String ip, int privatePort, Integer publicPort, String type) {
}
