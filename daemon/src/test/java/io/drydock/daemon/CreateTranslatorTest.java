package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.daemon.wire.ContainerConfigJson;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CreateTranslatorTest {
    private static ContainerConfigJson parse(String json) throws ApiException {
        return DaemonJson.read(json.getBytes(StandardCharsets.UTF_8), ContainerConfigJson.class);
    }

    @Test
    void toRunOptions_whatTheDockerCliSendsForRunRmWithAPort() throws Exception {
        ContainerConfigJson body = parse("""
                {"Image":"busybox","Cmd":["httpd","-f"],"Env":["A=1"],"WorkingDir":"","User":"","Tty":false,
                 "AttachStdout":true,"ExposedPorts":{"80/tcp":{}},"Unknown":42,
                 "HostConfig":{"AutoRemove":true,"NetworkMode":"default","Memory":67108864,"NanoCpus":500000000,
                   "PidsLimit":0,"PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],
                                                 "53/udp":[{"HostIp":"","HostPort":""}]}}}
                """);
        RunOptions o = CreateTranslator.toRunOptions(body, "/web");
        assertThat(o.image()).isEqualTo("busybox");
        assertThat(o.command()).containsExactly("httpd", "-f");
        assertThat(o.env()).containsExactly("A=1");
        assertThat(o.workdir()).isNull();
        assertThat(o.user()).isNull();
        assertThat(o.name()).isEqualTo("web");
        assertThat(o.autoRemove()).isTrue();
        assertThat(o.network()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(o.memoryBytes()).isEqualTo(64L << 20);
        assertThat(o.cpus().cpus()).isEqualTo(0.5);
        assertThat(o.pidsLimit()).isNull();
        assertThat(o.ports()).extracting(Object::toString)
                .containsExactlyInAnyOrder("127.0.0.1:8080:80/tcp", "53/udp");
    }

    @Test
    void toRunOptions_hostAndNoneNetworks() throws Exception {
        assertThat(CreateTranslator.toRunOptions(parse("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"host\"}}"), null)
                .network()).isEqualTo(NetworkMode.HOST);
        assertThat(CreateTranslator.toRunOptions(parse("{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"none\"}}"), "")
                .network()).isEqualTo(NetworkMode.NONE);
    }

    @Test
    void toRunOptions_whatTheEngineCannotDo_isRefusedNamingTheField() {
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse("{\"Image\":\"b\",\"Tty\":true}"), null))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("Config.Tty:");
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse("{\"Image\":\"b\",\"Entrypoint\":[\"sh\"]}"), null))
                .hasMessageStartingWith("Config.Entrypoint:");
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse(
                "{\"Image\":\"b\",\"HostConfig\":{\"Binds\":[\"/x:/y\"]}}"), null))
                .hasMessageStartingWith("HostConfig.Binds:");
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse(
                "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:x\"}}"), null))
                .hasMessageContaining("'container:x'");
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse("{\"Cmd\":[\"true\"]}"), null))
                .hasMessageStartingWith("Config.Image:");
        assertThatThrownBy(() -> CreateTranslator.toRunOptions(parse("{\"Image\":\"b\",\"Env\":[\"NOEQUALS\"]}"), null))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void read_malformedJson_isA400NamingTheType() {
        assertThatThrownBy(() -> parse("{\"Image\":"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("invalid JSON for ContainerConfig");
    }
}
