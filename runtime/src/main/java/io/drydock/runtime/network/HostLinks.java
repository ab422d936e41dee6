package io.drydock.runtime.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host's links as drydock needs them: whether a link exists, a bridge's ports (from sysfs),
 * and making or removing drydock's bridge with {@code ip}.
 */
final class HostLinks {
    private final ProcessRunner runner;
    private final Path sysClassNet;

    HostLinks(ProcessRunner runner, Path sysClassNet) {
        this.runner = runner;
        this.sysClassNet = sysClassNet;
    }

    boolean exists(String link) {
        return Files.exists(sysClassNet.resolve(link));
    }

    /** The interfaces enslaved to {@code bridge}; empty when it has none or does not exist. */
    List<String> bridgePorts(String bridge) throws NetworkException {
        Path brif = sysClassNet.resolve(bridge).resolve("brif");
        if (!Files.isDirectory(brif)) {
            return List.of();
        }
        try (Stream<Path> ports = Files.list(brif)) {
            return ports.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new NetworkException("listing ports of bridge " + bridge + " in " + brif + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure {@code bridge} exists, is up and holds the gateway address, as the {@code bridge}
     * plugin would leave it; for instances (VM taps) attached before any container made it. Also
     * turns on IPv4 forwarding, which the plugin does for a gateway bridge.
     */
    void ensureBridge(NetworkConfig config) throws NetworkException {
        String bridge = config.bridge();
        if (!exists(bridge)) {
            ip("link", "add", "name", bridge, "type", "bridge");
        }
        ip("addr", "replace", config.gateway().getHostAddress() + "/" + config.subnet().prefixLength(), "dev", bridge);
        ip("link", "set", bridge, "up");
        Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
        try {
            Files.writeString(forward, "1");
        } catch (IOException e) {
            throw new NetworkException("enabling IPv4 forwarding in " + forward + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The host's IPv4 routes and addresses, on devices other than {@code bridge}, whose networks
     * overlap {@code subnet}: a bridge on such a subnet would shadow them or be shadowed.
     */
    List<String> overlapping(Ipv4Subnet subnet, String bridge) throws NetworkException {
        List<String> found = new ArrayList<>();
        for (String line : ip("-4", "-o", "route", "show").lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String dev = after(words, "dev");
            if (words.length == 0 || words[0].equals("default") || bridge.equals(dev)) {
                continue;
            }
            if (overlaps(words[0], subnet)) {
                found.add("route " + line.strip());
            }
        }
        for (String line : ip("-4", "-o", "addr", "show").lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String inet = after(words, "inet");
            if (words.length < 2 || inet == null || words[1].equals(bridge)) {
                continue;
            }
            if (overlaps(inet, subnet)) {
                found.add("address " + inet + " on " + words[1]);
            }
        }
        return found;
    }

    /** Whether {@code a.b.c.d[/n]} (a /32 without a prefix) shares an address with {@code subnet}; false when it is no CIDR. */
    static boolean overlaps(String cidr, Ipv4Subnet subnet) {
        String[] parts = cidr.split("/", 2);
        try {
            int address = Ipv4Subnet.toInt(PortMapping.ipv4(cidr, parts[0]));
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            if (prefix < 0 || prefix > 32) {
                return false;
            }
            int shorter = Math.min(prefix, subnet.prefixLength());
            int mask = shorter == 0 ? 0 : -1 << (32 - shorter);
            return (address & mask) == (Ipv4Subnet.toInt(subnet.network()) & mask);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String after(String[] words, String key) {
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals(key)) {
                return words[i + 1];
            }
        }
        return null;
    }

    /** Removes a link; nothing happens when it is already gone. */
    void delete(String link) throws NetworkException {
        if (exists(link)) {
            ip("link", "del", link);
        }
    }

    private String ip(String... args) throws NetworkException {
        List<String> argv = Stream.concat(Stream.of("ip"), Stream.of(args)).toList();
        try {
            ProcessRunner.Output out = runner.run(argv, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null);
            if (!out.succeeded()) {
                throw new NetworkException(String.join(" ", argv) + " failed with status " + out.exitCode() + ": "
                        + out.stderr().strip());
            }
            return out.stdout();
        } catch (IOException e) {
            throw new NetworkException(String.join(" ", argv) + " could not be run: " + e.getMessage(), e);
        }
    }
}
