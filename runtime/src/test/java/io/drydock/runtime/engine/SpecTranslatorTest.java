package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.Platform;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.NamespaceType;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecTranslatorTest {
    private static final Path ROOTFS = Path.of("/var/lib/drydock/snapshots/x/rootfs");
    private static final Path ETC = Path.of("/var/lib/drydock/containers/x/etc");
    private static final ImageUser ROOT = new ImageUser(0, 0, List.of(), "/root");

    private static ImageConfig image(List<String> entrypoint, List<String> cmd) {
        return new ImageConfig(new Platform("linux", "amd64", null), null, List.of("PATH=/bin", "LANG=C"), entrypoint, cmd,
                "/srv", null, Set.of("80/tcp"), Map.of(), null, List.of(), List.of());
    }

    @Test
    void toSpec_imageDefaults_runEntrypointAndCmdInItsWorkdir() {
        Spec s = SpecTranslator.toSpec(image(List.of("/entry"), List.of("serve")), RunOptions.of("img", List.of()),
                ROOTFS, ROOT, "abc", ETC);
        assertThat(s.process().args()).containsExactly("/entry", "serve");
        assertThat(s.process().cwd()).isEqualTo("/srv");
        assertThat(s.process().isTerminal()).isFalse();
        assertThat(s.process().env()).contains("PATH=/bin", "LANG=C", "HOSTNAME=abc", "HOME=/root");
        assertThat(s.root().path()).isEqualTo(ROOTFS.toString());
        assertThat(s.hostname()).isEqualTo("abc");
    }

    @Test
    void toSpec_commandAndOptions_overrideTheImage() {
        RunOptions o = new RunOptions("img", List.of("echo", "hi"), false, false, null, List.of("LANG=fr", "X=1"), "/tmp",
                "1000", 64L << 20, new CpuLimit(0.5), 30L, true, NetworkMode.BRIDGE, List.of());
        Spec s = SpecTranslator.toSpec(image(List.of(), List.of("serve")), o, ROOTFS,
                new ImageUser(1000, 1000, List.of(50L), null), "abc", ETC);
        assertThat(s.process().args()).containsExactly("echo", "hi");
        assertThat(s.process().cwd()).isEqualTo("/tmp");
        assertThat(s.process().env()).contains("LANG=fr", "X=1", "HOME=/").doesNotContain("LANG=C");
        assertThat(s.process().user().uid()).isEqualTo(1000);
        assertThat(s.process().user().additionalGids()).containsExactly(50L);
        assertThat(s.root().readonly()).isTrue();
        assertThat(s.linux().resources().memory().limit()).isEqualTo(64L << 20);
        assertThat(s.linux().resources().cpu().quota()).isEqualTo(50_000);
        assertThat(s.linux().resources().cpu().period()).isEqualTo(100_000);
        assertThat(s.linux().resources().pids().limit()).isEqualTo(30);
    }

    @Test
    void toSpec_networkModes_ownNamespaceExceptHost() {
        ImageConfig img = image(List.of(), List.of("sh"));
        assertThat(SpecTranslator.toSpec(img, RunOptions.of("img", List.of()), ROOTFS, ROOT, "h", ETC).linux()
                .has(NamespaceType.NETWORK)).isTrue();
        RunOptions host = RunOptions.of("img", List.of()).networked(NetworkMode.HOST, List.of());
        assertThat(SpecTranslator.toSpec(img, host, ROOTFS, ROOT, "h", ETC).linux().has(NamespaceType.NETWORK)).isFalse();
        RunOptions none = RunOptions.of("img", List.of()).networked(NetworkMode.NONE, List.of());
        assertThat(SpecTranslator.toSpec(img, none, ROOTFS, ROOT, "h", ETC).linux().has(NamespaceType.NETWORK)).isTrue();
    }

    @Test
    void toSpec_etcFiles_areBoundFromTheContainersEtc() {
        Spec s = SpecTranslator.toSpec(image(List.of(), List.of("sh")), RunOptions.of("img", List.of()), ROOTFS, ROOT, "h", ETC);
        List<Mount> binds = s.mounts().stream().filter(m -> m.destination().startsWith("/etc/")).toList();
        assertThat(binds).extracting(Mount::destination).containsExactly("/etc/hosts", "/etc/resolv.conf", "/etc/hostname");
        assertThat(binds).extracting(Mount::source).containsExactly(ETC.resolve("hosts").toString(),
                ETC.resolve("resolv.conf").toString(), ETC.resolve("hostname").toString());
    }

    @Test
    void toSpec_noCommandAnywhere_isRefusedNamingTheImage() {
        assertThatThrownBy(() -> SpecTranslator.toSpec(image(List.of(), List.of()), RunOptions.of("scratchy", List.of()),
                ROOTFS, ROOT, "h", ETC)).hasMessageContaining("scratchy");
    }

    @Test
    void toSpec_result_isValidJsonTheRuntimeReadsBack() throws Exception {
        Spec s = SpecTranslator.toSpec(image(List.of(), List.of("sh")), RunOptions.of("img", List.of()), ROOTFS, ROOT, "h", ETC);
        assertThat(SpecJson.parseConfig(SpecJson.write(s), Path.of("config.json"))).isEqualTo(s);
    }
}
