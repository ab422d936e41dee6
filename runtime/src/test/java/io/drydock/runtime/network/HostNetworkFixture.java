package io.drydock.runtime.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the network integration tests share: a drydock network with random names on a free
 * subnet, network namespaces standing in for containers, echo servers inside them, clients on
 * the host and in namespaces, a view of what drydock left on the host, and a {@link #close()}
 * that removes everything made (namespaces, bridge, rules, processes) whatever the test did.
 */
final class HostNetworkFixture implements AutoCloseable {
    static final Map<String, String> ENV = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    final NetworkConfig config;
    final BridgeNetwork network;
    final ProcessRunner runner = new LocalProcessRunner(Duration.ofSeconds(30));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final String ipForwardBefore;

    HostNetworkFixture(Path stateRoot) throws IOException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        this.config = NetworkConfig.of("drydock-it-" + suffix, "drydock" + suffix, freeSubnet(), stateRoot);
        this.network = BridgeNetwork.onHost(config);
        this.ipForwardBefore = Files.readString(IP_FORWARD).strip();
    }

    static boolean isRoot() {
        try {
            return "0".equals(new LocalProcessRunner().run(List.of("id", "-u"), ENV, null).stdout().strip());
        } catch (IOException e) {
            return false;
        }
    }

    /** A /24 in 10.89.100-250.0 that no address or route on the host touches. */
    private Ipv4Subnet freeSubnet() throws IOException {
        String used = sh("ip -o addr; ip -o route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.89." + third + ".")) {
                return Ipv4Subnet.parse("10.89." + third + ".0/24");
            }
        }
        throw new IllegalStateException("no free 10.89.x.0/24 on this host");
    }

    /** A new network namespace named with drydock-it- and a random suffix; its path. */
    Path newNamespace() throws IOException {
        String name = "drydock-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        sh("ip netns add " + name + " && ip netns exec " + name + " ip link set lo up");
        namespaces.add(name);
        return Path.of("/run/netns", name);
    }

    /** Removes a namespace now (as a crashed container would lose it). */
    void deleteNamespace(Path netns) throws IOException {
        String name = netns.getFileName().toString();
        sh("ip netns del " + name);
        namespaces.remove(name);
    }

    /** Starts {@link NetnsEchoServer} in {@code netns}, answering as {@code tag}, and waits until it listens. */
    void startEchoServer(Path netns, String tag, String... ports) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes;
        try {
            classes = Path.of(NetnsEchoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.getFileName().toString(), java,
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes, NetnsEchoServer.class.getName(), tag));
        argv.addAll(List.of(ports));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(ENV);
        Process process = builder.start();
        servers.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            throw new IOException("echo server in " + netns + " did not start: " + line);
        }
    }

    /** Sends a line over TCP from the host and returns the reply line. */
    static String tcpExchange(InetAddress host, int port, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Sends a datagram from the host and returns the reply, trying a few times (UDP may drop). */
    static String udpExchange(InetAddress host, int port, String text) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(host, port)));
                DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(reply);
                    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    /** Sends a line over TCP from inside {@code netns} with bash's /dev/tcp; the reply, or "" when none came. */
    String tcpExchangeFrom(Path netns, InetAddress host, int port, String line) throws IOException {
        String script = "exec 3<>/dev/tcp/" + host.getHostAddress() + "/" + port + " || exit 7; echo " + line
                + " >&3; read -r -t 5 reply <&3; echo \"$reply\"";
        ProcessRunner.Output out = runner.run(List.of("timeout", "10", "ip", "netns", "exec",
                netns.getFileName().toString(), "bash", "-c", script), ENV, null);
        return out.succeeded() ? out.stdout().strip() : "";
    }

    /** Runs a shell command on the host; its stdout, or an exception with its stderr. */
    String sh(String command) throws IOException {
        ProcessRunner.Output out = runner.run(List.of("bash", "-c", command), ENV, null);
        if (!out.succeeded()) {
            throw new IOException(command + " failed: " + out.stderr());
        }
        return out.stdout();
    }

    /** The nat and filter rules that mention this network's name, subnet or bridge. */
    List<String> ruleLeftovers() throws IOException {
        String prefix = config.subnet().network().getHostAddress();
        String net = prefix.substring(0, prefix.lastIndexOf('.') + 1);
        return sh("iptables-save").lines()
                .filter(l -> l.contains("\"" + config.name() + "\"") || l.contains(net) || l.contains(config.bridge()))
                .toList();
    }

    /** portmap's shared chains, if present. */
    List<String> portmapChains() throws IOException {
        return sh("iptables-save -t nat").lines().filter(l -> l.startsWith(":CNI-HOSTPORT-")).toList();
    }

    /** Host links attached to the bridge (veths, taps). */
    List<String> bridgePorts() throws NetworkException {
        return network.links().bridgePorts(config.bridge());
    }

    boolean bridgeExists() {
        return network.links().exists(config.bridge());
    }

    /** Address files host-local keeps for this network (not its lock or last-reserved marker). */
    List<String> ipamAllocations() throws IOException {
        Path dir = config.ipamAllocationDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9.]+")).sorted().toList();
        }
    }

    /** Entries in the attachment cache of any network. */
    List<String> cacheEntries() throws IOException {
        Path dir = config.attachmentCacheDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (Process server : servers) {
            try {
                server.getOutputStream().close();
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                server.destroyForcibly();
                failures.add(e);
            }
        }
        try {
            for (NetworkAttachment a : network.attachments()) {
                network.detach(a.id());
            }
        } catch (NetworkException e) {
            failures.add(e);
        }
        for (String ns : List.copyOf(namespaces)) {
            try {
                sh("ip netns del " + ns);
                namespaces.remove(ns);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        try {
            new NetworkPrune(network, a -> false).prune();
        } catch (NetworkException e) {
            failures.add(e);
        }
        // Whatever prune could not: the bridge, tagged rules of any id, unused portmap chains.
        try {
            network.links().delete(config.bridge());
            for (String id : network.iptables().taggedIds(config.name())) {
                network.iptables().removeTagged(config.name(), id);
            }
            network.iptables().removeUnusedPortmapChains();
        } catch (NetworkException e) {
            failures.add(e);
        }
        try {
            if (!Files.readString(IP_FORWARD).strip().equals(ipForwardBefore)) {
                Files.writeString(IP_FORWARD, ipForwardBefore);
            }
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            IOException e = new IOException("cleaning up network " + config.name() + " failed", failures.get(0));
            failures.subList(1, failures.size()).forEach(e::addSuppressed);
            throw e;
        }
    }
}
