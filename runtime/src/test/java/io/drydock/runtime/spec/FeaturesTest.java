package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.rootfs.MountOptions;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void drydock_listsWhatTheValidatorAccepts() {
        Features f = Features.drydock(MountOptions.knownOptions());
        assertThat(f.ociVersionMin()).isEqualTo("1.0.0");
        assertThat(f.ociVersionMax()).isEqualTo(Spec.OCI_VERSION);
        assertThat(f.hooks()).containsExactlyElementsOf(Hooks.NAMES);
        assertThat(f.mountOptions()).contains("rbind", "rprivate", "ro");
        assertThat(f.linux().namespaces()).containsExactly(
            "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
        assertThat(f.linux().capabilities()).hasSize(41).contains("CAP_CHECKPOINT_RESTORE");
        assertThat(f.linux().cgroup().v1()).isTrue();
        assertThat(f.linux().cgroup().v2()).isTrue();
        assertThat(f.linux().seccomp().operators()).contains("SCMP_CMP_MASKED_EQ");
        assertThat(f.linux().apparmor().enabled()).isFalse();
        assertThat(f.linux().selinux().enabled()).isFalse();
    }

    @Test
    void write_roundTripsAndUsesSpecNames() throws Exception {
        String json = SpecJson.write(Features.drydock(MountOptions.knownOptions()));
        assertThat(json).contains("\"ociVersionMin\"", "\"mountOptions\"", "\"systemdUser\"", "\"knownFlags\"");
        assertThat(SpecJson.parseFeatures(json, null)).isEqualTo(Features.drydock(MountOptions.knownOptions()));
    }
}
