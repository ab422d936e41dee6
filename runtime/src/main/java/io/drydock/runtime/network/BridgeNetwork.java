package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A drydock network on this host, and what the runtime and the VM driver call to put an instance
 * on it: containers get a veth on the bridge in their network namespace, VMs an address from the
 * same pool for their own tap, and both get their {@code -p} ports mapped with DNAT by portmap.
 * Every change is made under a lock shared by all drydock processes (a file lock in the network's
 * state directory), so port clashes and prune see a consistent set of attachments, and under a
 * host-wide one ({@link #HOST_LOCK}) because portmap's chains are shared by every network: one
 * network's last detach removing them must not interleave with another's attach filling them.
 */
public final class BridgeNetwork {
    /** The interface name every drydock attachment uses inside its sandbox. */
    public static final String IFNAME = "eth0";
    private static final String LOOPBACK_IFNAME = "lo";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    /** The host-wide lock file around every network's changes (iptables' nat table is one). */
    public static final Path HOST_LOCK = Path.of("/run/lock/drydock-network.lock");
    private static final ReentrantLock HOST_JVM_LOCK = new ReentrantLock();

    private final NetworkConfig config;
    private final CniRuntime cni;
    private final HostLinks links;
    private final IptablesRules iptables;
    private final HostPortProbe ports;

    /**
     * @param config the network
     * @param cni    the CNI runtime (its cache should be {@link NetworkConfig#attachmentCacheDir()})
     * @param runner runs {@code ip} and {@code iptables}
     */
    public BridgeNetwork(NetworkConfig config, CniRuntime cni, ProcessRunner runner) {
        this.config = Objects.requireNonNull(config, "config");
        this.cni = Objects.requireNonNull(cni, "cni");
        this.links = new HostLinks(runner, Path.of("/sys/class/net"));
        this.iptables = new IptablesRules(runner);
        this.ports = new HostPortProbe();
    }

    /** The network on this host with the host's plugins ({@code /usr/lib/cni}, {@code /opt/cni/bin}). */
    public static BridgeNetwork onHost(NetworkConfig config) {
        ProcessRunner runner = new LocalProcessRunner();
        CniRuntime cni = new CniRuntime(CniRuntime.defaultPluginDirs(), runner,
                new AttachmentCache(config.attachmentCacheDir()));
        return new BridgeNetwork(config, cni, runner);
    }

    /** The network's configuration. */
    public NetworkConfig config() {
        return config;
    }

    /**
     * Attaches a container: brings up {@code lo} in its namespace, gives it {@code eth0} on the
     * bridge with an address from the pool, and maps its ports. Host ports are checked free (or
     * chosen) before anything is made.
     *
     * @param containerId the container id (CNI_CONTAINERID)
     * @param netns       the container's network namespace, e.g. {@code /proc/<pid>/ns/net}
     * @param mappings    the {@code -p} mappings; a host port of 0 is chosen and reported back
     * @return the attachment, with its address and the host ports used
     * @throws PortUnavailableException naming the port when a host port is taken
     * @throws NetworkException         when the container is already attached or a plugin fails
     *                                  (after what was made has been removed again)
     */
    public NetworkAttachment attachContainer(String containerId, Path netns, List<PortMapping> mappings)
            throws NetworkException {
        return locked(() -> {
            requireNotAttached(containerId);
            List<PortMapping> resolved = reservePorts(containerId, mappings);
            requireSubnetFree();
            config.write();
            CniRuntimeConf lo = new CniRuntimeConf(containerId, netns.toString(), LOOPBACK_IFNAME, List.of());
            cni.add(config.loopbackConflist(), lo);
            try {
                CniRuntimeConf rt = new CniRuntimeConf(containerId, netns.toString(), IFNAME, resolved);
                cni.add(config.containerConflist(), rt);
                return attachment(containerId).orElseThrow();
            } catch (NetworkException | RuntimeException e) {
                try {
                    cni.del(config.loopbackConflist(), lo);
                } catch (NetworkException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }

    /**
     * Gives an instance that brings its own interface (a VM's tap, which its driver puts on
     * {@link NetworkConfig#bridge()}) an address from the same pool as containers, and maps its
     * ports to that address. Makes the bridge first if no container has yet.
     *
     * @return the attachment: the address and gateway to configure in the guest, the host ports
     */
    public NetworkAttachment attachInstance(String instanceId, List<PortMapping> mappings) throws NetworkException {
        return locked(() -> {
            requireNotAttached(instanceId);
            List<PortMapping> resolved = reservePorts(instanceId, mappings);
            requireSubnetFree();
            config.write();
            links.ensureBridge(config);
            cni.add(config.instanceConflist(), new CniRuntimeConf(instanceId, CniRuntimeConf.HOST_NETNS, IFNAME, resolved));
            return attachment(instanceId).orElseThrow();
        });
    }

    /**
     * Maps ports to an address drydock did not hand out (any instance address the host routes to),
     * with portmap alone; {@link #detach} removes the mappings.
     */
    public NetworkAttachment mapPorts(String instanceId, Inet4Address address, List<PortMapping> mappings)
            throws NetworkException {
        return locked(() -> {
            requireNotAttached(instanceId);
            List<PortMapping> resolved = reservePorts(instanceId, mappings);
            int prefix = config.subnet().contains(address) ? config.subnet().prefixLength() : 32;
            String json = "{\"cniVersion\":\"" + NetworkConfig.CNI_VERSION + "\",\"ips\":[{\"address\":\""
                    + address.getHostAddress() + "/" + prefix + "\"}]}";
            cni.add(config.portMapOnlyConflist(),
                    new CniRuntimeConf(instanceId, CniRuntimeConf.HOST_NETNS, IFNAME, resolved), CniResult.parse(json));
            return attachment(instanceId).orElseThrow();
        });
    }

    /**
     * CHECK: asks the plugins whether the attachment is still as ADD left it.
     *
     * @throws NetworkException naming what a plugin found wrong, or when {@code id} is not attached
     */
    public void check(String id) throws NetworkException {
        CachedAttachment cached = cni.cache().load(config.name(), id, IFNAME)
                .orElseThrow(() -> new NetworkException(id + " is not attached to network " + config.name()));
        CniConfigList list = cached.config();
        // portmap 1.1.1's CHECK looks for its chain in ip6tables too, also for an IPv4-only
        // attachment, and so always fails; drydock checks portmap's tagged DNAT rule itself.
        List<JsonNode> checkable = list.plugins().stream()
                .filter(p -> !p.path("type").asText().equals("portmap")).toList();
        if (!checkable.isEmpty()) {
            cni.check(new CniConfigList(list.cniVersion(), list.name(), list.disableCheck(), checkable),
                    cached.runtimeConf());
        }
        if (!cached.runtimeConf().portMappings().isEmpty() && !iptables.taggedIds(config.name()).contains(id)) {
            throw new NetworkException("the DNAT rules of " + id + " on network " + config.name()
                    + " are missing from the nat table");
        }
    }

    /**
     * Detaches: DEL in reverse order with the cached ADD result (releasing the address, the veth
     * and the DNAT rules), then removes any rule a plugin could not (the bridge plugin's masquerade
     * rule when the namespace is already gone). Doing it twice, or for an id never attached, is
     * not an error.
     */
    public void detach(String id) throws NetworkException {
        locked(() -> {
            detachLocked(id);
            removeIfUnused();
            return null;
        });
    }

    /** The attachment of {@code id}, if it is attached. */
    public Optional<NetworkAttachment> attachment(String id) throws NetworkException {
        Optional<CachedAttachment> cached = cni.cache().load(config.name(), id, IFNAME);
        return cached.isPresent() ? Optional.of(NetworkAttachment.from(cached.get())) : Optional.empty();
    }

    /** Every attachment recorded for this network. */
    public List<NetworkAttachment> attachments() throws NetworkException {
        List<NetworkAttachment> all = new ArrayList<>();
        for (CachedAttachment a : cni.cache().list(config.name())) {
            if (a.runtimeConf().ifName().equals(IFNAME)) {
                all.add(NetworkAttachment.from(a));
            }
        }
        return all;
    }

    void detachLocked(String id) throws NetworkException {
        NetworkException failure = null;
        Optional<CachedAttachment> main = cni.cache().load(config.name(), id, IFNAME);
        if (main.isPresent()) {
            try {
                cni.del(main.get());
            } catch (NetworkException e) {
                failure = e;
            }
        }
        try {
            iptables.removeTagged(config.name(), id);
        } catch (NetworkException e) {
            failure = chain(failure, e);
        }
        Optional<CachedAttachment> lo = cni.cache().load(config.loopbackConflist().name(), id, LOOPBACK_IFNAME);
        if (lo.isPresent()) {
            try {
                cni.del(lo.get());
            } catch (NetworkException e) {
                failure = chain(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Once nothing is attached, the bridge and portmap's shared chains go too, so that a host with
     * no drydock container or VM carries no drydock link or rule.
     *
     * @return {bridge removed, chains removed}
     */
    boolean[] removeIfUnused() throws NetworkException {
        boolean bridgeRemoved = false;
        boolean chainsRemoved = false;
        if (attachments().isEmpty()) {
            if (links.exists(config.bridge()) && links.bridgePorts(config.bridge()).isEmpty()) {
                links.delete(config.bridge());
                bridgeRemoved = true;
            }
            chainsRemoved = iptables.removeUnusedPortmapChains();
        }
        return new boolean[] {bridgeRemoved, chainsRemoved};
    }

    CniRuntime cni() {
        return cni;
    }

    HostLinks links() {
        return links;
    }

    IptablesRules iptables() {
        return iptables;
    }

    private void requireNotAttached(String id) throws NetworkException {
        if (cni.cache().load(config.name(), id, IFNAME).isPresent()) {
            throw new NetworkException(id + " is already attached to network " + config.name());
        }
    }

    /**
     * Before the bridge is made, refuses a subnet that the host already routes elsewhere: the
     * bridge's route would shadow that network, or be shadowed by it.
     */
    private void requireSubnetFree() throws NetworkException {
        if (links.exists(config.bridge())) {
            return;
        }
        List<String> clashes = links.overlapping(config.subnet(), config.bridge());
        if (!clashes.isEmpty()) {
            throw new NetworkException("subnet " + config.subnet() + " of network " + config.name()
                    + " overlaps what the host already uses: " + String.join("; ", clashes)
                    + "; choose another subnet");
        }
    }

    /** Refuses ports another attachment maps (DNAT binds nothing, so probing cannot see them), then probes. */
    private List<PortMapping> reservePorts(String id, List<PortMapping> mappings) throws NetworkException {
        List<PortMapping> taken = new ArrayList<>();
        for (NetworkAttachment other : attachments()) {
            taken.addAll(other.portMappings());
        }
        List<PortMapping> resolved = new ArrayList<>();
        for (PortMapping mapping : mappings) {
            for (PortMapping t : taken) {
                if (t.clashesWith(mapping)) {
                    throw new PortUnavailableException(mapping, "it is mapped already (" + t + ") on network "
                            + config.name(), null);
                }
            }
            PortMapping ready = ports.reserve(mapping);
            for (PortMapping t : resolved) {
                if (t.clashesWith(ready)) {
                    throw new PortUnavailableException(mapping, "it is mapped twice for " + id, null);
                }
            }
            resolved.add(ready);
            taken.add(ready);
        }
        return resolved;
    }

    private static NetworkException chain(NetworkException first, NetworkException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Work done while holding the network's lock. */
    interface LockedWork<T> {
        T run() throws NetworkException;
    }

    <T> T locked(LockedWork<T> work) throws NetworkException {
        Path dir = config.stateDir();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(dir);
            // The JVM lock keeps threads apart (a FileLock is per process); the file lock, processes.
            // Always the network's lock first, then the host's: one order, no deadlock.
            try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                HOST_JVM_LOCK.lock();
                Files.createDirectories(HOST_LOCK.getParent());
                try (FileChannel host = FileChannel.open(HOST_LOCK, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock hostLock = host.lock()) {
                    return work.run();
                } finally {
                    HOST_JVM_LOCK.unlock();
                }
            }
        } catch (IOException e) {
            throw new NetworkException("locking network " + config.name() + " in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }
}
