package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A drydock network: one Linux bridge with a gateway address, an IPv4 subnet handed out by
 * {@code host-local}, masquerading for outbound traffic, and DNAT port mapping by {@code portmap}.
 * All of its state (IPAM allocations, attachment cache, the written conflists) lives under
 * {@link #stateDir()}, inside the drydock state root given at construction.
 *
 * @param name      the CNI network name
 * @param bridge    the bridge interface name (at most 15 characters)
 * @param subnet    the subnet instances get addresses from
 * @param gateway   the bridge's address, inside the subnet
 * @param stateRoot drydock's state root; this network keeps its files in {@code networks/<name>} below it
 */
public record NetworkConfig(String name, String bridge, Ipv4Subnet subnet, Inet4Address gateway, Path stateRoot) {

    /** The CNI spec version drydock writes; Debian's plugins 1.1.1 support it. */
    public static final String CNI_VERSION = "1.0.0";
    /** The default network's name. */
    public static final String DEFAULT_NAME = "drydock";
    /** The default bridge. */
    public static final String DEFAULT_BRIDGE = "drydock0";
    /** The default subnet: a private /24 that common tools (Docker, libvirt, podman's default) do not take. */
    public static final Ipv4Subnet DEFAULT_SUBNET = Ipv4Subnet.parse("10.89.0.0/24");

    public NetworkConfig {
        if (name == null || !CniConfigList.NAME.matcher(name).matches() || name.length() > 64) {
            throw new IllegalArgumentException("network name '" + name
                    + "' must be 1-64 letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        if (bridge == null || bridge.isEmpty() || bridge.length() > 15
                || !bridge.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("bridge name '" + bridge
                    + "' must be 1-15 letters, digits, '-', '_', '.'");
        }
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        if (!subnet.isUsableHost(gateway)) {
            throw new IllegalArgumentException("gateway " + gateway.getHostAddress() + " is not a host address of subnet " + subnet);
        }
        Objects.requireNonNull(stateRoot, "stateRoot");
    }

    /** The default network {@code drydock} on bridge {@code drydock0}, 10.89.0.0/24, gateway 10.89.0.1. */
    public static NetworkConfig defaults(Path stateRoot) {
        return of(DEFAULT_NAME, DEFAULT_BRIDGE, DEFAULT_SUBNET, stateRoot);
    }

    /** A network whose gateway is the subnet's first host address. */
    public static NetworkConfig of(String name, String bridge, Ipv4Subnet subnet, Path stateRoot) {
        return new NetworkConfig(name, bridge, subnet, subnet.host(1), stateRoot);
    }

    /** {@code <stateRoot>/networks/<name>}: everything this network keeps on disk. */
    public Path stateDir() {
        return stateRoot.resolve("networks").resolve(name);
    }

    /** host-local's {@code dataDir}; it keeps one file per allocated address in {@code <dataDir>/<name>}. */
    public Path ipamDataDir() {
        return stateDir().resolve("ipam");
    }

    /** The directory of host-local's allocation files for this network. */
    public Path ipamAllocationDir() {
        return ipamDataDir().resolve(name);
    }

    /** Where results of ADD are cached, one file per attachment. */
    public Path attachmentCacheDir() {
        return stateDir().resolve("attachments");
    }

    /** The written conflist for containers. */
    public Path conflistFile() {
        return stateDir().resolve(name + ".conflist");
    }

    /**
     * The list containers are attached with: {@code bridge} (gateway on the bridge, masquerade,
     * hairpin so an instance reaches itself through its own mapped port) with {@code host-local}
     * IPAM, then {@code portmap}, whose {@code snat} makes a mapping reachable from 127.0.0.1
     * (it sets {@code route_localnet} on the bridge and masquerades traffic from localhost).
     */
    public CniConfigList containerConflist() {
        ObjectNode bridgePlugin = CniJson.MAPPER.createObjectNode();
        bridgePlugin.put("type", "bridge");
        bridgePlugin.put("bridge", bridge);
        bridgePlugin.put("isGateway", true);
        bridgePlugin.put("ipMasq", true);
        bridgePlugin.put("hairpinMode", true);
        bridgePlugin.set("ipam", ipam());
        return new CniConfigList(CNI_VERSION, name, false, List.of(bridgePlugin, portmapPlugin()));
    }

    /**
     * The list for an instance whose interface is not made by CNI, such as a VM's tap on the
     * bridge: {@code host-local} run as the first plugin (it reads the same {@code ipam} section,
     * so addresses come from the same pool), then {@code portmap} with its result as prevResult.
     */
    public CniConfigList instanceConflist() {
        ObjectNode ipamPlugin = CniJson.MAPPER.createObjectNode();
        ipamPlugin.put("type", "host-local");
        ipamPlugin.set("ipam", ipam());
        return new CniConfigList(CNI_VERSION, name, false, List.of(ipamPlugin, portmapPlugin()));
    }

    /**
     * The list for port mappings to an address that is already known: {@code portmap} alone, run
     * with a prevResult that carries the address.
     */
    public CniConfigList portMapOnlyConflist() {
        return new CniConfigList(CNI_VERSION, name, false, List.of(portmapPlugin()));
    }

    /** The list that brings up {@code lo} in a new network namespace. */
    public CniConfigList loopbackConflist() {
        ObjectNode lo = CniJson.MAPPER.createObjectNode();
        lo.put("type", "loopback");
        return new CniConfigList(CNI_VERSION, name + "-loopback", false, List.of(lo));
    }

    /** Writes the container and loopback conflists into {@link #stateDir()}, for people and other CNI tools. */
    public void write() throws NetworkException {
        Path dir = stateDir();
        try {
            Files.createDirectories(dir);
            Files.writeString(conflistFile(), containerConflist().toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(name + "-loopback.conflist"), loopbackConflist().toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NetworkException("writing the conflists of network " + name + " into " + dir + " failed: "
                    + e.getMessage(), e);
        }
    }

    private JsonNode ipam() {
        ObjectNode ipam = CniJson.MAPPER.createObjectNode();
        ipam.put("type", "host-local");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", subnet.toString());
        range.put("gateway", gateway.getHostAddress());
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDataDir().toString());
        return ipam;
    }

    private static ObjectNode portmapPlugin() {
        ObjectNode portmap = CniJson.MAPPER.createObjectNode();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);
        return portmap;
    }
}
