package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The container and image commands' parsing and their refusals of bad input, before any engine is opened. */
class EngineCommandsTest {
    @Test
    void commandLine_registersEveryContainerAndImageCommand() {
        CommandLine cl = Drydock.commandLine();
        assertThat(cl.getSubcommands()).containsKeys("run", "ps", "logs", "exec", "stop", "kill", "rm", "inspect",
                "images", "tag", "rmi", "save", "load", "commit", "df", "port", "network");
        assertThat(cl.getSubcommands().get("network").getSubcommands()).containsKey("prune");
    }

    @Test
    void run_optionsAfterTheImage_belongToTheCommand() {
        CommandLine cl = Drydock.commandLine();
        CommandLine run = cl.getSubcommands().get("run");
        cl.parseArgs("run", "--rm", "-e", "A=1", "-w", "/tmp", "-u", "nobody", "--memory", "64m", "--cpus", "0.5",
                "--pids-limit", "9", "--read-only", "-p", "127.0.0.1:8080:80", "--name", "web", "busybox", "ls", "-l", "-p");
        RunOptions o = ((RunCommand) run.getCommand()).options();
        assertThat(o.image()).isEqualTo("busybox");
        assertThat(o.command()).containsExactly("ls", "-l", "-p");
        assertThat(o.autoRemove()).isTrue();
        assertThat(o.env()).containsExactly("A=1");
        assertThat(o.workdir()).isEqualTo("/tmp");
        assertThat(o.user()).isEqualTo("nobody");
        assertThat(o.memoryBytes()).isEqualTo(64L << 20);
        assertThat(o.cpus().quotaUs()).isEqualTo(50_000);
        assertThat(o.pidsLimit()).isEqualTo(9);
        assertThat(o.readOnly()).isTrue();
        assertThat(o.network()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(o.ports()).containsExactly(PortMapping.parse("127.0.0.1:8080:80"));
        assertThat(o.name()).isEqualTo("web");
    }

    @Test
    void run_badMemory_oneLineNamingTheValue_exit2() {
        CommandRun r = CommandRun.drydock("run", "--memory", "64x", "busybox", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("drydock run: --memory '64x' is not a size (e.g. 64m, 1g, 512k)");
    }

    @Test
    void run_malformedPort_namesTheValue() {
        CommandRun r = CommandRun.drydock("run", "-p", "99999:80", "busybox", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'99999:80'").doesNotContain("Exception");
    }

    @Test
    void run_portsOutsideBridge_andUnknownNetwork_areRefused() {
        assertThat(CommandRun.drydock("run", "--network", "host", "-p", "80", "busybox", "true").err()).contains("--network bridge");
        CommandRun r = CommandRun.drydock("run", "--network", "overlay", "busybox", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'overlay'");
    }

    @Test
    void kill_unknownSignal_namesIt() {
        CommandRun r = CommandRun.drydock("kill", "-s", "SIGFOO", "web");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'SIGFOO'");
    }

    @Test
    void save_unknownFormat_namesIt() {
        CommandRun r = CommandRun.drydock("save", "--format", "zip", "-o", "x.tar", "busybox");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'zip'");
    }

    @Test
    void options_envWithoutValue_takesTheHostsOrNothing() {
        CommandLine cl = Drydock.commandLine();
        CommandLine run = cl.getSubcommands().get("run");
        cl.parseArgs("run", "-e", "PATH", "-e", "DRYDOCK_TEST_SURELY_UNSET_42", "busybox");
        List<String> env = ((RunCommand) run.getCommand()).options().env();
        assertThat(env).containsExactly("PATH=" + System.getenv("PATH"));
    }
}
