package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument checking of build, pull and push (no store is touched before the arguments are good). */
class ImageCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void build_badBuildArg_isAUsageErrorNamingIt() {
        CommandRun run = CommandRun.of(new BuildCommand(), "--root", tmp.resolve("s").toString(),
            "--build-arg", "NOVALUE", tmp.toString());
        assertThat(run.exit()).isEqualTo(USAGE);
        assertThat(run.err()).contains("--build-arg 'NOVALUE' is not K=V");
    }

    @Test
    void build_badTag_isAUsageErrorNamingIt() {
        CommandRun run = CommandRun.of(new BuildCommand(), "--root", tmp.resolve("s").toString(),
            "-t", "Bad Name", tmp.toString());
        assertThat(run.exit()).isEqualTo(USAGE);
        assertThat(run.err()).contains("--tag").contains("Bad Name");
    }

    @Test
    void pull_badReference_isAUsageError() {
        CommandRun run = CommandRun.of(new PullCommand(), "--root", tmp.resolve("s").toString(), "UPPER/Case:x");
        assertThat(run.exit()).isEqualTo(USAGE);
        assertThat(run.err()).contains("UPPER/Case:x");
    }

    @Test
    void drydock_listsTheImageCommands() {
        String usage = Drydock.commandLine().getUsageMessage();
        assertThat(usage).contains("build", "pull", "push");
    }

    private static final int USAGE = picocli.CommandLine.ExitCode.USAGE;
}
