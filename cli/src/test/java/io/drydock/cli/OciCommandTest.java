package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drydock oci ...} hands its arguments, flags included, to the runc-compatible command unparsed. */
class OciCommandTest {
    @TempDir
    Path tmp;

    @Test
    void help_isRuncsHelp_forTheTopAndForACommand() {
        CommandRun top = CommandRun.drydock("oci", "--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).startsWith("Usage: drydock oci [GLOBAL-OPTIONS] COMMAND").contains("--root PATH");
        CommandRun run = CommandRun.drydock("oci", "--root", "/run/x", "run", "-h");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: drydock oci run [OPTIONS] CONTAINER-ID");
    }

    @Test
    void unknownCommandOrFlag_isRuncsUsageError() {
        CommandRun cmd = CommandRun.drydock("oci", "--root", tmp.toString(), "frobnicate");
        assertThat(cmd.exit()).isEqualTo(2);
        assertThat(cmd.err()).contains("drydock oci: unknown command 'frobnicate'");
        CommandRun flag = CommandRun.drydock("oci", "--frob");
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err()).contains("unknown flag --frob");
    }

    @Test
    void spec_withItsFlags_writesTheConfig() throws Exception {
        CommandRun r = CommandRun.drydock("oci", "spec", "-b", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(tmp.resolve("config.json")).exists();
        CommandRun again = CommandRun.drydock("oci", "--log", tmp.resolve("log").toString(), "spec", "--bundle=" + tmp);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readString(tmp.resolve("log"))).contains("level=error");
    }

    @Test
    void doubleDash_reachesTheRuncCommand() {
        // runc's parser, not picocli's, decides what `--` means: here it ends the global flags, so
        // `--help` after it is a command name.
        CommandRun r = CommandRun.drydock("oci", "--", "--help");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command '--help'");
        CommandRun inner = CommandRun.drydock("oci", "spec", "--", "extra");
        assertThat(inner.exit()).isEqualTo(2);
        assertThat(inner.err()).contains("unexpected argument 'extra' for drydock oci spec");
    }

    @Test
    void version_isRuncs() {
        CommandRun r = CommandRun.drydock("oci", "-v");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("drydock-runc version");
    }
}
