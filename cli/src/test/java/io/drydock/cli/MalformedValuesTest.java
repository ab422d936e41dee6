package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed values on the command line of the container and image commands: each is a usage
 * error (exit 2) with one line that names the value, and the engine's state is never opened
 * (nothing appears under the state roots the command is pointed at).
 */
class MalformedValuesTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> malformed() {
        return Stream.of(
            // container names and ids
            Arguments.of("bad --name", "'../etc'", List.of("run", "--name", "../etc", "busybox", "true")),
            Arguments.of("name with a slash", "'a/b'", List.of("run", "--name", "a/b", "busybox")),
            Arguments.of("name that is an id", "'" + "a".repeat(64) + "'", List.of("run", "--name", "a".repeat(64), "busybox")),
            Arguments.of("exec into a path", "'../../x'", List.of("exec", "../../x", "true")),
            Arguments.of("stop a path", "'/etc/passwd'", List.of("stop", "web", "/etc/passwd")),
            Arguments.of("kill a path", "'..'", List.of("kill", "..")),
            Arguments.of("rm an empty name", "container ''", List.of("rm", "")),
            Arguments.of("logs of a glob", "'web*'", List.of("logs", "web*")),
            Arguments.of("port of a space", "'my web'", List.of("port", "my web")),
            Arguments.of("commit a path", "'./web'", List.of("commit", "./web", "snap")),
            // image references
            Arguments.of("run an upper-case image", "'Busybox'", List.of("run", "Busybox")),
            Arguments.of("run an image with a bad tag", "'busybox:-x'", List.of("run", "busybox:-x")),
            Arguments.of("run an image path", "'../../busybox'", List.of("run", "../../busybox")),
            Arguments.of("commit to a bad name", "'Snap Shot'", List.of("commit", "web", "Snap Shot")),
            Arguments.of("tag from a bad source", "'bad source'", List.of("tag", "bad source", "x")),
            Arguments.of("tag to a bad target", "'x:'", List.of("tag", "busybox", "x:")),
            Arguments.of("rmi a bad name", "'a//b'", List.of("rmi", "a//b")),
            Arguments.of("save a bad name", "'@sha256'", List.of("save", "-o", "x.tar", "@sha256")),
            // -p specs
            Arguments.of("port out of range", "'99999:80'", List.of("run", "-p", "99999:80", "busybox")),
            Arguments.of("port range", "'80-90:80'", List.of("run", "-p", "80-90:80", "busybox")),
            Arguments.of("port with a bad protocol", "'80/sctp'", List.of("run", "-p", "80/sctp", "busybox")),
            Arguments.of("port with a bad address", "'1.2.3:80:80'", List.of("run", "-p", "1.2.3:80:80", "busybox")),
            Arguments.of("port zero in the container", "'8080:0'", List.of("run", "-p", "8080:0", "busybox")),
            Arguments.of("empty port", "''", List.of("run", "-p", "", "busybox")),
            // --memory sizes
            Arguments.of("memory unit", "'64x'", List.of("run", "--memory", "64x", "busybox")),
            Arguments.of("negative memory", "'-1m'", List.of("run", "-m", "-1m", "busybox")),
            Arguments.of("huge memory", "'99999999999999999999g'", List.of("run", "-m", "99999999999999999999g", "busybox")),
            Arguments.of("tiny memory", "'1k'", List.of("run", "-m", "1k", "busybox")),
            // env
            Arguments.of("env without a name", "'=x'", List.of("run", "-e", "=x", "busybox")),
            Arguments.of("empty env", "-e ''", List.of("run", "-e", "", "busybox")),
            // paths
            Arguments.of("relative workdir", "'tmp'", List.of("run", "-w", "tmp", "busybox")),
            Arguments.of("workdir with ..", "'../x'", List.of("run", "-w", "../x", "busybox")),
            // other values
            Arguments.of("cpus", "'lots'", List.of("run", "--cpus", "lots", "busybox")),
            Arguments.of("network", "'overlay'", List.of("run", "--network", "overlay", "busybox")),
            Arguments.of("user", "'a:b:c'", List.of("run", "-u", "a:b:c", "busybox")),
            Arguments.of("signal", "'SIGFOO'", List.of("kill", "-s", "SIGFOO", "web")),
            Arguments.of("stop time", "-t -1", List.of("stop", "-t", "-1", "web")),
            Arguments.of("save format", "'zip'", List.of("save", "--format", "zip", "-o", "x.tar", "busybox")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedValue_isAUsageErrorOnOneLineNamingIt(String what, String named, List<String> args) throws Exception {
        Path root = tmp.resolve("root");
        Path state = tmp.resolve("state");
        List<String> argv = new ArrayList<>();
        argv.add(args.get(0));
        argv.addAll(List.of("--root", root.toString(), "--state-root", state.toString()));
        argv.addAll(args.subList(1, args.size()));
        CommandRun r = CommandRun.drydock(argv.toArray(String[]::new));
        assertThat(r.exit()).as(what + ": " + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as(what).startsWith("drydock " + args.get(0) + ": ").contains(named)
            .doesNotContain("\n").doesNotContain("Exception");
        assertThat(Files.exists(root)).as("the image store was opened").isFalse();
        assertThat(Files.exists(state)).as("the engine state was opened").isFalse();
    }

    @Test
    void wellFormedValues_passTheChecks() {
        assertThat(CommandValues.container("web-1.a_b")).isEqualTo("web-1.a_b");
        assertThat(CommandValues.container("0123456789ab")).isEqualTo("0123456789ab");
        assertThat(CommandValues.image("busybox")).isEqualTo("busybox");
        assertThat(CommandValues.image("localhost:5000/a/b:1.0")).isEqualTo("localhost:5000/a/b:1.0");
        assertThat(CommandValues.image("sha256:" + "ab".repeat(32))).startsWith("sha256:");
        assertThat(CommandValues.image("abcdef")).isEqualTo("abcdef");
        assertThat(CommandValues.env(List.of("A=1", "PATH", "B=", "C=x=y"))).hasSize(4);
        assertThat(CommandValues.workdir("/srv/../app")).isEqualTo("/srv/../app");
    }

    @Test
    void controlCharacters_areShownEscaped_soTheMessageStaysOneLine() {
        assertThat(CommandValues.printable("a\nb\u0000")).isEqualTo("a\\x0ab\\x00");
    }
}
