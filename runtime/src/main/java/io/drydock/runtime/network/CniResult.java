package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CNI "Success" result (spec 1.0): the interfaces a plugin chain made, the addresses given to
 * them, routes and DNS. The JSON the last plugin printed is kept verbatim, because the spec has
 * the runtime hand exactly that back as {@code prevResult} to CHECK and DEL.
 *
 * @param cniVersion the version the plugin answered in
 * @param interfaces interfaces made, indexed by {@link IpConfig#interfaceIndex()}
 * @param ips        addresses assigned
 * @param routes     routes the sandbox was given
 * @param dns        DNS settings, empty when none
 * @param json       the result exactly as printed by the plugin
 */
public record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes,
                        Dns dns, String json) {

    /** An interface: on the host (no sandbox) or in the sandbox ({@code sandbox} = netns path). */
    public record Interface(String name, String mac, String sandbox) {
        public Interface {
            Objects.requireNonNull(name, "interface name");
            mac = mac == null ? "" : mac;
            sandbox = sandbox == null ? "" : sandbox;
        }

        /** Whether the interface lives in the sandbox rather than on the host. */
        public boolean inSandbox() {
            return !sandbox.isEmpty();
        }
    }

    /**
     * An address with its prefix, the gateway, and which interface holds it.
     *
     * @param interfaceIndex index into {@link CniResult#interfaces()}, or -1 when not given
     */
    public record IpConfig(InetAddress address, int prefixLength, InetAddress gateway, int interfaceIndex) {
        public IpConfig {
            Objects.requireNonNull(address, "address");
        }

        /** Whether this is an IPv4 address. */
        public boolean isIpv4() {
            return address instanceof Inet4Address;
        }

        /** {@code 10.89.0.2/24}. */
        public String cidr() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }

    /** A route: destination CIDR and optional gateway (null = the interface's default). */
    public record Route(String dst, InetAddress gw) {
        public Route {
            Objects.requireNonNull(dst, "dst");
        }
    }

    /** DNS settings a plugin may return. */
    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        public Dns {
            nameservers = List.copyOf(nameservers);
            domain = domain == null ? "" : domain;
            search = List.copyOf(search);
            options = List.copyOf(options);
        }

        static final Dns EMPTY = new Dns(List.of(), "", List.of(), List.of());
    }

    public CniResult {
        Objects.requireNonNull(cniVersion, "cniVersion");
        interfaces = List.copyOf(interfaces);
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(json, "json");
    }

    /** The first IPv4 address, which on drydock's network is the instance's address. */
    public Optional<IpConfig> firstIpv4() {
        return ips.stream().filter(IpConfig::isIpv4).findFirst();
    }

    /** The interface named {@code name} that lives in the sandbox, if any. */
    public Optional<Interface> sandboxInterface(String name) {
        return interfaces.stream().filter(i -> i.inSandbox() && i.name().equals(name)).findFirst();
    }

    /** The result as a JSON tree, for {@code prevResult}. */
    ObjectNode tree() {
        return CniJson.object(json, "CNI result");
    }

    /**
     * Reads a result printed by a plugin. Unknown fields are tolerated (plugins may add some); a
     * malformed address is refused, naming the field.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static CniResult parse(String json) {
        ObjectNode root = CniJson.object(json, "CNI result");
        List<Interface> interfaces = new ArrayList<>();
        JsonNode ifs = root.path("interfaces");
        for (int i = 0; i < ifs.size(); i++) {
            JsonNode n = ifs.get(i);
            String name = n.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("CNI result interfaces[" + i + "] has no name");
            }
            interfaces.add(new Interface(name, n.path("mac").asText(""), n.path("sandbox").asText("")));
        }
        List<IpConfig> ips = new ArrayList<>();
        JsonNode ipsNode = root.path("ips");
        for (int i = 0; i < ipsNode.size(); i++) {
            JsonNode n = ipsNode.get(i);
            String field = "ips[" + i + "]";
            String cidr = n.path("address").asText("");
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("CNI result " + field + ".address '" + cidr + "' is not a CIDR");
            }
            InetAddress address = literal(cidr.substring(0, slash), field + ".address");
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CNI result " + field + ".address '" + cidr + "' has no prefix length", e);
            }
            InetAddress gateway = n.hasNonNull("gateway") ? literal(n.get("gateway").asText(), field + ".gateway") : null;
            int index = n.has("interface") ? n.get("interface").asInt(-1) : -1;
            if (index >= interfaces.size()) {
                throw new IllegalArgumentException("CNI result " + field + ".interface " + index
                        + " points past the " + interfaces.size() + " interfaces");
            }
            ips.add(new IpConfig(address, prefix, gateway, index));
        }
        List<Route> routes = new ArrayList<>();
        JsonNode routesNode = root.path("routes");
        for (int i = 0; i < routesNode.size(); i++) {
            JsonNode n = routesNode.get(i);
            String dst = n.path("dst").asText("");
            if (dst.isEmpty()) {
                throw new IllegalArgumentException("CNI result routes[" + i + "] has no dst");
            }
            routes.add(new Route(dst, n.hasNonNull("gw") ? literal(n.get("gw").asText(), "routes[" + i + "].gw") : null));
        }
        JsonNode d = root.path("dns");
        Dns dns = d.isObject()
                ? new Dns(strings(d.path("nameservers")), d.path("domain").asText(""), strings(d.path("search")),
                        strings(d.path("options")))
                : Dns.EMPTY;
        return new CniResult(root.path("cniVersion").asText(""), interfaces, ips, routes, dns, CniJson.write(root));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Parses an IP literal; never a name lookup (a literal with letters other than hex is refused). */
    static InetAddress literal(String text, String field) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("CNI result " + field + " '" + text + "' is not an IP address");
        }
        try {
            if (text.contains(":")) {
                return InetAddress.getByName(text); // IPv6 literal: parsed, not looked up
            }
            return PortMapping.ipv4(text, text);
        } catch (UnknownHostException | InvalidPortMappingException e) {
            throw new IllegalArgumentException("CNI result " + field + " '" + text + "' is not an IP address", e);
        }
    }
}
