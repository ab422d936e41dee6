package io.drydock.runtime.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code -p} mapping: traffic to {@code hostIp:hostPort} (all host addresses when
 * {@code hostIp} is null) goes to {@code containerPort} of the instance, for one protocol.
 * A {@code hostPort} of 0 means "any free port", chosen when the mapping is set up.
 *
 * @param hostIp        the host address to listen on, or null for every address of the host
 * @param hostPort      1-65535, or 0 to have a free one chosen
 * @param containerPort 1-65535
 * @param protocol      TCP or UDP
 */
public record PortMapping(Inet4Address hostIp, int hostPort, int containerPort, Protocol protocol) {

    /** The transport protocol of a mapping. */
    public enum Protocol {
        TCP, UDP;

        /** The name the CNI {@code portMappings} capability uses: {@code tcp} or {@code udp}. */
        public String cniName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PortMapping {
        Objects.requireNonNull(protocol, "protocol");
        if (hostIp != null && hostIp.isAnyLocalAddress()) {
            hostIp = null; // 0.0.0.0 and "no address" mean the same: every host address
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort " + hostPort + " is outside 1-65535 (0 = choose one)");
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort " + containerPort + " is outside 1-65535");
        }
    }

    /**
     * Parses {@code [hostIP:][hostPort]:containerPort[/tcp|udp]} or {@code containerPort[/tcp|udp]}.
     * The host address must be an IPv4 literal; without one the mapping listens on every host
     * address. Without a host port (or with an empty one, {@code 127.0.0.1::80}) a free port is
     * chosen when the mapping is set up.
     *
     * @throws InvalidPortMappingException naming the value and what is wrong with it
     */
    public static PortMapping parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidPortMappingException(String.valueOf(value), "empty");
        }
        String rest = value.trim();
        Protocol protocol = Protocol.TCP;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            String proto = rest.substring(slash + 1);
            protocol = switch (proto.toLowerCase(Locale.ROOT)) {
                case "tcp" -> Protocol.TCP;
                case "udp" -> Protocol.UDP;
                default -> throw new InvalidPortMappingException(value,
                        "protocol '" + proto + "' is not tcp or udp");
            };
            rest = rest.substring(0, slash);
        }
        if (rest.startsWith("[")) {
            throw new InvalidPortMappingException(value, "IPv6 host addresses are not supported: drydock's network is IPv4");
        }
        String[] parts = rest.split(":", -1);
        return switch (parts.length) {
            case 1 -> new PortMapping(null, 0, port(value, parts[0], "container port"), protocol);
            case 2 -> new PortMapping(null, hostPort(value, parts[0]), port(value, parts[1], "container port"), protocol);
            case 3 -> new PortMapping(ipv4(value, parts[0]), hostPort(value, parts[1]),
                    port(value, parts[2], "container port"), protocol);
            default -> throw new InvalidPortMappingException(value,
                    parts.length > 3 ? "too many ':' (IPv6 host addresses are not supported)"
                            : "expected [hostIP:]hostPort:containerPort[/tcp|udp]");
        };
    }

    /**
     * Parses several {@code -p} values and refuses two that claim the same host address, port
     * and protocol.
     *
     * @throws InvalidPortMappingException naming the first bad or clashing value
     */
    public static List<PortMapping> parseAll(Collection<String> values) {
        List<PortMapping> result = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String value : values) {
            PortMapping mapping = parse(value);
            if (mapping.hostPort() != 0) {
                for (PortMapping other : result) {
                    if (other.clashesWith(mapping)) {
                        throw new InvalidPortMappingException(value,
                                "host port " + mapping.hostEndpoint() + " is already mapped by '" + seen.get(other.toString()) + "'");
                    }
                }
            }
            seen.put(mapping.toString(), value);
            result.add(mapping);
        }
        return List.copyOf(result);
    }

    /** Whether the host port is still to be chosen. */
    public boolean hostPortChosenLater() {
        return hostPort == 0;
    }

    /** This mapping with its host port set (to the one chosen for it). */
    public PortMapping withHostPort(int port) {
        if (port < 1) {
            throw new IllegalArgumentException("chosen host port " + port + " is outside 1-65535");
        }
        return new PortMapping(hostIp, port, containerPort, protocol);
    }

    /**
     * Whether both mappings would receive the same host traffic: same protocol and port, and
     * addresses that are equal or one of them is "every address".
     */
    public boolean clashesWith(PortMapping other) {
        return protocol == other.protocol && hostPort != 0 && hostPort == other.hostPort
                && (hostIp == null || other.hostIp == null || hostIp.equals(other.hostIp));
    }

    /** {@code 127.0.0.1:8080/tcp}, or {@code 0.0.0.0:8080/tcp} for every address. */
    public String hostEndpoint() {
        return (hostIp == null ? "0.0.0.0" : hostIp.getHostAddress()) + ":" + hostPort + "/" + protocol.cniName();
    }

    /** The canonical {@code -p} form, which {@link #parse} reads back to an equal mapping. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (hostIp != null) {
            s.append(hostIp.getHostAddress()).append(':');
        }
        if (hostPort != 0) {
            s.append(hostPort).append(':');
        } else if (hostIp != null) {
            s.append(':');
        }
        return s.append(containerPort).append('/').append(protocol.cniName()).toString();
    }

    private static int hostPort(String value, String text) {
        return text.isEmpty() ? 0 : port(value, text, "host port");
    }

    private static int port(String value, String text, String what) {
        if (text.isEmpty()) {
            throw new InvalidPortMappingException(value, what + " is missing");
        }
        if (text.contains("-")) {
            throw new InvalidPortMappingException(value, what + " '" + text + "': port ranges are not supported");
        }
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidPortMappingException(value, what + " '" + text + "' is not a number in 1-65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new InvalidPortMappingException(value, what + " " + port + " is outside 1-65535");
        }
        return port;
    }

    /** Reads a dotted-quad literal without any name lookup. */
    static Inet4Address ipv4(String value, String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new InvalidPortMappingException(value, "host address '" + text + "' is not an IPv4 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String o = octets[i];
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(o) > 255) {
                throw new InvalidPortMappingException(value, "host address '" + text + "' is not an IPv4 address");
            }
            bytes[i] = (byte) Integer.parseInt(o);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
