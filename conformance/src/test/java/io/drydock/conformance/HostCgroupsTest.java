package io.drydock.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCgroupsTest {
    private static final String HYBRID = """
        24 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:5 - cgroup2 cgroup2 rw,nsdelegate
        31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid shared:6 - cgroup cgroup rw,memory
        32 25 0:28 / /sys/fs/cgroup/cpu rw,nosuid shared:7 - cgroup cgroup rw,cpu
        33 25 0:29 / /sys/fs/cgroup/pids rw,nosuid shared:8 - cgroup cgroup rw,pids
        """;

    @Test
    void parse_hybridMountinfo_findsTheV2MountAndEachV1Controller() {
        List<HostCgroups.Hierarchy> h = HostCgroups.parse(HYBRID);
        assertThat(h).extracting(HostCgroups.Hierarchy::mountPoint).containsExactly(Path.of("/sys/fs/cgroup/unified"),
            Path.of("/sys/fs/cgroup/memory"), Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup/pids"));
        assertThat(h.get(0).v2()).isTrue();
        assertThat(h.get(1).controllers()).containsExactly("rw", "memory");
    }

    @Test
    void parse_lineWithoutSeparatorOrNotACgroup_isIgnored() {
        assertThat(HostCgroups.parse("garbage line\n24 1 254:0 / / rw - ext4 /dev/vda rw\n")).isEmpty();
    }
}
