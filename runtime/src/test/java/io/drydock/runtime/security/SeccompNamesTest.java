package io.drydock.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeccompNamesTest {

    @Test
    void byName_knownNames_found() {
        assertThat(SeccompAction.byName("SCMP_ACT_ERRNO")).contains(SeccompAction.SCMP_ACT_ERRNO);
        assertThat(SeccompOperator.byName("SCMP_CMP_MASKED_EQ")).contains(SeccompOperator.SCMP_CMP_MASKED_EQ);
        assertThat(SeccompArch.byName("SCMP_ARCH_X86_64")).contains(SeccompArch.SCMP_ARCH_X86_64);
        assertThat(SeccompFlag.byName("SECCOMP_FILTER_FLAG_LOG")).contains(SeccompFlag.SECCOMP_FILTER_FLAG_LOG);
    }

    @Test
    void byName_unknownNames_empty() {
        assertThat(SeccompAction.byName("SCMP_ACT_MAYBE")).isEmpty();
        assertThat(SeccompOperator.byName("SCMP_CMP_XOR")).isEmpty();
        assertThat(SeccompArch.byName("SCMP_ARCH_Z80")).isEmpty();
        assertThat(SeccompFlag.byName("SECCOMP_FILTER_FLAG_NOPE")).isEmpty();
    }

    @Test
    void takesErrno_onlyErrnoAndTrace() {
        assertThat(SeccompAction.SCMP_ACT_ERRNO.takesErrno()).isTrue();
        assertThat(SeccompAction.SCMP_ACT_TRACE.takesErrno()).isTrue();
        assertThat(SeccompAction.SCMP_ACT_ALLOW.takesErrno()).isFalse();
    }

    @Test
    void flags_haveKernelValues() {
        assertThat(SeccompFlag.SECCOMP_FILTER_FLAG_TSYNC.value()).isEqualTo(1L);
        assertThat(SeccompFlag.SECCOMP_FILTER_FLAG_SPEC_ALLOW.value()).isEqualTo(4L);
        assertThat(SeccompFlag.SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV.value()).isEqualTo(32L);
    }
}
