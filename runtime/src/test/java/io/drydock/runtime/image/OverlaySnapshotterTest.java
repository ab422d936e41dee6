package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaySnapshotterTest {
    @TempDir
    Path root;
    RecordingOverlayMounter mounter = new RecordingOverlayMounter();
    ImageStore store;
    byte[] bottom = new LayerTar().file("a", "1").tar();
    byte[] top = new LayerTar().file("b", "2").tar();

    @BeforeEach
    void open() throws Exception {
        store = TestImages.store(root, mounter);
    }

    @Test
    void mount_twoLayers_passesShortLinksTopFirstAndPrivateUpperAndWork() throws Exception {
        Image image = TestImages.commit(store, "app", bottom, top);
        Snapshot s = store.prepareRootfs(image, "c1");
        store.snapshots().mount("c1");

        OverlayMount expected = new OverlayMount(
                List.of(store.layers().link(Digest.of(top)), store.layers().link(Digest.of(bottom))),
                s.upper(), s.work(), s.rootfs());
        assertThat(mounter.calls).containsExactly(new RecordingOverlayMounter.MountCall(expected));
        assertThat(expected.data()).isEqualTo("lowerdir=" + store.layers().link(Digest.of(top)) + ":"
                + store.layers().link(Digest.of(bottom)) + ",upperdir=" + s.upper() + ",workdir=" + s.work()
                + ",userxattr");
        assertThat(s.upper()).isEmptyDirectory();
        assertThat(s.work()).isEmptyDirectory();

        store.snapshots().unmount("c1");
        assertThat(mounter.calls).last().isEqualTo(new RecordingOverlayMounter.UnmountCall(s.rootfs()));
        store.snapshots().remove("c1");
        assertThat(store.snapshots().list()).isEmpty();
    }

    @Test
    void prepare_withLayers_makesOnlyUpperWorkRootfsAndTheRecord_noDirectoryOfItsOwn() throws Exception {
        Image image = TestImages.commit(store, "app", bottom);
        Snapshot s = store.prepareRootfs(image, "c1");
        Path snapshots = root.resolve("snapshots");
        assertThat(s.upper()).isEqualTo(snapshots.resolve("c1.upper"));
        assertThat(s.work()).isEqualTo(snapshots.resolve("c1.work"));
        assertThat(s.rootfs()).isEqualTo(snapshots.resolve("c1.rootfs"));
        assertThat(names(snapshots)).containsExactlyInAnyOrder("c1.upper", "c1.work", "c1.rootfs", "c1.json");
        assertThat(store.snapshots().entries("c1")).containsExactlyInAnyOrder(snapshots.resolve("c1.json"),
                s.upper(), s.work(), s.rootfs());
    }

    @Test
    void remove_flatLayout_deletesEveryEntry_andLeftoversOfAnInterruptedPrepare() throws Exception {
        Image image = TestImages.commit(store, "app", bottom);
        store.prepareRootfs(image, "c1");
        Files.createDirectory(root.resolve("snapshots/c2.upper")); // a prepare of c2 died here
        assertThat(store.snapshots().find("c2")).isEmpty();

        store.snapshots().remove("c1");
        store.snapshots().remove("c2");

        assertThat(root.resolve("snapshots")).isEmptyDirectory();
        assertThat(store.snapshots().list()).isEmpty();
    }

    @Test
    void directoryLayout_ofEarlierStores_isFoundListedMountedAndRemoved() throws Exception {
        Image image = TestImages.commit(store, "app", bottom);
        Digest layer = image.config().diffIds().get(0);
        Path dir = Files.createDirectories(root.resolve("snapshots/old1"));
        Files.createDirectory(dir.resolve("upper"));
        Files.createDirectory(dir.resolve("work"));
        Files.createDirectory(dir.resolve("rootfs"));
        Files.writeString(dir.resolve("snapshot.json"), "{\"version\":1,\"layers\":[\"" + layer + "\"]}");
        store.prepareRootfs(image, "new1");

        Snapshot old = store.snapshots().get("old1");
        assertThat(old).isEqualTo(new Snapshot("old1", List.of(layer), dir.resolve("upper"), dir.resolve("work"),
                dir.resolve("rootfs")));
        assertThat(store.snapshots().list()).extracting(Snapshot::key).containsExactly("new1", "old1");
        assertThat(store.snapshots().entries("old1")).containsExactly(dir);
        assertThatThrownBy(() -> store.prepareRootfs(image, "old1")).hasMessageContaining("exists");
        store.snapshots().mount("old1");
        assertThat(mounter.calls).containsExactly(new RecordingOverlayMounter.MountCall(new OverlayMount(
                List.of(store.layers().link(layer)), dir.resolve("upper"), dir.resolve("work"), dir.resolve("rootfs"))));
        store.snapshots().unmount("old1");

        store.snapshots().remove("old1");

        assertThat(dir).doesNotExist();
        assertThat(store.snapshots().list()).extracting(Snapshot::key).containsExactly("new1");
    }

    @Test
    void mountRoot_mountPointMadeOnMountAndRemovedOnUnmount_noneOnDisk() throws Exception {
        Path mountRoot = root.resolve("run");
        ImageStore run = new ImageStore(root.resolve("store"), mountRoot,
                new LayerUnpacker(new RecordingSpecialFileWriter(), false), mounter);
        Image image = TestImages.commit(run, "app", bottom);
        Snapshot s = run.prepareRootfs(image, "c1");
        assertThat(s.rootfs()).isEqualTo(mountRoot.resolve("c1")).doesNotExist();
        assertThat(names(s.upper().getParent())).containsExactlyInAnyOrder("c1.upper", "c1.work", "c1.json");

        run.snapshots().mount("c1");
        assertThat(s.rootfs()).isEmptyDirectory();
        assertThat(mounter.calls).containsExactly(new RecordingOverlayMounter.MountCall(
                new OverlayMount(List.of(run.layers().link(Digest.of(bottom))), s.upper(), s.work(), s.rootfs())));
        assertThat(run.snapshots().isMounted("c1")).as("the recording mounter mounts nothing").isFalse();

        run.snapshots().unmount("c1");
        assertThat(s.rootfs()).doesNotExist();
        run.snapshots().remove("c1");
        assertThat(run.snapshots().list()).isEmpty();
    }

    @Test
    void mountRoot_failedMount_leavesNoMountPoint() throws Exception {
        Path mountRoot = root.resolve("run");
        ImageStore run = new ImageStore(root.resolve("store"), mountRoot,
                new LayerUnpacker(new RecordingSpecialFileWriter(), false), mounter);
        Snapshot s = run.prepareRootfs(TestImages.commit(run, "app", bottom), "c1");
        mounter.failNext(new IOException("mount: EINVAL"));
        assertThatThrownBy(() -> run.snapshots().mount("c1")).hasMessageContaining("EINVAL");
        assertThat(s.rootfs()).doesNotExist();
    }

    @Test
    void mountRoot_snapshotWithItsOwnRootfs_isStillMountedThere() throws Exception {
        Snapshot old = store.prepareRootfs(TestImages.commit(store, "app", bottom), "c1");
        OverlaySnapshotter withRun = new OverlaySnapshotter(root.resolve("snapshots"), root.resolve("run"),
                store.layers(), mounter);
        assertThat(withRun.get("c1").rootfs()).isEqualTo(old.rootfs()).isDirectory();
    }

    @Test
    void mount_imageWithoutLayers_flatLayout_emptyLowerIsTheSnapshots() throws Exception {
        store.prepareRootfs(TestImages.commit(store, "scratch"), "c1");
        assertThat(store.snapshots().overlayMount(store.snapshots().get("c1")).lowerDirs())
                .containsExactly(root.resolve("snapshots/c1.empty"));
        store.snapshots().remove("c1");
        assertThat(root.resolve("snapshots")).isEmptyDirectory();
    }

    @Test
    void prepare_existingKey_isRefused() throws Exception {
        Image image = TestImages.commit(store, "app", bottom);
        store.prepareRootfs(image, "c1");
        assertThatThrownBy(() -> store.prepareRootfs(image, "c1"))
                .isInstanceOf(ImageException.class).hasMessageContaining("c1").hasMessageContaining("exists");
    }

    @Test
    void prepare_layerNotUnpacked_isRefusedNamingIt() {
        Digest missing = Digest.of(top);
        assertThatThrownBy(() -> store.snapshots().prepare("c1", List.of(missing)))
                .isInstanceOf(ImageException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void prepare_badKey_isRefused() {
        assertThatThrownBy(() -> store.snapshots().prepare("../evil", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../evil");
    }

    @Test
    void mount_imageWithoutLayers_usesAnEmptyLowerDir() throws Exception {
        Image scratch = TestImages.commit(store, "scratch");
        store.prepareRootfs(scratch, "c1");
        OverlayMount m = store.snapshots().overlayMount(store.snapshots().get("c1"));
        assertThat(m.lowerDirs()).singleElement().satisfies(p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void mount_failing_propagatesTheMounterError() throws Exception {
        Image image = TestImages.commit(store, "app", bottom);
        store.prepareRootfs(image, "c1");
        mounter.failNext(new IOException("mount: EINVAL"));
        assertThatThrownBy(() -> store.snapshots().mount("c1")).hasMessageContaining("EINVAL");
    }

    @Test
    void layersInUse_andUpperSize_reflectSnapshots() throws Exception {
        Image image = TestImages.commit(store, "app", bottom, top);
        Snapshot s = store.prepareRootfs(image, "c1");
        Files.writeString(s.upper().resolve("f"), "abc");
        Files.createLink(s.upper().resolve("g"), s.upper().resolve("f"));
        assertThat(store.snapshots().layersInUse()).containsExactlyInAnyOrder(Digest.of(bottom), Digest.of(top));
        assertThat(store.snapshots().upperSize("c1")).isEqualTo(3);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void overlayMount_45LayersUnderTheDefaultRoot_fitsInOnePage() {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            lowers.add(ImageStore.DEFAULT_ROOT.resolve("l").resolve("%012x".formatted(i)));
        }
        Path snap = ImageStore.DEFAULT_ROOT.resolve("snapshots/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        OverlayMount m = new OverlayMount(lowers, Path.of(snap + ".upper"), Path.of(snap + ".work"), Path.of(snap + ".rootfs"));
        assertThat(m.data().length()).isLessThan(OverlayMount.MAX_DATA_BYTES);
    }

    @Test
    void overlayMount_dataOverOnePage_isRefusedSayingSo() {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lowers.add(Path.of("/var/lib/drydock/layers/" + "%064x".formatted(i)));
        }
        assertThatThrownBy(() -> new OverlayMount(lowers, Path.of("/u"), Path.of("/w"), Path.of("/t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4095");
    }

    @Test
    void overlayMount_pathWithComma_isRefused() {
        assertThatThrownBy(() -> new OverlayMount(List.of(Path.of("/a,b")), Path.of("/u"), Path.of("/w"), Path.of("/t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a,b");
    }
}
