package io.drydock.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The disk side of a VM's copy-on-write: an image's rootfs as an ext4 filesystem ({@code mkfs.ext4 -d},
 * no loop mount) in a qcow2 base shared by every VM of that rootfs, and a per-VM qcow2 overlay backed
 * by it, whose size is the VM's disk footprint.
 */
public final class DiskImage {
    private DiskImage() {}

    /**
     * The base image for {@code rootfs} in {@code basesDir}, built if missing (keyed by the rootfs's
     * absolute path: rebuild by deleting it when the rootfs changes).
     */
    public static Path base(Path rootfs, Path basesDir) throws VmException {
        String key = key(rootfs.toAbsolutePath().toString());
        Path base = basesDir.resolve(key + ".qcow2");
        if (Files.isRegularFile(base)) {
            return base;
        }
        Path raw = basesDir.resolve(key + ".raw.tmp");
        Path tmp = basesDir.resolve(key + ".qcow2.tmp");
        try {
            Files.createDirectories(basesDir);
            Files.setPosixFilePermissions(basesDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Room for what a workload writes to its own root (a benchmark's files): the file system is
            // sparse in the qcow2 base, so free space costs next to nothing until it is written.
            long kib = Math.max(64L << 10, 2 * (usedBytes(rootfs) >> 10) + (1L << 20));
            run(List.of("mkfs.ext4", "-q", "-F", "-L", "drydock", "-d", rootfs.toString(), raw.toString(), kib + "k"));
            run(List.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), tmp.toString()));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, base);
            return base;
        } catch (IOException e) {
            throw new VmException("build base image", rootfs + " -> " + base + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(raw);
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Temporaries only; a later build overwrites them.
            }
        }
    }

    /**
     * Creates {@code image}, a raw file of {@code bytes} holding an empty ext4 file system: a VM's
     * volume, which QEMU opens without the host's page cache. Its parent directory must exist.
     */
    public static void volume(Path image, long bytes) throws VmException {
        if (bytes < (16L << 20)) {
            throw new VmException("create volume", image + ": size must be at least 16 MiB, got " + bytes + " bytes");
        }
        try {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(bytes);
            }
            run(List.of("mkfs.ext4", "-q", "-F", "-L", "drydock-vol", image.toString()));
            // QEMU may run as libvirt's user; libvirt relabels disks it is given, the mode keeps it readable meanwhile.
            Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(image);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new VmException("create volume", image + ": " + e.getMessage(), e);
        }
    }

    /** Creates a qcow2 overlay backed by {@code base}; the base is never written through it. */
    public static void overlay(Path base, Path overlay) throws VmException {
        try {
            run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), overlay.toString()));
        } catch (IOException e) {
            throw new VmException("create overlay", overlay + " on " + base + ": " + e.getMessage(), e);
        }
    }

    private static long usedBytes(Path rootfs) throws IOException {
        try (Stream<Path> walk = Files.walk(rootfs)) {
            long sum = 0;
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    sum += Files.size(p);
                }
            }
            return sum;
        }
    }

    private static String key(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(cmd.get(0) + " interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with " + p.exitValue() + ": " + out);
        }
    }
}
