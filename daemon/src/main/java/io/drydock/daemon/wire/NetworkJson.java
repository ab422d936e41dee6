package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** An entry of {@code GET /networks} and {@code GET /networks/{id}}. */
public record NetworkJson(String name, String id, String created, String scope, String driver, boolean enableIPv6,
                          Ipam iPAM, boolean internal, boolean attachable, Map<String, Object> containers,
                          Map<String, String> options, Map<String, String> labels) {
    /** Address management: the subnet. */
    public record Ipam(String driver, List<Map<String, String>> config) {
    }
}
