package io.drydock.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.SignalName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drydock-runc's command line as runc's callers write it, parsed and reported without touching the kernel. */
class RuncCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    private static Run runc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RuncCommand.execute("drydock-runc", args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static ParsedArgs global(String... args) throws UsageException {
        return RuncCommand.GLOBAL.parse(List.of(args), "drydock-runc");
    }

    @Test
    void globalFlags_beforeTheCommand_inEverySpelling() throws Exception {
        ParsedArgs p = global("--root", "/run/x", "--log=l.json", "-log-format", "json", "--debug", "create", "--bundle", "b", "id");
        GlobalOptions g = GlobalOptions.from(p);
        assertThat(g.root()).isEqualTo(Path.of("/run/x"));
        assertThat(g.log()).isEqualTo(Path.of("l.json"));
        assertThat(g.logFormat()).isEqualTo(GlobalOptions.LogFormat.json);
        assertThat(g.debug()).isTrue();
        assertThat(p.positionals()).containsExactly("create", "--bundle", "b", "id");
    }

    @Test
    void globalFlags_default_toRunDrydockAndText() throws Exception {
        GlobalOptions g = GlobalOptions.from(global("state", "x"));
        assertThat(g.root()).isEqualTo(Path.of(GlobalOptions.DEFAULT_ROOT));
        assertThat(g.log()).isNull();
        assertThat(g.logFormat()).isEqualTo(GlobalOptions.LogFormat.text);
    }

    @Test
    void rootless_takesAValueOnlyWhenItIsOne() throws Exception {
        assertThat(global("--rootless", "run", "x").positionals()).containsExactly("run", "x");
        assertThat(global("--rootless", "false", "run", "x").positionals()).containsExactly("run", "x");
        assertThat(global("--rootless=auto", "--systemd-cgroup", "--criu", "/c", "run", "x").positionals())
            .containsExactly("run", "x");
    }

    @Test
    void runFlags_mayComeBeforeOrAfterTheId() throws Exception {
        ParsedArgs p = RunCommand.SYNTAX.parse(List.of("c1", "-b", "/b", "--pid-file=/p", "--preserve-fds", "2", "-d"), "run");
        assertThat(p.positional(0)).isEqualTo("c1");
        assertThat(p.path("bundle")).isEqualTo(Path.of("/b"));
        assertThat(p.path("pid-file")).isEqualTo(Path.of("/p"));
        assertThat(p.intValue("preserve-fds", 0)).isEqualTo(2);
        assertThat(p.isSet("detach")).isTrue();
        assertThat(CreateOptions.toRequest(p, RuncHost.local()).bundle()).isEqualTo(Path.of("/b"));
    }

    @Test
    void exec_argumentsAfterTheId_belongToTheProcess() throws Exception {
        ParsedArgs p = ExecCommand.SYNTAX.parse(List.of("-e", "A=B", "--env=C=D", "-g", "10", "c1", "sh", "-c", "exit 5", "-e"),
            "exec");
        assertThat(p.positional(0)).isEqualTo("c1");
        assertThat(p.positionalsFrom(1)).containsExactly("sh", "-c", "exit 5", "-e");
        assertThat(p.values("env")).containsExactly("A=B", "C=D");
        assertThat(p.values("cap")).isEmpty();
        assertThat(ExecCommand.request(p).args()).containsExactly("sh", "-c", "exit 5", "-e");
        assertThat(ExecCommand.request(p).additionalGids()).containsExactly(10);
    }

    @Test
    void ps_argumentsAfterTheId_areForPs() throws Exception {
        ParsedArgs p = PsCommand.SYNTAX.parse(List.of("c1", "-ef"), "ps");
        assertThat(p.positional(0)).isEqualTo("c1");
        assertThat(p.positionalsFrom(1)).containsExactly("-ef");
    }

    @Test
    void doubleDash_endsTheFlags() throws Exception {
        assertThat(DeleteCommand.SYNTAX.parse(List.of("--", "-weird-id"), "delete").positional(0)).isEqualTo("-weird-id");
    }

    @Test
    void kill_signalDefaultsToTerm() throws Exception {
        assertThat(KillCommand.SYNTAX.parse(List.of("c1"), "kill").positional(1, "TERM")).isEqualTo("TERM");
        assertThat(KillCommand.SYNTAX.parse(List.of("--all", "c1", "KILL"), "kill").positional(1, "TERM")).isEqualTo("KILL");
    }

    @Test
    void unknownCommand_isAUsageErrorNamingIt() {
        Run r = runc("--root", tmp.toString(), "frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void unknownFlag_isAUsageErrorNamingIt() {
        Run global = runc("--frob", "run", "x");
        assertThat(global.code()).isEqualTo(2);
        assertThat(global.err()).contains("--frob");
        Run sub = runc("--root", tmp.toString(), "run", "--frob=1", "x");
        assertThat(sub.code()).isEqualTo(2);
        assertThat(sub.err()).contains("unknown flag --frob for drydock-runc run").contains("drydock-runc run --help");
    }

    @Test
    void missingValueOrId_andBadNumbers_areUsageErrors() {
        assertThat(runc("--root").err()).contains("--root needs a value");
        assertThat(runc("--root", tmp.toString(), "start").err()).contains("needs CONTAINER-ID");
        assertThat(runc("--root", tmp.toString(), "start", "a", "b").err()).contains("unexpected argument 'b'");
        Run r = runc("--root", tmp.toString(), "run", "--preserve-fds", "x", "c1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--preserve-fds takes a number, got 'x'");
        assertThat(runc("--log-format", "yaml", "state", "x").err()).contains("--log-format must be text or json, got 'yaml'");
        assertThat(runc("--debug=maybe", "state", "x").err()).contains("--debug takes true or false");
    }

    @Test
    void help_forTheTopAndEachCommand_goesToStdoutWithExitZero() {
        Run top = runc("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: drydock-runc [GLOBAL-OPTIONS] COMMAND", "--root PATH", "create", "features")
            .doesNotContain("--criu");
        assertThat(runc().out()).isEqualTo(top.out());
        for (String cmd : RuncCommand.SUBCOMMANDS) {
            Run h = runc(cmd, "-h");
            assertThat(h.code()).as(cmd).isZero();
            assertThat(h.out()).as(cmd).startsWith("Usage: drydock-runc " + cmd + " [OPTIONS]");
            assertThat(runc("help", cmd).out()).isEqualTo(h.out());
        }
        assertThat(runc("run", "--help").out()).contains("-b, --bundle PATH", "-d, --detach", "CONTAINER-ID")
            .doesNotContain("--no-pivot");
    }

    @Test
    void version_inRuncsSpellings() {
        for (String flag : List.of("--version", "-v", "-V")) {
            Run r = runc(flag);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("drydock-runc version ").contains("spec: 1.2.0");
        }
    }

    @Test
    void failedOperation_isOneLineOnStderr_andInTheLogFile() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("config.json"), "{}");
        Path json = tmp.resolve("log.json");
        Run r = runc("--log", json.toString(), "--log-format", "json", "spec", "--bundle", bundle.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("drydock-runc: " + bundle.resolve("config.json") + " already exists; remove it first");
        assertThat(Files.readString(json)).startsWith("{\"level\":\"error\",\"msg\":\"" + bundle.resolve("config.json"))
            .contains("\"time\":\"");
        Path text = tmp.resolve("log.txt");
        runc("--log", text.toString(), "spec", "--bundle", bundle.toString());
        assertThat(Files.readString(text)).startsWith("time=\"").contains(" level=error msg=\"" + bundle.resolve("config.json"));
    }

    @Test
    void usageError_isInTheLogFileToo() throws Exception {
        Path log = tmp.resolve("log.json");
        runc("--log", log.toString(), "--log-format", "json", "kill");
        assertThat(Files.readString(log)).contains("needs CONTAINER-ID");
    }

    @Test
    void spec_writesADefaultConfig() throws Exception {
        Run r = runc("spec", "--bundle", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(tmp.resolve("config.json"))).contains("\"ociVersion\"");
    }

    @Test
    void flagSyntax_rejectsNamesWithoutDashOrWithEquals() {
        assertThatThrownBy(() -> Flag.bool("x", "root")).hasMessageContaining("root");
        assertThatThrownBy(() -> Flag.value("V", "x", "--a=b")).hasMessageContaining("--a=b");
        assertThatThrownBy(() -> RunCommand.SYNTAX.parse(List.of("c1"), "run").value("nope"))
            .hasMessageContaining("nope");
    }

    @Test
    void signalNames_parseAsKillTakesThem() {
        assertThat(SignalName.parse("KILL")).isEqualTo(9);
        assertThat(SignalName.parse("SIGTERM")).isEqualTo(15);
        assertThat(SignalName.parse("9")).isEqualTo(9);
        assertThat(SignalName.parse("RTMIN+1")).isEqualTo(35);
        assertThatThrownBy(() -> SignalName.parse("SIGNOPE")).hasMessageContaining("SIGNOPE");
        assertThatThrownBy(() -> SignalName.parse("99")).hasMessageContaining("99");
    }

    @Test
    void logLines_areValidJsonStrings() {
        assertThat(RuncCommand.jsonString("a \"b\"\n\\c")).isEqualTo("\"a \\\"b\\\"\\n\\\\c\"");
    }
}
