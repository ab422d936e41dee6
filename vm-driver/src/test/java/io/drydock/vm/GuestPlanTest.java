package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestPlanTest {
    @Test
    void render_valuesWithNewlinesAndBackslashes_areEscapedOnePerLine() {
        GuestPlan p = new GuestPlan(List.of("/.drydock/modules/a.ko"), List.of("sh", "-c", "echo a\necho \\b"),
            List.of("PATH=/bin"), "/tmp", 1000, 100, "vm1");
        assertThat(p.render()).isEqualTo("""
            mod:/.drydock/modules/a.ko
            arg:sh
            arg:-c
            arg:echo a\\necho \\\\b
            env:PATH=/bin
            cwd:/tmp
            uid:1000
            gid:100
            host:vm1
            """);
    }

    @Test
    void new_badFields_areRefusedNamingThem() {
        assertThatThrownBy(() -> new GuestPlan(List.of(), List.of(), List.of(), "/", 0, 0, null)).hasMessageStartingWith("args:");
        assertThatThrownBy(() -> new GuestPlan(List.of(), List.of("x"), List.of(), "rel", 0, 0, null)).hasMessageStartingWith("cwd:");
        assertThatThrownBy(() -> new GuestPlan(List.of(), List.of("x"), List.of("NOEQUALS"), "/", 0, 0, null)).hasMessageStartingWith("env:");
    }
}
