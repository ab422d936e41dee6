package io.drydock.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A VM to create from an image's rootfs: the same fields a container gets, plus the guest's size.
 *
 * @param name      the domain name (drydock-prefixed by callers)
 * @param image     what the rootfs came from, recorded in the domain's metadata (e.g. "busybox")
 * @param rootfs    the image's flattened root filesystem on the host
 * @param args      the workload's argv
 * @param env       KEY=value entries
 * @param cwd       the working directory in the guest
 * @param uid       the workload's uid
 * @param gid       the workload's gid
 * @param memoryMiB guest memory
 * @param vcpus     virtual CPUs
 * @param network   the guest's address on a bridge, or null for no network
 * @param root      initramfs (default) or ext4 disk with a copy-on-write overlay
 * @param volumes   extra virtio disks, each an ext4 file system the guest mounts at a directory
 * @param kernelArgs extra words for the guest kernel's command line, e.g. {@code cgroup_no_v1=all}
 */
public record VmSpec(String name, String image, Path rootfs, List<String> args, List<String> env, String cwd, int uid,
        int gid, long memoryMiB, int vcpus, Network network, RootMode root, List<Volume> volumes, List<String> kernelArgs) {
    /** How the image reaches the guest. */
    public enum RootMode {
        /** The rootfs is the initramfs (in guest RAM; writes vanish with the VM). */
        INITRAMFS,
        /** The rootfs is an ext4 base image in qcow2, shared, under a per-VM qcow2 overlay. */
        DISK
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** One word of printable ASCII: the command line is split at spaces, and drydock's own keys stay its own. */
    private static final Pattern KERNEL_ARG = Pattern.compile("(?!drydock\\.|rdinit=|console=)[!-~]{1,256}");

    public VmSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 of [A-Za-z0-9_.-], got " + name);
        }
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rootfs, "rootfs");
        args = List.copyOf(args);
        env = List.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args: the image has no command and none was given");
        }
        if (memoryMiB <= 0) {
            throw new IllegalArgumentException("memory: must be positive, got " + memoryMiB + " MiB");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("cpus: at least 1, got " + vcpus);
        }
        Objects.requireNonNull(root, "root");
        volumes = List.copyOf(volumes);
        if (volumes.size() + (root == RootMode.DISK ? 1 : 0) > 26) {
            throw new IllegalArgumentException("volumes: at most 26 disks (vda..vdz), got " + volumes.size());
        }
        kernelArgs = List.copyOf(kernelArgs);
        for (String a : kernelArgs) {
            if (!KERNEL_ARG.matcher(a).matches()) {
                throw new IllegalArgumentException("kernelArgs: one word of printable ASCII, not drydock.*, rdinit= or console=;"
                    + " got \"" + a + "\"");
            }
        }
    }

    /** A spec without extra kernel arguments. */
    public VmSpec(String name, String image, Path rootfs, List<String> args, List<String> env, String cwd, int uid,
            int gid, long memoryMiB, int vcpus, Network network, RootMode root, List<Volume> volumes) {
        this(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, root, volumes, List.of());
    }

    /** A spec without volumes. */
    public VmSpec(String name, String image, Path rootfs, List<String> args, List<String> env, String cwd, int uid,
            int gid, long memoryMiB, int vcpus, Network network, RootMode root) {
        this(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, root, List.of());
    }

    /**
     * An extra disk: a raw image file holding an ext4 file system (made by
     * {@link DiskImage#volume(Path, long)}), mounted by the guest init at {@code guestDir}.
     *
     * @param image    the raw image file on the host
     * @param guestDir an absolute directory in the guest
     */
    public record Volume(Path image, String guestDir) {
        public Volume {
            Objects.requireNonNull(image, "volume.image");
            if (guestDir == null || !guestDir.startsWith("/") || guestDir.equals("/") || guestDir.contains("..")) {
                throw new IllegalArgumentException("volume.guestDir: an absolute directory below /, got " + guestDir);
            }
        }
    }

    /** A spec with busybox-style defaults: PATH set, cwd /, root, 256 MiB, one vCPU, no network. */
    public static VmSpec of(String name, Path rootfs, String... args) {
        return new VmSpec(name, rootfs.toString(), rootfs, List.of(args),
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), "/", 0, 0, 256, 1, null, RootMode.INITRAMFS);
    }

    /** The same spec with other limits. */
    public VmSpec withLimits(long memoryMiB, int vcpus) {
        return new VmSpec(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, root, volumes, kernelArgs);
    }

    /** The same spec on a network. */
    public VmSpec withNetwork(Network n) {
        return new VmSpec(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, n, root, volumes, kernelArgs);
    }

    /** The same spec with another root mode. */
    public VmSpec withRoot(RootMode r) {
        return new VmSpec(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, r, volumes, kernelArgs);
    }

    /** The same spec with these volumes. */
    public VmSpec withVolumes(List<Volume> v) {
        return new VmSpec(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, root, v, kernelArgs);
    }

    /** The same spec with these extra kernel command-line words. */
    public VmSpec withKernelArgs(List<String> k) {
        return new VmSpec(name, image, rootfs, args, env, cwd, uid, gid, memoryMiB, vcpus, network, root, volumes, k);
    }

    /**
     * The guest's place on a host bridge; the tap is created by libvirt and removed with the domain.
     *
     * @param bridge       the host bridge, e.g. drydock0
     * @param address      the guest's IPv4 address
     * @param prefixLength the subnet's prefix length
     * @param gateway      the default gateway, or null
     * @param tap          the tap's name (at most 15 characters)
     * @param mac          the NIC's MAC address
     */
    public record Network(String bridge, String address, int prefixLength, String gateway, String tap, String mac) {
        public Network {
            Objects.requireNonNull(bridge, "network.bridge");
            Objects.requireNonNull(address, "network.address");
            if (prefixLength < 1 || prefixLength > 32) {
                throw new IllegalArgumentException("network.prefixLength: 1-32, got " + prefixLength);
            }
            new DomainDefinition.Interface(bridge, tap, mac);
        }
    }
}
