package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk: the image store or the state root on a small tmpfs filled to the last byte. Making
 * an image (writing its blobs and unpacking its layer) and creating a container then fail with an
 * error that says the disk is full, leave no half-written blob that a later read would accept
 * (every blob's digest is checked) and no half-made container; once space is freed the same
 * command succeeds. Each tmpfs is this test's own and is unmounted at the end.
 */
class FullDiskIT {
    private static final Syscalls SYS = new LinuxSyscalls();

    private Path dir;
    private Path images;
    private Path state;

    @BeforeEach
    void mountSmallDisks() throws Exception {
        assumeTrue("0".equals(HostInventory.run("id", "-u").strip()), "needs root: mounts tmpfs, overlays, namespaces");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        dir = Files.createTempDirectory("drydock-fulldisk-");
        images = dir.resolve("images");
        state = dir.resolve("state");
        Files.createDirectories(images);
        Files.createDirectories(state);
        SYS.mount("tmpfs", images.toString(), "tmpfs", 0, "size=64m,mode=0755");
        SYS.mount("tmpfs", state.toString(), "tmpfs", 0, "size=8m,mode=0755");
    }

    @AfterEach
    void unmount() throws Exception {
        if (dir == null) {
            return;
        }
        // Any overlay a failure left above the tmpfs goes first (none should: asserted in the tests).
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo")).reversed()) {
            String point = line.split(" ")[4];
            if (point.startsWith(dir.toString() + "/")) {
                SYS.umount2(point, 2 /* MNT_DETACH */);
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    /** Filled to the byte, or with a little room left so that the failure comes later, mid-blob or mid-unpack. */
    @ParameterizedTest(name = "{0} KiB left")
    @ValueSource(ints = {0, 16, 256, 1024})
    void makingAnImage_onAFullImageStore_failsClearly_keepsNoBadBlob_andSucceedsOnceFreed(int kibLeft) throws Exception {
        try (Engine engine = open()) {
            Path filler = fill(images, kibLeft);
            assertThatThrownBy(() -> engine.image("busybox", line -> { }))
                .isInstanceOf(IOException.class)
                .satisfies(e -> SoakHost.figures("full image store (" + kibLeft + " KiB left), making busybox: "
                    + UserErrors.describe((Exception) e)))
                .satisfies(e -> assertThat(describe(e)).containsIgnoringCase("no space left"));
            assertNoBadBlob(engine.images());
            assertThat(engine.images().list()).isEmpty();

            Files.delete(filler);
            Image busybox = engine.image("busybox", line -> { });
            assertNoBadBlob(engine.images());
            assertThat(run(engine)).isZero();
            assertThat(busybox.manifestDigest()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} KiB left")
    @ValueSource(ints = {0, 8, 16})
    void runningAContainer_onAFullStateRoot_failsClearly_leavesNoContainer_andSucceedsOnceFreed(int kibLeft) throws Exception {
        try (Engine engine = open()) {
            engine.image("busybox", line -> { });
            Path filler = fill(state, kibLeft);
            assertThatThrownBy(() -> run(engine))
                .satisfies(e -> SoakHost.figures("full state root (" + kibLeft + " KiB left), drydock run: "
                    + UserErrors.describe((Exception) e)))
                .satisfies(e -> assertThat(e.getMessage()).contains("No space left on device").contains(state + " is full"));
            assertThat(engine.list(true)).isEmpty();
            assertThat(engine.images().snapshots().list()).isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(state.resolve("rootfs").toString());
            if (Files.isDirectory(state.resolve("bundles"))) {
                try (Stream<Path> bundles = Files.list(state.resolve("bundles"))) {
                    assertThat(bundles.toList()).isEmpty();
                }
            }

            Files.delete(filler);
            assertThat(run(engine)).isZero();
            assertThat(engine.list(true)).isEmpty();
        }
    }

    /**
     * A Containerfile build whose RUN writes more than the image store has left: {@code drydock
     * build} fails saying the disk is full, records no layer and no image (the store holds what it
     * held before, every blob's digest checks, no snapshot or mount is left); once space is freed
     * the same build succeeds.
     */
    @ParameterizedTest(name = "{0} KiB left, base image unpacked before: {1}")
    @CsvSource({"0, true", "1024, true", "0, false"})
    void buildingAnImage_whoseRunOverflowsTheImageStore_failsClearly_recordsNothing_andSucceedsOnceFreed(int kibLeft,
            boolean unpackedBefore) throws Exception {
        assumeTrue(Files.isExecutable(SoakHost.DRYDOCK), "the distribution is built by `package` before integration tests");
        Path context = Files.createDirectories(dir.resolve("context"));
        // Random bytes: a layer of them cannot compress into the space left either.
        Files.writeString(context.resolve("Containerfile"), "FROM busybox\nRUN head -c 3145728 /dev/urandom > /big\n");
        List<String> build = List.of(SoakHost.DRYDOCK.toString(), "build", "-t", "fulldisk-build:1", context.toString());
        List<Image> imagesBefore;
        try (Engine engine = open()) {
            // Unpacked now, what overflows is the RUN's writes; else the base image's layer, unpacked by the build.
            Image busybox = engine.image("busybox", line -> { });
            if (unpackedBefore) {
                engine.images().unpack(busybox);
            }
            imagesBefore = engine.images().list();
        }
        List<String> blobsBefore = blobNames();
        Path filler = fill(images, kibLeft);

        SoakHost.Result failed = exec(build);
        SoakHost.figures("full image store (" + kibLeft + " KiB left, base " + (unpackedBefore ? "unpacked" : "packed")
            + "), drydock build with a 3 MiB RUN: exit " + failed.code() + ": " + failed.err().strip().replace('\n', ' '));
        assertThat(failed.code()).as(failed.out()).isEqualTo(1);
        // The store's root, or (a base layer that did not fit) the directory in it the layer was unpacked into.
        assertThat(failed.err()).containsIgnoringCase("no space left on device").containsPattern(
            java.util.regex.Pattern.quote(images.toString()) + "\\S* is full");
        try (Engine engine = open()) {
            assertThat(engine.images().list()).as("no image recorded").hasSameSizeAs(imagesBefore);
            assertNoBadBlob(engine.images());
            assertThat(blobNames()).as("no layer or config recorded").isEqualTo(blobsBefore);
            assertThat(engine.images().snapshots().list()).as("no build snapshot left").isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(images + "/");

        Files.delete(filler);
        SoakHost.Result retried = exec(build);
        assertThat(retried.code()).as(retried.err()).isZero();
        try (Engine engine = open()) {
            assertThat(engine.images().list()).hasSize(imagesBefore.size() + 1);
            assertNoBadBlob(engine.images());
        }
    }

    private SoakHost.Result exec(List<String> command) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(java.util.Map.of("DRYDOCK_ROOT", images.toString(), "DRYDOCK_STATE_ROOT", state.toString()));
        Process p = pb.start();
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        try {
            return new SoakHost.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Every file under the image store's blob directory, by its path there. */
    private List<String> blobNames() throws IOException {
        Path blobs = images.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(blobs)) {
            return walk.filter(Files::isRegularFile).map(p -> blobs.relativize(p).toString()).sorted().toList();
        }
    }

    private Engine open() throws Exception {
        // Containers here run with --network none: the network's state would share the full disk
        // and this test is about the store and the runtime's state.
        return Engine.open(new Engine.Config(images, state, NetworkConfig.of("drydock-fulldisk", "dkfull0",
            io.drydock.runtime.network.Ipv4Subnet.parse("10.94.0.0/24"), state)));
    }

    private static int run(Engine engine) throws Exception {
        int devNull = SYS.open("/dev/null", Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
        try {
            return engine.runForeground(RunOptions.of("busybox", List.of("true")).removedOnExit()
                .networked(NetworkMode.NONE, List.of()), Stdio.of(devNull, devNull, devNull), null);
        } finally {
            SYS.close(devNull);
        }
    }

    /** Writes a file until the filesystem is full, then gives back {@code kibLeft}; returns it (deleting it frees the space). */
    private static Path fill(Path mount, int kibLeft) throws IOException {
        Path filler = mount.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // The last partial block: fill byte by byte until not even one fits.
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // full to the byte
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(filler.toFile(), "rw")) {
            f.setLength(Math.max(0, f.length() - kibLeft * 1024L));
        }
        return filler;
    }

    /** Every blob in the store reads back with the digest it is named by. */
    private static void assertNoBadBlob(ImageStore store) throws IOException {
        List<Digest> corrupt = store.blobs().verifyAll();
        assertThat(corrupt).as("blobs whose bytes do not match their digest").isEmpty();
    }

    /** The message and its causes': the clear error may wrap the kernel's words. */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
