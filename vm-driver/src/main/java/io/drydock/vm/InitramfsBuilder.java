package io.drydock.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Turns an image's flattened rootfs into a guest initramfs (cpio "newc", uncompressed so the kernel
 * spends no boot time inflating it): the rootfs as it is, plus drydock's guest init at
 * {@value #INIT_PATH}, its plan at {@value #PLAN_PATH}, and the kernel modules the plan loads under
 * {@value #MODULES_DIR}. Device nodes and sockets in the rootfs are skipped (the guest mounts devtmpfs).
 */
public final class InitramfsBuilder {
    /** Where the guest init lives in the guest; the kernel is told {@code rdinit=} this. */
    public static final String INIT_PATH = "/.drydock/init";
    /** Where the plan lives in the guest. */
    public static final String PLAN_PATH = "/.drydock/plan";
    /** Where kernel modules are placed in the guest (kept apart from the image's own /lib/modules). */
    public static final String MODULES_DIR = "/.drydock/modules";

    /** The guest init's classpath resource, compiled by the Maven build from src/main/c. */
    static final String INIT_RESOURCE = "/io/drydock/vm/drydock-guest-init";

    private long inode = 1;

    private InitramfsBuilder() {}

    /** The guest init binary from the classpath. */
    public static byte[] guestInit() throws VmException {
        try (InputStream in = InitramfsBuilder.class.getResourceAsStream(INIT_RESOURCE)) {
            if (in == null) {
                throw new VmException("build initramfs", "guest init " + INIT_RESOURCE + " is not on the classpath (build vm-driver with Maven)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VmException("build initramfs", "read guest init: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the initramfs.
     *
     * @param rootfs     the image's root filesystem on the host
     * @param plan       the guest plan; its modules must be paths under {@value #MODULES_DIR}
     * @param modulesDir the kernel's modules directory, source of {@code moduleFiles}
     * @param moduleFiles module paths relative to {@code modulesDir}
     * @param out        the file to write
     */
    public static void write(Path rootfs, GuestPlan plan, Path modulesDir, List<String> moduleFiles, Path out) throws VmException {
        if (!Files.isDirectory(rootfs)) {
            throw new VmException("build initramfs", "rootfs " + rootfs + " is not a directory");
        }
        byte[] init = guestInit();
        InitramfsBuilder b = new InitramfsBuilder();
        try (OutputStream os = Files.newOutputStream(out);
             CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(os, CpioConstants.FORMAT_NEW)) {
            try (Stream<Path> walk = Files.walk(rootfs)) {
                for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                    if (!p.equals(rootfs)) {
                        b.addHostFile(cpio, rootfs.relativize(p).toString(), p);
                    }
                }
            }
            b.addDir(cpio, ".drydock");
            b.addBytes(cpio, INIT_PATH.substring(1), init, 0100755);
            b.addBytes(cpio, PLAN_PATH.substring(1), plan.render().getBytes(StandardCharsets.UTF_8), 0100644);
            String modRoot = MODULES_DIR.substring(1);
            b.addDir(cpio, modRoot);
            java.util.Set<String> dirs = new java.util.HashSet<>();
            for (String rel : moduleFiles) {
                Path parent = Path.of(rel).getParent();
                // Parent directories first, each once: cpio has no implicit directories.
                if (parent != null) {
                    Path acc = Path.of(modRoot);
                    for (Path part : parent) {
                        acc = acc.resolve(part);
                        if (dirs.add(acc.toString())) {
                            b.addDir(cpio, acc.toString());
                        }
                    }
                }
                b.addBytes(cpio, modRoot + "/" + rel, Files.readAllBytes(modulesDir.resolve(rel)), 0100644);
            }
            cpio.finish();
        } catch (IOException e) {
            throw new VmException("build initramfs", "write " + out + " from " + rootfs + ": " + e.getMessage(), e);
        }
    }

    private void addHostFile(CpioArchiveOutputStream cpio, String name, Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        int type = mode & 0170000;
        byte[] data;
        if (type == 0120000) {
            data = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
        } else if (type == 0100000) {
            data = Files.readAllBytes(p);
        } else if (type == 0040000) {
            data = new byte[0];
        } else {
            return;
        }
        CpioArchiveEntry e = entry(name, mode, data.length);
        e.setUID(uid);
        e.setGID(gid);
        cpio.putArchiveEntry(e);
        cpio.write(data);
        cpio.closeArchiveEntry();
    }

    private void addDir(CpioArchiveOutputStream cpio, String name) throws IOException {
        cpio.putArchiveEntry(entry(name, 0040755, 0));
        cpio.closeArchiveEntry();
    }

    private void addBytes(CpioArchiveOutputStream cpio, String name, byte[] data, int mode) throws IOException {
        cpio.putArchiveEntry(entry(name, mode, data.length));
        cpio.write(data);
        cpio.closeArchiveEntry();
    }

    private CpioArchiveEntry entry(String name, int mode, long size) {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, size);
        e.setMode(mode);
        // One link and a distinct inode each: the kernel's unpacker treats nlink > 1 as hard links.
        e.setNumberOfLinks(1);
        e.setInode(inode++);
        e.setTime(0);
        return e;
    }
}
