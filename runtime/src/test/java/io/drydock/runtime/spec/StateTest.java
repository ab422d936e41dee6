package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StateTest {

    @Test
    void write_running_lowerCaseStatusAndRoundTrip() throws Exception {
        State s = State.of(ContainerId.of("web-1"), State.Status.RUNNING, 4422, "/containers/redis",
            Map.of("k", "v"));
        String json = SpecJson.write(s);
        assertThat(json).contains("\"status\" : \"running\"").contains("\"id\" : \"web-1\"")
            .contains("\"ociVersion\" : \"1.2.0\"");
        assertThat(SpecJson.parseState(json, null)).isEqualTo(s);
    }

    @Test
    void write_stoppedWithoutPid_omitsPid() {
        State s = State.of(ContainerId.of("c"), State.Status.STOPPED, null, "/b", null);
        assertThat(SpecJson.write(s)).doesNotContain("pid").doesNotContain("annotations");
    }

    @Test
    void new_createdWithoutPid_rejected() {
        assertThatThrownBy(() -> State.of(ContainerId.of("c"), State.Status.CREATED, null, "/b", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pid");
    }

    @Test
    void new_relativeBundle_rejected() {
        assertThatThrownBy(() -> State.of(ContainerId.of("c"), State.Status.STOPPED, null, "b", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bundle");
    }

    @Test
    void parseState_unknownStatus_namesField() {
        assertThatThrownBy(() -> SpecJson.parseState(
            "{\"ociVersion\":\"1.2.0\",\"id\":\"c\",\"status\":\"paused\",\"bundle\":\"/b\"}", null))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("status")
            .hasMessageContaining("paused");
    }

    @Test
    void parseState_missingBundle_saysSo() {
        assertThatThrownBy(() -> SpecJson.parseState(
            "{\"ociVersion\":\"1.2.0\",\"id\":\"c\",\"status\":\"stopped\"}", null))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("bundle is required");
    }

    @Test
    void parseState_badId_rejectedWithReason() {
        assertThatThrownBy(() -> SpecJson.parseState(
            "{\"ociVersion\":\"1.2.0\",\"id\":\"a/b\",\"status\":\"stopped\",\"bundle\":\"/b\"}", null))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("id")
            .hasMessageContaining("'/'");
    }
}
