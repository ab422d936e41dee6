package io.drydock.runtime.rootfs;

import static io.drydock.runtime.rootfs.MountFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MountOptionsTest {

    static Stream<Arguments> setFlags() {
        return Stream.of(
            Arguments.of("ro", MS_RDONLY),
            Arguments.of("nosuid", MS_NOSUID),
            Arguments.of("nodev", MS_NODEV),
            Arguments.of("noexec", MS_NOEXEC),
            Arguments.of("sync", MS_SYNCHRONOUS),
            Arguments.of("dirsync", MS_DIRSYNC),
            Arguments.of("remount", MS_REMOUNT),
            Arguments.of("mand", MS_MANDLOCK),
            Arguments.of("noatime", MS_NOATIME),
            Arguments.of("nodiratime", MS_NODIRATIME),
            Arguments.of("relatime", MS_RELATIME),
            Arguments.of("strictatime", MS_STRICTATIME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setFlags")
    void parse_setOption_setsItsFlagOnly(String option, long flag) {
        MountOptions o = MountOptions.parse(List.of(option));
        assertThat(o.flags()).isEqualTo(flag);
        assertThat(o.clearedFlags()).isZero();
        assertThat(o.data()).isEmpty();
        assertThat(o.bind()).isFalse();
        assertThat(o.propagation()).isEmpty();
    }

    static Stream<Arguments> opposites() {
        return Stream.of(
            Arguments.of("ro", "rw", MS_RDONLY),
            Arguments.of("nosuid", "suid", MS_NOSUID),
            Arguments.of("nodev", "dev", MS_NODEV),
            Arguments.of("noexec", "exec", MS_NOEXEC),
            Arguments.of("sync", "async", MS_SYNCHRONOUS),
            Arguments.of("mand", "nomand", MS_MANDLOCK),
            Arguments.of("noatime", "atime", MS_NOATIME),
            Arguments.of("nodiratime", "diratime", MS_NODIRATIME),
            Arguments.of("relatime", "norelatime", MS_RELATIME),
            Arguments.of("strictatime", "nostrictatime", MS_STRICTATIME));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("opposites")
    void parse_laterOppositeOption_wins(String set, String clear, long flag) {
        MountOptions cleared = MountOptions.parse(List.of(set, clear));
        assertThat(cleared.flags()).isZero();
        assertThat(cleared.clearedFlags()).isEqualTo(flag);

        MountOptions setAgain = MountOptions.parse(List.of(clear, set));
        assertThat(setAgain.flags()).isEqualTo(flag);
        assertThat(setAgain.clearedFlags()).isZero();
    }

    static Stream<Arguments> propagations() {
        return Stream.of(
            Arguments.of("private", MS_PRIVATE),
            Arguments.of("rprivate", MS_PRIVATE | MS_REC),
            Arguments.of("shared", MS_SHARED),
            Arguments.of("rshared", MS_SHARED | MS_REC),
            Arguments.of("slave", MS_SLAVE),
            Arguments.of("rslave", MS_SLAVE | MS_REC),
            Arguments.of("unbindable", MS_UNBINDABLE),
            Arguments.of("runbindable", MS_UNBINDABLE | MS_REC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("propagations")
    void parse_propagationOption_goesToPropagationNotFlags(String option, long expected) {
        MountOptions o = MountOptions.parse(List.of(option));
        assertThat(o.propagation()).containsExactly(expected);
        assertThat(o.flags()).isZero();
    }

    @Test
    void parse_twoPropagations_keptInOrderForSeparateCalls() {
        MountOptions o = MountOptions.parse(List.of("rprivate", "shared"));
        assertThat(o.propagation()).containsExactly(MS_PRIVATE | MS_REC, MS_SHARED);
    }

    @Test
    void parse_bind_isBindNotRecursive() {
        MountOptions o = MountOptions.parse(List.of("bind", "ro"));
        assertThat(o.bind()).isTrue();
        assertThat(o.recursive()).isFalse();
        assertThat(o.readOnly()).isTrue();
        assertThat(o.mountFlags()).isEqualTo(MS_BIND | MS_RDONLY);
    }

    @Test
    void bindRemountFlags_readOnlyBind_needsRemountWithFlags() {
        assertThat(MountOptions.parse(List.of("bind", "ro", "nosuid")).bindRemountFlags())
            .isEqualTo(MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID);
        assertThat(MountOptions.parse(List.of("rbind")).bindRemountFlags()).isZero();
        assertThat(MountOptions.parse(List.of("ro")).bindRemountFlags()).isZero();
    }

    @Test
    void forMount_typeBindWithoutBindOption_isBind() {
        assertThat(MountOptions.forMount("bind", List.of("ro")).bind()).isTrue();
        assertThat(MountOptions.forMount("bind", List.of("rbind")).recursive()).isTrue();
        assertThat(MountOptions.forMount("tmpfs", List.of("ro")).bind()).isFalse();
    }

    @Test
    void parse_rbind_isRecursiveBind() {
        MountOptions o = MountOptions.parse(List.of("rbind", "nosuid"));
        assertThat(o.bind()).isTrue();
        assertThat(o.recursive()).isTrue();
        assertThat(o.flags()).isEqualTo(MS_NOSUID);
        assertThat(o.mountFlags()).isEqualTo(MS_BIND | MS_REC | MS_NOSUID);
    }

    @Test
    void parse_tmpfsOptions_unknownOnesBecomeDataInOrder() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_STRICTATIME);
        assertThat(o.data()).isEqualTo("mode=755,size=65536k");
    }

    @Test
    void parse_devptsOptions_newinstanceIsData() {
        MountOptions o = MountOptions.parse(
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_NOEXEC);
        assertThat(o.data()).isEqualTo("newinstance,ptmxmode=0666,mode=0620,gid=5");
    }

    @Test
    void parse_tmpcopyup_ignoredNotPassedToKernel() {
        MountOptions o = MountOptions.parse(List.of("tmpcopyup", "mode=755"));
        assertThat(o.ignored()).containsExactly("tmpcopyup");
        assertThat(o.data()).isEqualTo("mode=755");
    }

    @Test
    void parse_commaString_sameAsList() {
        assertThat(MountOptions.parse("ro,nodev,size=1m"))
            .isEqualTo(MountOptions.parse(List.of("ro", "nodev", "size=1m")));
        assertThat(MountOptions.parse("")).isEqualTo(MountOptions.parse(List.of()));
    }

    @Test
    void parse_nothing_noFlagsNoData() {
        MountOptions o = MountOptions.parse(List.of());
        assertThat(o.mountFlags()).isZero();
        assertThat(o.data()).isEmpty();
        assertThat(o.bind()).isFalse();
    }

    @Test
    void knownOptions_coverEveryListedOption() {
        assertThat(MountOptions.knownOptions()).contains("ro", "rw", "nosuid", "rbind", "rslave", "nostrictatime");
    }

    @Test
    void flags_matchMount2Values() {
        assertThat(MS_RDONLY).isEqualTo(1);
        assertThat(MS_BIND).isEqualTo(4096);
        assertThat(MS_REC).isEqualTo(16384);
        assertThat(MS_PRIVATE).isEqualTo(262144);
        assertThat(MS_SHARED).isEqualTo(1048576);
        assertThat(MS_STRICTATIME).isEqualTo(16777216);
    }
}
