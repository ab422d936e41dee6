package io.drydock.runtime.cli;

import io.drydock.runtime.sys.SignalName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RuncCommandTest {
    @Test
    void subcommandName_skipsGlobalOptionsAndTheirValues() {
        assertThat(RuncCommand.subcommandName(new String[] {"--root", "/run/x", "--log", "l.json", "--log-format", "json",
            "create", "--bundle", "b", "id"})).isEqualTo("create");
        assertThat(RuncCommand.subcommandName(new String[] {"--debug", "run", "id"})).isEqualTo("run");
        assertThat(RuncCommand.subcommandName(new String[] {"--help"})).isNull();
        assertThat(RuncCommand.subcommandName(new String[] {"frobnicate"})).isNull();
    }

    @Test
    void commandLine_forOneSubcommand_modelsOnlyThatOne() {
        CommandLine cl = RuncCommand.commandLine("drydock-runc", new String[] {"--root", "/r", "kill", "x"});
        assertThat(cl.getSubcommands().keySet()).containsExactlyInAnyOrder("help", "kill");
        assertThat(RuncCommand.commandLine("drydock-runc", new String[0]).getSubcommands().keySet())
            .contains("create", "start", "state", "kill", "delete", "run", "exec", "ps", "list", "spec", "features");
    }

    @Test
    void unknownSubcommand_isAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = RuncCommand.commandLine("drydock-runc", new String[] {"frobnicate"});
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
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

    @Test
    void exec_argumentsAfterTheId_belongToTheProcess() {
        CommandLine cl = RuncCommand.commandLine("drydock-runc", new String[] {"exec", "c1", "sh", "-c", "exit 5"});
        CommandLine.ParseResult pr = cl.parseArgs("exec", "-e", "A=B", "c1", "sh", "-c", "exit 5");
        ExecCommand exec = (ExecCommand) pr.subcommand().commandSpec().userObject();
        assertThat(exec.id).isEqualTo("c1");
        assertThat(exec.command).containsExactly("sh", "-c", "exit 5");
        assertThat(exec.env).containsExactly("A=B");
        assertThat(exec.caps).isEmpty();
    }
}
