package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupPathTest {
    @Test
    void forContainer_absentPath_isUnderDrydockWithId() {
        assertThat(CgroupPath.forContainer(null, "web1").value()).isEqualTo("/drydock/web1");
        assertThat(CgroupPath.forContainer("", "web1").value()).isEqualTo("/drydock/web1");
    }

    @Test
    void forContainer_absolutePath_isTakenFromHierarchyRootAndNormalised() {
        assertThat(CgroupPath.forContainer("/machine//pod1/ctr/", "x").value()).isEqualTo("/machine/pod1/ctr");
    }

    @Test
    void forContainer_relativePath_isPlacedUnderDrydock() {
        assertThat(CgroupPath.forContainer("pod1/ctr", "x").value()).isEqualTo("/drydock/pod1/ctr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/../b", "../escape", "/..", "a/./b", "/drydock/x/.."})
    void forContainer_dotComponents_rejectedNamingField(String cgroupsPath) {
        assertThatThrownBy(() -> CgroupPath.forContainer(cgroupsPath, "x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("linux.cgroupsPath")
            .hasMessageContaining(cgroupsPath)
            .hasMessageContaining("not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//"})
    void forContainer_hierarchyRoot_rejected(String cgroupsPath) {
        assertThatThrownBy(() -> CgroupPath.forContainer(cgroupsPath, "x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("linux.cgroupsPath")
            .hasMessageContaining("root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "."})
    void forContainer_idThatIsNotOneSegment_rejected(String id) {
        assertThatThrownBy(() -> CgroupPath.forContainer(null, id))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("container id");
    }

    @Test
    void constructor_relativeValue_rejected() {
        assertThatThrownBy(() -> new CgroupPath("drydock/x")).hasMessageContaining("absolute");
    }

    @Test
    void constructor_unnormalisedValue_rejected() {
        assertThatThrownBy(() -> new CgroupPath("/a//b")).hasMessageContaining("empty path component");
    }

    @Test
    void in_resolvesBelowHierarchyMount() {
        assertThat(CgroupPath.of("/drydock/abc").in(Path.of("/sys/fs/cgroup/memory")))
            .isEqualTo(Path.of("/sys/fs/cgroup/memory/drydock/abc"));
    }

    @Test
    void segmentsAndChild() {
        CgroupPath p = CgroupPath.of("/drydock/abc");
        assertThat(p.segments()).containsExactly("drydock", "abc");
        assertThat(p.child("sub").value()).isEqualTo("/drydock/abc/sub");
        assertThatThrownBy(() -> p.child("../../x")).hasMessageContaining("not allowed");
    }
}
