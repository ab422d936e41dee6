package io.drydock.runtime.network;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * An instance attached to a drydock network: its address on the bridge, the gateway, and its
 * port mappings with the host ports actually used (chosen ones filled in).
 *
 * @param id           the container or instance id
 * @param kind         whether CNI made the interface in a network namespace, or the instance
 *                     brings its own (a VM's tap)
 * @param netns        the network namespace path ({@link CniRuntimeConf#HOST_NETNS} for instances)
 * @param ifName       the interface name in the namespace, {@code eth0}
 * @param address      the instance's address
 * @param prefixLength the subnet's prefix length
 * @param gateway      the gateway (the bridge's address); null when the address came from elsewhere
 * @param portMappings the mappings in force, all with host ports
 * @param result       the CNI result of the ADD
 * @param netnsInode   the inode of the network namespace at ADD time, 0 when unknown
 */
public record NetworkAttachment(String id, Kind kind, String netns, String ifName, Inet4Address address,
                                int prefixLength, Inet4Address gateway, List<PortMapping> portMappings,
                                CniResult result, long netnsInode) {

    /** Who made the instance's interface. */
    public enum Kind {
        /** CNI's bridge plugin made a veth pair into the container's network namespace. */
        CONTAINER,
        /** The address came from drydock's IPAM and the instance (a VM) brings its own interface. */
        INSTANCE,
        /** Only ports were mapped, to an address drydock did not hand out. */
        PORTS_ONLY
    }

    public NetworkAttachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(address, "address");
        portMappings = List.copyOf(portMappings);
        Objects.requireNonNull(result, "result");
    }

    /**
     * Whether the attachment's network namespace still exists: its path names a namespace, and
     * the same one as at ADD (a {@code /proc/<pid>/ns/net} path names another once the pid is reused).
     */
    public boolean namespaceAlive() {
        return NetworkPrune.netnsExists(netns)
                && (netnsInode == 0 || CniRuntime.netnsInode(netns) == netnsInode);
    }

    /** {@code 10.89.0.2/24}. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** The mapping for {@code containerPort} and protocol, to learn a chosen host port. */
    public PortMapping mappingFor(int containerPort, PortMapping.Protocol protocol) {
        return portMappings.stream()
                .filter(p -> p.containerPort() == containerPort && p.protocol() == protocol)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("attachment " + id + " maps no "
                        + protocol.cniName() + " port " + containerPort));
    }

    static NetworkAttachment from(CachedAttachment cached) throws NetworkException {
        CniRuntimeConf rt = cached.runtimeConf();
        CniResult.IpConfig ip = cached.result().firstIpv4().orElseThrow(() -> new NetworkException(
                "CNI result for " + rt.containerId() + " on network " + cached.network() + " has no IPv4 address"));
        String first = cached.config().pluginTypes().get(0);
        Kind kind = switch (first) {
            case "bridge" -> Kind.CONTAINER;
            case "host-local" -> Kind.INSTANCE;
            default -> Kind.PORTS_ONLY;
        };
        return new NetworkAttachment(rt.containerId(), kind, rt.netns(), rt.ifName(), (Inet4Address) ip.address(),
                ip.prefixLength(), ip.gateway() instanceof Inet4Address g ? g : null, rt.portMappings(), cached.result(),
                cached.netnsInode());
    }
}
