package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed values through the distribution's {@code drydock} as a person runs it: the process
 * exits 2 and its one line of stderr names the value; the state roots it was pointed at are never
 * made. (MalformedValuesTest covers every value in-process; this checks the real exit status.)
 */
class MalformedValuesIT {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(DRYDOCK), "the distribution is built by `package` before integration tests");
    }

    @Test
    void malformedValues_exit2_withOneLineNamingTheValue() throws Exception {
        List<List<String>> cases = List.of(
            List.of("run", "--name", "../escape", "busybox"),
            List.of("run", "-p", "99999:80", "busybox"),
            List.of("run", "--memory", "64x", "busybox"),
            List.of("run", "-e", "=x", "busybox"),
            List.of("run", "-w", "relative", "busybox"),
            List.of("run", "UPPER/Case"),
            List.of("exec", "../../host", "true"));
        List<String> named = List.of("'../escape'", "'99999:80'", "'64x'", "'=x'", "'relative'", "'UPPER/Case'",
            "'../../host'");
        for (int i = 0; i < cases.size(); i++) {
            List<String> cmd = new ArrayList<>(List.of(DRYDOCK.toString(), cases.get(i).get(0),
                "--root", tmp.resolve("root").toString(), "--state-root", tmp.resolve("state").toString()));
            cmd.addAll(cases.get(i).subList(1, cases.get(i).size()));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // The launcher may note a JVM option it was given; the command's own output is one line.
            List<String> lines = err.lines().filter(l -> !l.startsWith("Picked up ")).toList();
            assertThat(p.exitValue()).as(cases.get(i) + ": " + err).isEqualTo(2);
            assertThat(lines).as(cases.get(i).toString()).hasSize(1);
            assertThat(lines.get(0)).startsWith("drydock " + cases.get(i).get(0) + ": ").contains(named.get(i));
        }
        assertThat(tmp.resolve("root")).doesNotExist();
        assertThat(tmp.resolve("state")).doesNotExist();
    }
}
