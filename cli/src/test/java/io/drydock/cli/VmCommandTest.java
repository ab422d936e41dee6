package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument handling of {@code drydock vm} that is decided before libvirt is contacted. */
class VmCommandTest {
    @Test
    void run_withoutImage_isAUsageError() {
        CommandRun r = CommandRun.drydock("vm", "run");
        assertThat(r.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("IMAGE");
    }

    @Test
    void run_badMemory_namesTheOption() {
        CommandRun r = CommandRun.drydock("vm", "run", "--memory", "lots", "busybox", "true");
        assertThat(r.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("--memory");
    }

    @Test
    void run_optionsAfterImage_belongToTheCommand() {
        // "-c" would be an unknown option of vm run; after IMAGE it is the workload's. The image
        // does not exist, so the command fails on that, after parsing.
        CommandRun r = CommandRun.drydock("vm", "run", "/no/such/rootfs", "sh", "-c", "echo hi");
        assertThat(r.exit()).isEqualTo(UserErrors.FAILED);
        assertThat(r.err()).contains("image /no/such/rootfs: neither \"busybox\" nor a rootfs directory");
    }
}
