package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.daemon.wire.ExecConfigJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExecTranslatorTest {
    private static ExecConfigJson parse(String json) throws ApiException {
        return DaemonJson.read(json.getBytes(StandardCharsets.UTF_8), ExecConfigJson.class);
    }

    @Test
    void toExec_whatTheDockerCliSendsForExecWithEnvWorkdirAndUser() throws Exception {
        ExecTranslator.ExecSpec s = ExecTranslator.toExec(parse("""
                {"User":"1000","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":true,
                 "AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["A=1","B=x=y"],"WorkingDir":"/tmp",
                 "Cmd":["sh","-c","echo $A"]}
                """));
        assertThat(s.cmd()).containsExactly("sh", "-c", "echo $A");
        assertThat(s.env()).containsExactly("A=1", "B=x=y");
        assertThat(s.user()).isEqualTo("1000");
        assertThat(s.workingDir()).isEqualTo("/tmp");
    }

    @Test
    void toExec_emptyFields_meanTheContainersOwn() throws Exception {
        ExecTranslator.ExecSpec s = ExecTranslator.toExec(parse(
                "{\"User\":\"\",\"WorkingDir\":\"\",\"Env\":null,\"Cmd\":[\"true\"]}"));
        assertThat(s.env()).isEmpty();
        assertThat(s.user()).isNull();
        assertThat(s.workingDir()).isNull();
    }

    @Test
    void toExec_userWithGroup_isKept() throws Exception {
        assertThat(ExecTranslator.toExec(parse("{\"User\":\"nobody:nogroup\",\"Cmd\":[\"id\"]}")).user())
                .isEqualTo("nobody:nogroup");
    }

    @Test
    void toExec_malformedOrUnsupported_isRefusedNamingTheField() {
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[]}")))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("exec: Cmd");
        assertThatThrownBy(() -> ExecTranslator.toExec(null)).hasMessageStartingWith("exec: Cmd");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"Tty\":true}")))
                .hasMessageStartingWith("exec: Tty:");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"Env\":[\"NOVALUE\"]}")))
                .hasMessageStartingWith("exec: Env:");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"Env\":[\"=1\"]}")))
                .hasMessageStartingWith("exec: Env:");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"User\":\"a:b:c\"}")))
                .hasMessageStartingWith("exec: User:");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"User\":\":0\"}")))
                .hasMessageStartingWith("exec: User:");
        assertThatThrownBy(() -> ExecTranslator.toExec(parse("{\"Cmd\":[\"sh\"],\"WorkingDir\":\"tmp\"}")))
                .hasMessageStartingWith("exec: WorkingDir:");
    }
}
