package io.drydock.runtime.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies one attachment of a sandbox to a network, and the per-attachment arguments:
 * the CNI environment ({@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME},
 * {@code CNI_ARGS}) and the capability arguments sent as {@code runtimeConfig} (port mappings).
 *
 * @param containerId  the sandbox id: letters, digits, '_', '-', '.'
 * @param netns        path of the sandbox's network namespace (for an interface that lives in
 *                     the host namespace, such as a VM's tap, the host's: {@link #HOST_NETNS})
 * @param ifName       the interface name inside the sandbox, e.g. {@code eth0}
 * @param args         extra {@code CNI_ARGS} key/value pairs, in order
 * @param portMappings port mappings with their host ports resolved (none may be 0)
 */
public record CniRuntimeConf(String containerId, String netns, String ifName, Map<String, String> args,
                             List<PortMapping> portMappings) {

    /** The host's own network namespace, for attachments whose interface is on the host (VM taps). */
    public static final String HOST_NETNS = "/proc/self/ns/net";

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    private static final Pattern ARG = Pattern.compile("[^=;]+");

    public CniRuntimeConf {
        if (containerId == null || !ID.matcher(containerId).matches() || containerId.length() > 128) {
            throw new IllegalArgumentException("CNI container id '" + containerId
                    + "' must be 1-128 letters, digits, '_', '-', '.', starting with a letter or digit");
        }
        Objects.requireNonNull(netns, "netns");
        if (ifName == null || ifName.isEmpty() || ifName.length() > 15 || ifName.equals(".") || ifName.equals("..")
                || !ifName.chars().allMatch(c -> c > ' ' && c != '/' && c != ':' && c < 127)) {
            throw new IllegalArgumentException("interface name '" + ifName
                    + "' must be 1-15 printable characters without '/', ':' or spaces");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (!ARG.matcher(k).matches() || !ARG.matcher(v).matches()) {
                throw new IllegalArgumentException("CNI_ARGS entry '" + k + "=" + v + "' may not contain '=' or ';'");
            }
            copy.put(k, v);
        });
        args = Map.copyOf(copy);
        for (PortMapping p : portMappings) {
            if (p.hostPortChosenLater()) {
                throw new IllegalArgumentException("port mapping " + p + " has no host port yet; choose one before CNI ADD");
            }
        }
        portMappings = List.copyOf(portMappings);
    }

    /** An attachment without extra arguments. */
    public CniRuntimeConf(String containerId, String netns, String ifName, List<PortMapping> portMappings) {
        this(containerId, netns, ifName, Map.of(), portMappings);
    }

    /** {@code CNI_ARGS}: {@code K=V;K=V}, with {@code IgnoreUnknown=1} so plugins tolerate unknown keys. */
    String cniArgs() {
        if (args.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("IgnoreUnknown=1");
        args.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(';').append(e.getKey()).append('=').append(e.getValue()));
        return s.toString();
    }
}
