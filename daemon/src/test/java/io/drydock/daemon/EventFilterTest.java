package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.daemon.wire.EventJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static EventJson event(String type, String action, String id, String name) {
        return new EventJson(type, action, new EventJson.Actor(id, Map.of("name", name, "image", "busybox")), "local",
                1, 1, action, id, "busybox");
    }

    @Test
    void matches_everyKeyApplies_valuesOfOneKeyAreAlternatives() throws ApiException {
        EventFilter f = EventFilter.parse("{\"type\":[\"container\"],\"event\":[\"start\",\"die\"],\"container\":[\"web\"]}");
        assertThat(f.matches(event("container", "die", "abc", "web"))).isTrue();
        assertThat(f.matches(event("container", "create", "abc", "web"))).isFalse();
        assertThat(f.matches(event("container", "die", "abc", "db"))).isFalse();
        assertThat(f.matches(event("image", "die", "abc", "web"))).isFalse();
    }

    @Test
    void parse_theOlderMapForm_andNoFilters() throws ApiException {
        assertThat(EventFilter.parse("{\"container\":{\"ab\":true}}").matches(event("container", "start", "abc", "x"))).isTrue();
        assertThat(EventFilter.parse(null).matches(event("image", "pull", "busybox", "busybox"))).isTrue();
    }

    @Test
    void parse_unknownKey_isA400() {
        assertThatThrownBy(() -> EventFilter.parse("{\"volume\":[\"v\"]}")).isInstanceOf(ApiException.class)
                .hasMessageContaining("'volume'");
    }
}
