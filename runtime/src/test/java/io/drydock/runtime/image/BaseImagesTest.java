package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseImagesTest {
    @TempDir
    Path tmp;

    private ImageStore store;
    private final List<ImageReference> made = new ArrayList<>();
    private BaseImages catalogue;

    @BeforeEach
    void setUp() throws Exception {
        store = TestImages.store(tmp.resolve("store"));
        catalogue = new BaseImages(List.of(new BaseImages.Entry(ImageReference.parse("busybox"), "from a test",
                (s, name, progress) -> {
                    made.add(name);
                    progress.accept("making " + name);
                    return TestImages.commit(s, name.toString(), new LayerTar().file("bin/sh", "#!").tar());
                })));
    }

    @Test
    void forHost_listsBusyboxAndDebianBench() {
        assertThat(BaseImages.forHost().names()).containsExactly(ImageReference.parse("busybox"),
                ImageReference.parse("debian-bench"));
    }

    @Test
    void lookup_everySpellingOfACatalogueName_findsTheEntry() {
        for (String name : List.of("busybox", "busybox:latest", "library/busybox", "docker.io/library/busybox:latest")) {
            assertThat(BaseImages.forHost().lookup(name)).as(name).hasValueSatisfying(
                    e -> assertThat(e.name()).isEqualTo(BusyboxImageBuilder.DEFAULT_NAME));
        }
        assertThat(BaseImages.forHost().lookup("debian-bench").orElseThrow().origin()).startsWith("by debootstrap");
    }

    @Test
    void lookup_otherTagsRegistriesAndNonNames_findNothing() {
        for (String name : List.of("busybox:1.36", "localhost:5000/busybox", "quay.io/busybox", "alpine",
                "Not A Name", "sha256:abc")) {
            assertThat(BaseImages.forHost().lookup(name)).as(name).isEmpty();
        }
    }

    @Test
    void resolve_missingCatalogueImage_isMadeOnce_thenFoundInTheStore() throws Exception {
        List<String> progress = new ArrayList<>();
        Image first = catalogue.resolve(store, "busybox", progress::add);
        Image second = catalogue.resolve(store, "docker.io/library/busybox", progress::add);

        assertThat(made).containsExactly(BusyboxImageBuilder.DEFAULT_NAME);
        assertThat(progress).containsExactly("making docker.io/library/busybox:latest");
        assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
    }

    @Test
    void resolve_storedImageOfACatalogueName_isTakenAsItIs() throws Exception {
        Image stored = TestImages.commit(store, "busybox", new LayerTar().file("pulled", "yes").tar());
        assertThat(catalogue.resolve(store, "busybox", line -> { }).manifestDigest()).isEqualTo(stored.manifestDigest());
        assertThat(made).isEmpty();
    }

    @Test
    void resolve_nameInNeitherStoreNorCatalogue_isNotFound() {
        assertThatThrownBy(() -> catalogue.resolve(store, "alpine:3", line -> { }))
                .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("alpine:3");
        assertThat(made).isEmpty();
    }

    @Test
    void resolve_catalogueImageThatCannotBeMade_saysHowItIsMadeAndWhy() {
        BaseImages broken = new BaseImages(List.of(new BaseImages.Entry(ImageReference.parse("busybox"),
                "from the host's busybox-static (/bin/busybox)", (s, name, progress) -> {
                    throw new ImageException("build busybox image", "/bin/busybox", "no such file (install busybox-static)");
                })));
        assertThatThrownBy(() -> broken.resolve(store, "busybox", line -> { }))
                .isInstanceOfSatisfying(BaseImageException.class, e -> assertThat(e.reason())
                        .isEqualTo("build busybox image /bin/busybox: no such file (install busybox-static)"))
                .hasMessage("make base image busybox: made on this host from the host's busybox-static (/bin/busybox),"
                        + " which failed: build busybox image /bin/busybox: no such file (install busybox-static)");
    }

    @Test
    void catalogue_withANameTwice_isRefused() {
        BaseImages.Maker none = (s, name, progress) -> {
            throw new AssertionError("not made");
        };
        assertThatThrownBy(() -> new BaseImages(List.of(
                new BaseImages.Entry(ImageReference.parse("busybox"), "one way", none),
                new BaseImages.Entry(ImageReference.parse("busybox:latest"), "another", none))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    }
}
