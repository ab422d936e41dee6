package io.drydock.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Removes what a drydock that was killed left on a network: attachments whose network namespace
 * is gone (DEL with their cached result), tagged iptables rules and IPAM allocations that no
 * attachment owns, and, once nothing is attached, the bridge and portmap's shared chains.
 */
public final class NetworkPrune {

    /**
     * What a prune removed.
     *
     * @param detached             ids whose attachment was deleted
     * @param releasedAddresses    addresses released from IPAM that no attachment owned
     * @param ruleOwnersCleaned    ids whose leftover tagged iptables rules were removed
     * @param bridgeRemoved        whether the bridge was removed
     * @param portmapChainsRemoved whether portmap's shared chains were removed
     */
    public record Report(List<String> detached, List<String> releasedAddresses, List<String> ruleOwnersCleaned,
                         boolean bridgeRemoved, boolean portmapChainsRemoved) {
        public Report {
            detached = List.copyOf(detached);
            releasedAddresses = List.copyOf(releasedAddresses);
            ruleOwnersCleaned = List.copyOf(ruleOwnersCleaned);
        }
    }

    private final BridgeNetwork network;
    private final Predicate<NetworkAttachment> inUse;

    /**
     * A prune that keeps container attachments whose network namespace still exists (the same
     * namespace as at ADD), and
     * instance attachments (VMs) always: only their driver knows whether they run.
     */
    public NetworkPrune(BridgeNetwork network) {
        this(network, a -> a.kind() != NetworkAttachment.Kind.CONTAINER || a.namespaceAlive());
    }

    /** A prune that keeps exactly the attachments {@code inUse} accepts. */
    public NetworkPrune(BridgeNetwork network, Predicate<NetworkAttachment> inUse) {
        this.network = Objects.requireNonNull(network, "network");
        this.inUse = Objects.requireNonNull(inUse, "inUse");
    }

    /** Prunes; every step is tried even when one fails, the first failure thrown with the rest suppressed. */
    public Report prune() throws NetworkException {
        return network.locked(this::pruneLocked);
    }

    private Report pruneLocked() throws NetworkException {
        NetworkConfig config = network.config();
        List<String> detached = new ArrayList<>();
        List<NetworkException> failures = new ArrayList<>();
        for (NetworkAttachment a : network.attachments()) {
            if (!inUse.test(a)) {
                try {
                    network.detachLocked(a.id());
                    detached.add(a.id());
                } catch (NetworkException e) {
                    failures.add(e);
                }
            }
        }
        // Loopback entries whose container has no main attachment (killed between the two ADDs).
        Set<String> live = new HashSet<>();
        for (NetworkAttachment a : network.attachments()) {
            live.add(a.id());
        }
        for (CachedAttachment lo : network.cni().cache().list(config.loopbackConflist().name())) {
            String id = lo.runtimeConf().containerId();
            if (!live.contains(id) && !netnsExists(lo.runtimeConf().netns())) {
                try {
                    network.cni().del(lo);
                } catch (NetworkException e) {
                    failures.add(e);
                }
            }
        }
        List<String> cleaned = new ArrayList<>();
        try {
            for (String id : network.iptables().taggedIds(config.name())) {
                if (!live.contains(id)) {
                    network.iptables().removeTagged(config.name(), id);
                    cleaned.add(id);
                }
            }
        } catch (NetworkException e) {
            failures.add(e);
        }
        List<String> released = new ArrayList<>();
        try {
            released.addAll(releaseOrphanAddresses(config.ipamAllocationDir(), live));
        } catch (NetworkException e) {
            failures.add(e);
        }
        boolean bridgeRemoved = false;
        boolean chainsRemoved = false;
        if (live.isEmpty()) {
            try {
                boolean[] removed = network.removeIfUnused();
                bridgeRemoved = removed[0];
                chainsRemoved = removed[1];
            } catch (NetworkException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            NetworkException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return new Report(detached, released, cleaned, bridgeRemoved, chainsRemoved);
    }

    /**
     * host-local keeps one file per allocated address, named by the address, whose first line is
     * the owner's container id. An address whose owner is not attached was allocated by an ADD
     * that never finished; under the network lock no ADD is in flight, so it can be released.
     */
    static List<String> releaseOrphanAddresses(Path allocations, Set<String> live) throws NetworkException {
        if (!Files.isDirectory(allocations)) {
            return List.of();
        }
        List<String> released = new ArrayList<>();
        try (Stream<Path> files = Files.list(allocations)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!looksLikeAddress(name)) {
                    continue; // lock, last_reserved_ip.0
                }
                String owner;
                try {
                    owner = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!live.contains(owner)) {
                    Files.deleteIfExists(file);
                    released.add(name);
                }
            }
        } catch (IOException e) {
            throw new NetworkException("releasing orphan addresses in " + allocations + " failed: " + e.getMessage(), e);
        }
        return released;
    }

    private static boolean looksLikeAddress(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                && (name.contains(".") || name.contains(":"));
    }

    /**
     * Whether a network namespace path still names a namespace: a {@code /proc/<pid>/ns/net} link
     * of a live process, or an nsfs bind mount such as {@code /run/netns/<name>}; a plain file left
     * where a mount was does not count.
     */
    public static boolean netnsExists(String netns) {
        if (netns.equals(CniRuntimeConf.HOST_NETNS)) {
            return true;
        }
        Path path = Path.of(netns);
        if (netns.startsWith("/proc/")) {
            return Files.exists(path);
        }
        try {
            return Files.exists(path) && "nsfs".equals(Files.getFileStore(path).type());
        } catch (IOException e) {
            return false;
        }
    }
}
