package io.drydock.runtime.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a one-layer {@code busybox} image offline from the host's static busybox binary
 * (Debian's {@code busybox-static}): {@code /bin/busybox} with a symlink per applet, {@code /etc/passwd}
 * and {@code /etc/group} with root and nobody, empty {@code /etc/hosts}, {@code /etc/hostname} and
 * {@code /etc/resolv.conf}, the usual empty directories, {@code Cmd ["sh"]} and a standard
 * {@code PATH}. The layer is reproducible: the same binary gives the same digests.
 */
public final class BusyboxImageBuilder {

    /** Where Debian's busybox-static installs the binary. */
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");
    /** The name the image gets by default. */
    public static final ImageReference DEFAULT_NAME = ImageReference.parse("busybox:latest");
    /** The PATH the image sets. */
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final FileTime EPOCH = FileTime.fromMillis(0);
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    private static final String GROUP = "root:x:0:\nnobody:x:65534:\n";
    /** The files in /etc the engine bind-mounts over, in the tar's sorted order. */
    private static final List<String> ETC_MOUNT_POINTS = List.of("hostname", "hosts", "resolv.conf");

    private final Path busybox;

    /** Uses the binary at {@code busybox}, which must be statically linked to run in the image. */
    public BusyboxImageBuilder(Path busybox) {
        this.busybox = Objects.requireNonNull(busybox, "busybox");
    }

    /** Builds the image into {@code store} and names it {@code name}. */
    public Image build(ImageStore store, ImageReference name) throws IOException {
        if (!Files.isRegularFile(busybox)) {
            throw new ImageException("build busybox image", busybox.toString(),
                    "no such file (install busybox-static)");
        }
        Set<String> applets = applets();
        Path scratch = store.scratch("busybox");
        try {
            Path layer = scratch.resolve("layer.tar");
            writeLayer(layer, applets);
            Descriptor blob;
            try (InputStream in = Files.newInputStream(layer)) {
                blob = store.blobs().write(MediaTypes.OCI_LAYER_TAR, in);
            }
            ImageConfig config = new ImageConfig(Platform.host(), null, List.of(PATH), List.of(), List.of("sh"),
                    null, null, Set.of(), Map.of(), null, List.of(blob.digest()),
                    List.of(new HistoryEntry(null, "drydock: busybox from the host's " + busybox, null, false)));
            return store.commit(config, List.of(blob), List.of(name));
        } finally {
            Trees.delete(scratch);
        }
    }

    /** The applet names {@code busybox --list} prints. */
    Set<String> applets() throws IOException {
        Process process = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new ImageException("build busybox image", busybox + " --list", "failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("build busybox image", busybox + " --list", "interrupted", e);
        }
        Set<String> applets = new TreeSet<>();
        for (String line : output.split("\n")) {
            String applet = line.strip();
            if (!applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/")) {
                applets.add(applet);
            }
        }
        if (applets.isEmpty()) {
            throw new ImageException("build busybox image", busybox + " --list", "listed no applets");
        }
        return applets;
    }

    private void writeLayer(Path layer, Set<String> applets) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(layer));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(tar, "bin", 0755);
            TarArchiveEntry binary = entry("bin/busybox", TarArchiveEntry.LF_NORMAL, 0755);
            binary.setSize(Files.size(busybox));
            tar.putArchiveEntry(binary);
            try (InputStream in = Files.newInputStream(busybox)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
            for (String applet : applets) {
                TarArchiveEntry link = entry("bin/" + applet, TarArchiveEntry.LF_SYMLINK, 0777);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            directory(tar, "dev", 0755);
            directory(tar, "etc", 0755);
            text(tar, "etc/group", GROUP);
            // Empty mount points for the files the engine binds in: a container that finds them in
            // the image needs no copy-up of /etc to get them, so its upper directory holds only
            // its own writes (Docker's busybox images ship these too).
            for (String mountPoint : ETC_MOUNT_POINTS) {
                text(tar, "etc/" + mountPoint, "");
            }
            text(tar, "etc/passwd", PASSWD);
            directory(tar, "proc", 0555);
            directory(tar, "root", 0700);
            directory(tar, "sys", 0555);
            directory(tar, "tmp", 01777);
            directory(tar, "usr", 0755);
            directory(tar, "usr/bin", 0755);
            directory(tar, "var", 0755);
            tar.finish();
        }
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(mode);
        e.setModTime(EPOCH);
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        tar.putArchiveEntry(entry(name + "/", TarArchiveEntry.LF_DIR, mode));
        tar.closeArchiveEntry();
    }

    private static void text(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_NORMAL, 0644);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
