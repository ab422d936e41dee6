package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void of_emptyInput_isTheKnownSha256() throws Exception {
        assertThat(Digest.of(new byte[0]).hex()).isEqualTo(EMPTY);
        assertThat(Digest.of(new ByteArrayInputStream(new byte[0])).hex()).isEqualTo(EMPTY);
    }

    @Test
    void parse_wellFormed_roundTrips() {
        Digest d = Digest.parse("sha256:" + EMPTY);
        assertThat(d.toString()).isEqualTo("sha256:" + EMPTY);
        assertThat(d.shortHex()).isEqualTo("e3b0c44298fc");
    }

    @Test
    void parse_otherAlgorithm_isRefusedNamingIt() {
        assertThatThrownBy(() -> Digest.parse("sha512:" + EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha512");
    }

    @Test
    void parse_missingPrefix_isRefused() {
        assertThatThrownBy(() -> Digest.parse(EMPTY)).hasMessageContaining("prefix");
    }

    @Test
    void parse_upperCaseOrShortHex_isRefused() {
        assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY.toUpperCase())).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("sha256:abc");
    }

    @Test
    void of_differentContent_differentDigest() {
        assertThat(Digest.of("a".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(Digest.of("b".getBytes(StandardCharsets.UTF_8)));
    }
}
