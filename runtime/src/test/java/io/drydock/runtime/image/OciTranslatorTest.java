package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.wire.ImageConfigJson;
import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OciTranslatorTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void config_foreignJsonWithUnknownFields_isRead() throws Exception {
        String json = """
                {"architecture":"amd64","os":"linux","created":"2024-01-02T03:04:05.123456789+01:00",
                 "container_config":{"Hostname":"x"},"docker_version":"24",
                 "config":{"Env":["PATH=/bin"],"Cmd":["sh"],"Entrypoint":null,"WorkingDir":"/w","User":"1:2",
                           "ExposedPorts":{"80/tcp":{}},"Labels":{"a":"b"},"OnBuild":null,"Image":""},
                 "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},
                 "history":[{"created":"2024-01-02T03:04:05Z","created_by":"RUN x","empty_layer":true}]}
                """.formatted(HEX);
        ImageConfig config = OciTranslator.config(
                ImageJson.read(json.getBytes(StandardCharsets.UTF_8), ImageConfigJson.class, "config"), "config");
        assertThat(config.env()).containsExactly("PATH=/bin");
        assertThat(config.cmd()).containsExactly("sh");
        assertThat(config.entrypoint()).isEmpty();
        assertThat(config.workingDir()).isEqualTo("/w");
        assertThat(config.user()).isEqualTo("1:2");
        assertThat(config.exposedPorts()).containsExactly("80/tcp");
        assertThat(config.labels()).containsEntry("a", "b");
        assertThat(config.diffIds()).containsExactly(Digest.parse("sha256:" + HEX));
        assertThat(config.history()).singleElement().extracting(HistoryEntry::emptyLayer).isEqualTo(true);
        assertThat(config.created()).hasToString("2024-01-02T02:04:05.123456789Z");
    }

    @Test
    void config_toJsonAndBack_isEqual() throws Exception {
        ImageConfig config = new ImageConfig(new Platform("linux", "arm64", "v8"), null, List.of("A=1"),
                List.of("/init"), List.of("-x"), "/", "nobody", Set.of("53/udp"), Map.of("k", "v"), "SIGTERM",
                List.of(Digest.parse("sha256:" + HEX)), List.of());
        byte[] bytes = ImageJson.write(OciTranslator.toJson(config));
        assertThat(OciTranslator.config(ImageJson.read(bytes, ImageConfigJson.class, "c"), "c")).isEqualTo(config);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"Env\":[\"A=1\"]", "\"diff_ids\"");
    }

    @Test
    void manifest_badLayerDigest_namesTheField() throws Exception {
        String json = """
                {"schemaVersion":2,"config":{"mediaType":"%s","digest":"sha256:%s","size":2},
                 "layers":[{"mediaType":"%s","digest":"sha256:nothex","size":3}]}
                """.formatted(MediaTypes.OCI_CONFIG, HEX, MediaTypes.OCI_LAYER_TAR);
        ManifestJson wire = ImageJson.read(json.getBytes(StandardCharsets.UTF_8), ManifestJson.class, "m");
        assertThatThrownBy(() -> OciTranslator.manifest(wire, "manifest"))
                .isInstanceOf(ImageException.class).hasMessageContaining("manifest.layers[0].digest");
    }

    @Test
    void manifest_toJson_writesSchemaVersionAndEmptyLayers() {
        ImageManifest m = new ImageManifest(new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse("sha256:" + HEX), 0),
                List.of(), Map.of());
        String json = new String(ImageJson.write(OciTranslator.toJson(m)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"schemaVersion\":2", "\"layers\":[]", "\"size\":0");
    }
}
