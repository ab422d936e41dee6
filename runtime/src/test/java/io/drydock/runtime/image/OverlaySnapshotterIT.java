package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlayfs mounts over layers unpacked by the real unpacker (root, kernel overlayfs). */
class OverlaySnapshotterIT {
    @TempDir
    Path root;
    ImageStore store;

    @BeforeEach
    void open() throws Exception {
        assumeThat(System.getProperty("user.name")).as("overlay mounts need root").isEqualTo("root");
        assumeThat(Files.readString(Path.of("/proc/filesystems"))).as("kernel has overlayfs").contains("overlay");
        store = new ImageStore(root, LayerUnpacker.forHost(), new CommandOverlayMounter());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (store == null) {
            return;
        }
        IOException failure = null;
        for (Snapshot s : store.snapshots().list()) {
            try {
                if (store.snapshots().isMounted(s.key())) {
                    store.snapshots().unmount(s.key());
                }
                store.snapshots().remove(s.key());
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Snapshot mounted(Image image, String key) throws IOException {
        store.prepareRootfs(image, key);
        return store.snapshots().mount(key);
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writeInContainer_leavesTheLayerUnchangedAndLandsInTheUpperDirOnly() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().dir("etc", 0755).file("etc/config", "orig")
                .file("etc/other", "same").file("big", "x".repeat(10_000)).tar());
        Snapshot s = mounted(image, "drydock-it-write");
        Path layer = store.layers().directory(image.config().diffIds().get(0));

        Files.writeString(s.rootfs().resolve("etc/config"), "changed");
        Files.writeString(s.rootfs().resolve("new"), "n");

        assertThat(s.rootfs().resolve("etc/config")).hasContent("changed");
        assertThat(layer.resolve("etc/config")).hasContent("orig");
        assertThat(layer.resolve("new")).doesNotExist();
        assertThat(tree(s.upper())).containsExactly("etc", "etc/config", "new");
        assertThat(store.snapshots().upperSize("drydock-it-write")).isEqualTo("changed".length() + 1);
    }

    @Test
    void snapshotOfTheDirectoryLayout_mountsAndTakesWritesInItsOwnUpper() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().file("a", "1").tar());
        store.unpack(image);
        // A snapshot as stores made before the flat layout hold it: one directory per container.
        Path dir = Files.createDirectories(root.resolve("snapshots/old1"));
        for (String d : List.of("upper", "work", "rootfs")) {
            Files.createDirectory(dir.resolve(d));
        }
        Files.writeString(dir.resolve("snapshot.json"),
                "{\"version\":1,\"layers\":[\"" + image.config().diffIds().get(0) + "\"]}");

        Snapshot s = store.snapshots().mount("old1");
        assertThat(store.snapshots().isMounted("old1")).isTrue();
        Files.writeString(s.rootfs().resolve("new"), "n");
        assertThat(s.rootfs().resolve("a")).hasContent("1");
        assertThat(dir.resolve("upper/new")).hasContent("n");
        store.snapshots().unmount("old1");
        store.snapshots().remove("old1");

        assertThat(dir).doesNotExist();
    }

    @Test
    void deleteInOneContainer_hidesTheFileThereOnly() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().file("a", "1").file("b", "2").tar());
        Snapshot one = mounted(image, "drydock-it-del1");
        Snapshot two = mounted(image, "drydock-it-del2");

        Files.delete(one.rootfs().resolve("a"));

        assertThat(one.rootfs().resolve("a")).doesNotExist();
        assertThat(two.rootfs().resolve("a")).hasContent("1");
        assertThat(store.layers().directory(image.config().diffIds().get(0)).resolve("a")).hasContent("1");
        BasicFileAttributes whiteout = Files.readAttributes(one.upper().resolve("a"), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(whiteout.isOther()).as("overlay left a whiteout device in the upper dir").isTrue();
        assertThat(tree(two.upper())).isEmpty();
    }

    @Test
    void twoSnapshotsOfOneImage_shareTheLowerInodes() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().file("bin/tool", "#!/bin/sh\n", 0755).tar());
        Snapshot one = mounted(image, "drydock-it-ino1");
        Snapshot two = mounted(image, "drydock-it-ino2");
        Path layerFile = store.layers().directory(image.config().diffIds().get(0)).resolve("bin/tool");

        Object layerInode = Files.getAttribute(layerFile, "unix:ino");
        assertThat(Files.getAttribute(one.rootfs().resolve("bin/tool"), "unix:ino")).isEqualTo(layerInode);
        assertThat(Files.getAttribute(two.rootfs().resolve("bin/tool"), "unix:ino")).isEqualTo(layerInode);
        assertThat(store.layers().list()).hasSize(1);
    }

    @Test
    void upperLayerWhiteoutAndOpaqueDir_hideLowerContent() throws Exception {
        byte[] bottom = new LayerTar().file("gone", "x").file("kept", "k").dir("d", 0755).file("d/old", "o").tar();
        byte[] top = new LayerTar().file(".wh.gone", "").dir("d", 0755).file("d/.wh..wh..opq", "")
                .file("d/new", "n").tar();
        Snapshot s = mounted(TestImages.commit(store, "app", bottom, top), "drydock-it-wh");

        assertThat(s.rootfs().resolve("gone")).doesNotExist();
        assertThat(s.rootfs().resolve("kept")).hasContent("k");
        assertThat(tree(s.rootfs().resolve("d"))).containsExactly("new");
    }

    @Test
    void imageWith45Layers_mounts() throws Exception {
        List<byte[]> layers = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            layers.add(new LayerTar().file("f" + i, Integer.toString(i)).file("top", Integer.toString(i)).tar());
        }
        Snapshot s = mounted(TestImages.commit(store, "deep", layers.toArray(byte[][]::new)), "drydock-it-45");

        assertThat(s.rootfs().resolve("top")).hasContent("44");
        for (int i = 0; i < 45; i++) {
            assertThat(s.rootfs().resolve("f" + i)).hasContent(Integer.toString(i));
        }
        assertThat(store.snapshots().overlayMount(s).lowerDirs()).hasSize(45);
    }

    @Test
    void unpackAsRoot_keepsOwnershipAndMakesDeviceNodes() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().owned("home/u/file", "x", 1234, 4321)
                .charDevice("dev/null", 1, 3).tar());
        Path layer = store.unpack(image).get(0);
        assertThat(Files.getAttribute(layer.resolve("home/u/file"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(layer.resolve("home/u/file"), "unix:gid")).isEqualTo(4321);
        assertThat(Files.getAttribute(layer.resolve("dev/null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo((long) ((1 << 8) | 3));
    }

    @Test
    void busyboxImage_runsAShellInItsRootfs() throws Exception {
        assumeThat(BusyboxImageBuilder.HOST_BUSYBOX).as("busybox-static provides /bin/busybox").isRegularFile();
        Image image = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, BusyboxImageBuilder.DEFAULT_NAME);
        Snapshot s = mounted(image, "drydock-it-busybox");

        String out = CommandOverlayMounter.run(List.of("chroot", s.rootfs().toString(), "/bin/sh", "-c",
                "echo hello > /tmp/greeting && cat /tmp/greeting && id -un"));

        assertThat(out).isEqualTo("hello\nroot\n");
        assertThat(tree(s.upper())).containsExactly("tmp", "tmp/greeting");
    }

    @Test
    void containerChangesPackedAsALayer_reproduceTheChangesInANewImage() throws Exception {
        byte[] base = new LayerTar().file("a", "1").file("b", "2").dir("d", 0755).file("d/old", "o").tar();
        Image image = TestImages.commit(store, "base", base);
        Snapshot build = mounted(image, "drydock-it-build");
        Files.delete(build.rootfs().resolve("a"));
        Files.delete(build.rootfs().resolve("d/old"));
        Files.delete(build.rootfs().resolve("d"));
        Files.createDirectory(build.rootfs().resolve("d"));
        Files.writeString(build.rootfs().resolve("d/new"), "n");
        Files.writeString(build.rootfs().resolve("b"), "changed");
        store.snapshots().unmount("drydock-it-build");

        Descriptor layer = new LayerPacker().pack(build.upper(), store.blobs());
        List<String> names = LayerPackerTest.names(store.blobs().read(layer.digest()));
        assertThat(names).contains(".wh.a", "b", "d/", "d/.wh..wh..opq", "d/new");

        List<Digest> diffIds = new ArrayList<>(image.config().diffIds());
        diffIds.add(layer.digest());
        List<Descriptor> layers = new ArrayList<>(image.manifest().layers());
        layers.add(layer);
        Image derived = store.commit(ImageConfig.minimal(image.config().platform(), diffIds), layers,
                List.of(ImageReference.parse("derived")));
        Snapshot run = mounted(derived, "drydock-it-derived");

        assertThat(run.rootfs().resolve("a")).doesNotExist();
        assertThat(run.rootfs().resolve("b")).hasContent("changed");
        assertThat(tree(run.rootfs().resolve("d"))).containsExactly("new");
    }

    @Test
    void whiteoutThenEntryBelowIt_inOneLayer_recreatesTheDirectory() throws Exception {
        Image image = TestImages.commit(store, "app", new LayerTar().file(".wh.d", "").file("d/x", "x").tar());
        Path layer = store.unpack(image).get(0);
        assertThat(layer.resolve("d/x")).hasContent("x");
    }

    @Test
    void mountTwice_isRefusedInsteadOfStackingOverlays() throws Exception {
        mounted(TestImages.commit(store, "app", new LayerTar().file("a", "1").tar()), "drydock-it-twice");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.snapshots().mount("drydock-it-twice"))
                .isInstanceOf(ImageException.class).hasMessageContaining("already mounted");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.snapshots().remove("drydock-it-twice"))
                .isInstanceOf(ImageException.class).hasMessageContaining("still mounted");
    }
}
