package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    private static RunOptions with(List<String> env, String workdir, String user, NetworkMode mode, List<String> ports) {
        return new RunOptions("busybox", List.of(), false, false, null, env, workdir, user, null, null, null, false, mode,
                PortMapping.parseAll(ports));
    }

    @Test
    void constructor_portsWithoutBridge_refused() {
        assertThatThrownBy(() -> with(List.of(), null, null, NetworkMode.HOST, List.of("80")))
                .hasMessageContaining("--network host");
        assertThatThrownBy(() -> with(List.of(), null, null, NetworkMode.NONE, List.of("80")))
                .hasMessageContaining("--network none");
    }

    @Test
    void constructor_badValues_namedInTheMessage() {
        assertThatThrownBy(() -> with(List.of("=x"), null, null, NetworkMode.BRIDGE, List.of())).hasMessageContaining("'=x'");
        assertThatThrownBy(() -> with(List.of(), "tmp", null, NetworkMode.BRIDGE, List.of())).hasMessageContaining("'tmp'");
        assertThatThrownBy(() -> with(List.of(), null, "a:b:c", NetworkMode.BRIDGE, List.of())).hasMessageContaining("'a:b:c'");
        assertThatThrownBy(() -> RunOptions.of("busybox", List.of()).named("bad name")).hasMessageContaining("'bad name'");
    }

    @Test
    void copies_keepEverythingElse() {
        RunOptions o = RunOptions.of("busybox", List.of("true")).named("x").detached().removedOnExit();
        assertThat(o.name()).isEqualTo("x");
        assertThat(o.detach()).isTrue();
        assertThat(o.autoRemove()).isTrue();
        assertThat(o.command()).containsExactly("true");
    }
}
