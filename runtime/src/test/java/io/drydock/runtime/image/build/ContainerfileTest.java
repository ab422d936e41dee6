package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerfileTest {

    private static List<Instruction> parse(String text) throws ContainerfileException {
        return Containerfile.parse("Containerfile", text).instructions();
    }

    @Test
    void parse_everyInstruction_givesTypedInstructionsWithLines() throws Exception {
        List<Instruction> steps = parse("""
                ARG BASE=busybox
                FROM ${BASE} AS build
                RUN echo hi > /f
                RUN ["/bin/echo", "exec form"]
                COPY --chown=1000:1000 a.txt b.txt /dest/
                ADD ["c d.txt", "/e"]
                ENV A=1 B="two words"
                ENV LEGACY value with spaces
                ARG VERSION
                WORKDIR /app
                USER nobody:nogroup
                EXPOSE 80 53/udp
                CMD ["sh"]
                ENTRYPOINT exec server --flag
                LABEL org.example.k=v "quoted key"="quoted value"
                """);
        assertThat(steps).hasSize(15);
        assertThat(steps.get(0)).isEqualTo(new Instruction.Arg(1, "ARG BASE=busybox", "BASE", "busybox"));
        assertThat(steps.get(1)).isEqualTo(new Instruction.From(2, "FROM ${BASE} AS build", "${BASE}", "build"));
        assertThat(steps.get(2)).isEqualTo(new Instruction.Run(3, "RUN echo hi > /f", List.of("echo hi > /f"), true));
        assertThat(((Instruction.Run) steps.get(3)).command()).containsExactly("/bin/echo", "exec form");
        assertThat(((Instruction.Run) steps.get(3)).shellForm()).isFalse();
        Instruction.Copy copy = (Instruction.Copy) steps.get(4);
        assertThat(copy.sources()).containsExactly("a.txt", "b.txt");
        assertThat(copy.destination()).isEqualTo("/dest/");
        assertThat(copy.chown()).isEqualTo("1000:1000");
        assertThat(copy.add()).isFalse();
        assertThat(copy.from()).isNull();
        assertThat(((Instruction.Copy) parse("FROM a AS b\nFROM c\nCOPY --from=b /x /y\n").get(2)).from())
                .isEqualTo("b");
        Instruction.Copy add = (Instruction.Copy) steps.get(5);
        assertThat(add.sources()).containsExactly("c d.txt");
        assertThat(add.add()).isTrue();
        assertThat(((Instruction.Env) steps.get(6)).variables()).containsExactly(Map.entry("A", "1"),
                Map.entry("B", "two words"));
        assertThat(((Instruction.Env) steps.get(7)).variables()).containsExactly(Map.entry("LEGACY", "value with spaces"));
        assertThat(steps.get(8)).isEqualTo(new Instruction.Arg(9, "ARG VERSION", "VERSION", null));
        assertThat(((Instruction.Workdir) steps.get(9)).path()).isEqualTo("/app");
        assertThat(((Instruction.User) steps.get(10)).user()).isEqualTo("nobody:nogroup");
        assertThat(((Instruction.Expose) steps.get(11)).ports()).containsExactly("80", "53/udp");
        assertThat(((Instruction.Cmd) steps.get(12)).command()).containsExactly("sh");
        assertThat(((Instruction.Entrypoint) steps.get(13)).command())
                .containsExactly("/bin/sh", "-c", "exec server --flag");
        assertThat(((Instruction.Label) steps.get(14)).labels()).containsExactly(Map.entry("org.example.k", "v"),
                Map.entry("quoted key", "quoted value"));
        assertThat(steps).filteredOn(Instruction::addsLayer).hasSize(4);
    }

    @Test
    void parse_continuationsAndComments_joinIntoOneInstructionOnItsFirstLine() throws Exception {
        List<Instruction> steps = parse("""
                # a comment
                from busybox

                run echo one && \\
                # a comment inside the continuation
                    echo two \\

                    && echo three
                CMD sh
                """);
        assertThat(steps).hasSize(3);
        Instruction.Run run = (Instruction.Run) steps.get(1);
        assertThat(run.line()).isEqualTo(4);
        assertThat(run.command().get(0)).isEqualTo("echo one &&     echo two     && echo three");
        assertThat(run.text()).startsWith("RUN echo one");
        assertThat(steps.get(2).line()).isEqualTo(9);
    }

    @Test
    void parse_shellFormCmdNotJson_isShellForm() throws Exception {
        Instruction.Cmd cmd = (Instruction.Cmd) parse("FROM scratch\nCMD [not json\n").get(1);
        assertThat(cmd.shellForm()).isTrue();
        assertThat(cmd.command()).containsExactly("/bin/sh", "-c", "[not json");
    }

    @Test
    void parse_unknownInstruction_namesTheLine() {
        assertThatThrownBy(() -> parse("FROM busybox\n\nFROB x\n"))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:3")
                .hasMessageContaining("unknown instruction 'FROB'")
                .satisfies(e -> assertThat(((ContainerfileException) e).line()).isEqualTo(3));
    }

    @Test
    void parse_errors_nameTheirLines() {
        assertThatThrownBy(() -> parse("RUN x\n")).hasMessageContaining(":1").hasMessageContaining("before the first FROM");
        assertThatThrownBy(() -> parse("# nothing\n")).hasMessageContaining("no FROM");
        assertThatThrownBy(() -> parse("FROM a\nRUN\n")).hasMessageContaining(":2").hasMessageContaining("needs arguments");
        assertThatThrownBy(() -> parse("FROM a\nCOPY onlyone\n")).hasMessageContaining(":2")
                .hasMessageContaining("source and a destination");
        assertThatThrownBy(() -> parse("FROM a\nADD --from=x a b\n")).hasMessageContaining(":2")
                .hasMessageContaining("--from=x");
        assertThatThrownBy(() -> parse("FROM a\nCOPY --link a b\n")).hasMessageContaining("--link");
        assertThatThrownBy(() -> parse("FROM a\nADD http://x/y /y\n")).hasMessageContaining("URL");
        assertThatThrownBy(() -> parse("FROM a\nENV A=\"open\n")).hasMessageContaining(":2")
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> parse("FROM a\nENV 1A=x\n")).hasMessageContaining("not a variable name");
        assertThatThrownBy(() -> parse("FROM a\nLABEL novalue\n")).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> parse("FROM a\nEXPOSE http\n")).hasMessageContaining(":2")
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> parse("FROM a b c\n")).hasMessageContaining("AS name");
        assertThatThrownBy(() -> parse("FROM a\nRUN []\n")).hasMessageContaining("runs nothing");
    }

    @Test
    void expand_substitutesArgsAndEnvWithDefaultsAndEscapes() {
        Map<String, String> vars = Map.of("A", "1", "EMPTY", "", "PATH", "/bin");
        assertThat(BuildVariables.expand("$A-${A}-${B:-def}-${A:-def}-${A:+alt}-${B:+alt}-\\$A-$", vars))
                .isEqualTo("1-1-def-1-alt--$A-$");
        assertThat(BuildVariables.expand("${EMPTY:-fallback}$PATH:/x", vars)).isEqualTo("fallback/bin:/x");
        assertThatThrownBy(() -> BuildVariables.expand("${A", vars)).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> BuildVariables.expand("${A:?x}", vars)).hasMessageContaining("unsupported");
    }

    @Test
    void split_singleQuotesKeepDollarsLiteral_doubleQuotesExpandLater() {
        List<String> words = BuildVariables.split("K='$A' L=\"$A b\" M=x\\ y");
        assertThat(words).containsExactly("K=\\$A", "L=$A b", "M=x y");
        Map<String, String> vars = Map.of("A", "1");
        assertThat(words.stream().map(w -> BuildVariables.expand(w, vars)).toList())
                .containsExactly("K=$A", "L=1 b", "M=x y");
    }
}
