package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io, library/busybox, latest",
            "busybox:1.36, docker.io, library/busybox, 1.36",
            "docker.io/busybox, docker.io, library/busybox, latest",
            "index.docker.io/library/busybox:x, docker.io, library/busybox, x",
            "user/app:v1, docker.io, user/app, v1",
            "localhost/app, localhost, app, latest",
            "localhost:5000/a/b/c:t_1, localhost:5000, a/b/c, t_1",
            "quay.io/org/img, quay.io, org/img, latest",
            "127.0.0.1:5000/img:2, 127.0.0.1:5000, img, 2",
    })
    void parse_dockerStyleNames_areNormalised(String text, String registry, String repository, String tag) {
        ImageReference ref = ImageReference.parse(text);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isNull();
    }

    @Test
    void parse_digestOnly_hasNoDefaultTag() {
        ImageReference ref = ImageReference.parse("alpine@sha256:" + HEX);
        assertThat(ref.tag()).isNull();
        assertThat(ref.digest().hex()).isEqualTo(HEX);
        assertThat(ref.toString()).isEqualTo("docker.io/library/alpine@sha256:" + HEX);
    }

    @Test
    void parse_tagAndDigest_keepsBoth() {
        ImageReference ref = ImageReference.parse("localhost:5000/x:1@sha256:" + HEX);
        assertThat(ref.tag()).isEqualTo("1");
        assertThat(ref.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
    }

    @Test
    void familiar_dockerHubLibrary_isShort() {
        assertThat(ImageReference.parse("busybox").familiar()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("user/app:v1").familiar()).isEqualTo("user/app:v1");
        assertThat(ImageReference.parse("localhost/app").familiar()).isEqualTo("localhost/app:latest");
    }

    @Test
    void toString_parse_roundTrips() {
        ImageReference ref = ImageReference.parse("localhost:5000/a/b:t");
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ImageReference.parse("busybox").familiar()))
                .isEqualTo(ImageReference.parse("busybox"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "a//b", "a:", "a:-x", "-a", "a@sha256:12", "a b", "a/:t", "a..b"})
    void parse_malformed_isRefusedNamingTheText(String text) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
