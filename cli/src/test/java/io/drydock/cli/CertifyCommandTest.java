package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertifyCommandTest {
    @Test
    void only_unknownArea_exitsTwoNamingTheValueAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("reports");
        CommandRun r = CommandRun.drydock("certify", "--only", "lifecycle,network", "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("drydock certify: --only: unknown area 'network'").doesNotContain("\n");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void runtime_missingPath_exitsTwoNamingIt(@TempDir Path dir) {
        Path out = dir.resolve("reports");
        CommandRun r = CommandRun.drydock("certify", "--runtime", dir.resolve("no-such-runtime").toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        // As root the path is named; otherwise certify stops earlier, saying it needs root.
        assertThat(r.err()).containsAnyOf("no-such-runtime is missing or not executable", "certify needs root");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void runtime_unknownName_exitsTwoListingTheKnownOnes(@TempDir Path dir) {
        CommandRun r = CommandRun.drydock("certify", "--runtime", "kata-nonexistent", "-o", dir.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).containsAnyOf("--runtime kata-nonexistent: no such runtime on PATH; give one of drydock, drydock-runc",
            "certify needs root");
    }

    @Test
    void help_listsTheExitCodes() {
        CommandRun r = CommandRun.drydock("certify", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--runtime=RUNTIME").contains("--only=AREA").contains("Exit codes:")
            .contains("1   a runtime is not certified");
    }
}
