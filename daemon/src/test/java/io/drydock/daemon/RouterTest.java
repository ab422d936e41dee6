package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router()
            .add("GET", "/images/json", ex -> { })
            .add("GET", "/images/(.+)/json", ex -> { })
            .add("DELETE", "/containers/([^/]+)", ex -> { })
            .unimplemented("/volumes(/.*)?");

    @Test
    void match_imageNamesMayHoldSlashesAndPorts() {
        assertThat(router.match("GET", "/images/127.0.0.1:5000/team/app:1/json").orElseThrow().params())
                .containsExactly("127.0.0.1:5000/team/app:1");
        assertThat(router.match("GET", "/images/json").orElseThrow().params()).isEmpty();
    }

    @Test
    void match_headIsServedByGet_otherMethodsMustMatch() {
        assertThat(router.match("HEAD", "/images/json")).isPresent();
        assertThat(router.match("POST", "/images/json")).isEmpty();
        assertThat(router.match("DELETE", "/containers/abc/extra")).isEmpty();
    }

    @Test
    void isUnimplemented_onlyForTheListedParts() {
        assertThat(router.isUnimplemented("/volumes/create")).isTrue();
        assertThat(router.isUnimplemented("/nothing")).isFalse();
    }
}
