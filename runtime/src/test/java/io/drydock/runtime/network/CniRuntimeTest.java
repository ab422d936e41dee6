package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniRuntimeTest {
    @TempDir
    Path tmp;
    private Path plugins;
    private RecordingProcessRunner runner;
    private CniRuntime cni;
    private CniConfigList list;
    private final List<PortMapping> ports = PortMapping.parseAll(List.of("127.0.0.1:8080:80", "5353:53/udp"));

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        for (String p : List.of("bridge", "portmap", "loopback", "host-local")) {
            Files.createFile(plugins.resolve(p), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        runner = new RecordingProcessRunner();
        cni = new CniRuntime(List.of(tmp.resolve("empty"), plugins), runner, new AttachmentCache(tmp.resolve("cache")));
        list = NetworkConfig.defaults(tmp.resolve("state")).containerConflist();
    }

    private CniRuntimeConf rt(List<PortMapping> mappings) {
        return new CniRuntimeConf("ctr1", "/run/netns/ctr1", "eth0", mappings);
    }

    private RecordingProcessRunner.Call call(String plugin, String command) {
        return runner.calls().stream().filter(c -> c.program().equals(plugin) && c.command().equals(command))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void add_runsPluginsInOrder_chainingPrevResult_andSendsPortMappingsOnlyToCapablePlugins() throws Exception {
        CniResult result = cni.add(list, rt(ports));

        assertThat(runner.cniCalls()).containsExactly("bridge ADD", "portmap ADD");
        JsonNode bridge = call("bridge", "ADD").config();
        assertThat(bridge.has("prevResult")).isFalse();
        assertThat(bridge.has("runtimeConfig")).isFalse();
        assertThat(bridge.get("name").asText()).isEqualTo("drydock");
        assertThat(bridge.get("cniVersion").asText()).isEqualTo("1.0.0");
        JsonNode portmap = call("portmap", "ADD").config();
        assertThat(portmap.get("prevResult")).isEqualTo(CniJson.object(RecordingProcessRunner.BRIDGE_RESULT, "r"));
        JsonNode maps = portmap.at("/runtimeConfig/portMappings");
        assertThat(maps).hasSize(2);
        assertThat(maps.get(0).get("hostPort").asInt()).isEqualTo(8080);
        assertThat(maps.get(0).get("containerPort").asInt()).isEqualTo(80);
        assertThat(maps.get(0).get("protocol").asText()).isEqualTo("tcp");
        assertThat(maps.get(0).get("hostIP").asText()).isEqualTo("127.0.0.1");
        assertThat(maps.get(1).get("protocol").asText()).isEqualTo("udp");
        assertThat(maps.get(1).has("hostIP")).isFalse();
        assertThat(result.firstIpv4().orElseThrow().cidr()).isEqualTo("10.89.0.2/24");
    }

    @Test
    void add_setsTheCniEnvironment() throws Exception {
        cni.add(list, new CniRuntimeConf("ctr1", "/run/netns/ctr1", "eth0", Map.of("K8S_POD_NAME", "web"), List.of()));

        Map<String, String> env = call("bridge", "ADD").env();
        assertThat(env).containsEntry("CNI_COMMAND", "ADD")
                .containsEntry("CNI_CONTAINERID", "ctr1")
                .containsEntry("CNI_NETNS", "/run/netns/ctr1")
                .containsEntry("CNI_IFNAME", "eth0")
                .containsEntry("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web")
                .containsEntry("CNI_PATH", tmp.resolve("empty") + ":" + plugins)
                .containsKey("PATH");
        assertThat(call("bridge", "ADD").argv()).containsExactly(plugins.resolve("bridge").toString());
    }

    @Test
    void add_asksEachPluginTypeItsVersionsOnce() throws Exception {
        cni.add(list, rt(List.of()));
        cni.add(list, new CniRuntimeConf("ctr2", "/run/netns/ctr2", "eth0", List.of()));

        assertThat(runner.calls().stream().filter(c -> c.command().equals("VERSION")).map(RecordingProcessRunner.Call::program))
                .containsExactly("bridge", "portmap");
    }

    @Test
    void add_unsupportedCniVersion_isRefusedNamingPluginAndVersions() {
        runner.answer(c -> c.command().equals("VERSION") && c.program().equals("portmap"),
                c -> new ProcessRunner.Output(0, "{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.1\",\"0.4.0\"]}", ""));

        assertThatThrownBy(() -> cni.add(list, rt(List.of())))
                .isInstanceOf(NetworkException.class)
                .hasMessageContaining("'portmap'").hasMessageContaining("1.0.0").hasMessageContaining("[0.3.1, 0.4.0]");
    }

    @Test
    void add_cachesTheResult_andDelUsesItInReverseOrder_withTheAddsPortMappings() throws Exception {
        CniResult result = cni.add(list, rt(ports));
        assertThat(cni.cache().load("drydock", "ctr1", "eth0")).get()
                .extracting(CachedAttachment::result).isEqualTo(result);

        cni.del(list, rt(List.of())); // a caller after a restart knows only the id

        assertThat(runner.cniCalls()).containsExactly("bridge ADD", "portmap ADD", "portmap DEL", "bridge DEL");
        assertThat(call("portmap", "DEL").config().get("prevResult")).isEqualTo(result.tree());
        assertThat(call("bridge", "DEL").config().get("prevResult")).isEqualTo(result.tree());
        assertThat(call("portmap", "DEL").config().at("/runtimeConfig/portMappings")).hasSize(2);
        assertThat(cni.cache().load("drydock", "ctr1", "eth0")).isEmpty();
    }

    @Test
    void add_recordsTheNamespaceInode_andDelKeepsTheNetnsWhileItIsTheSame() throws Exception {
        Path netns = Files.createFile(tmp.resolve("netns"));
        CniRuntimeConf conf = new CniRuntimeConf("ctr1", netns.toString(), "eth0", List.of());
        cni.add(list, conf);
        CachedAttachment cached = cni.cache().load("drydock", "ctr1", "eth0").orElseThrow();
        assertThat(cached.netnsInode()).isEqualTo(CniRuntime.netnsInode(netns.toString())).isPositive();

        cni.del(cached);

        assertThat(call("bridge", "DEL").env()).containsEntry("CNI_NETNS", netns.toString());
    }

    @Test
    void del_whenThePathNamesAnotherNamespaceNow_leavesCniNetnsEmpty() throws Exception {
        Path netns = Files.createFile(tmp.resolve("netns"));
        CniRuntimeConf conf = new CniRuntimeConf("ctr1", netns.toString(), "eth0", List.of());
        CniResult result = CniResult.parse(RecordingProcessRunner.BRIDGE_RESULT);
        // As if ADD saw another inode: the pid in /proc/<pid>/ns/net was reused since.
        cni.cache().store(new CachedAttachment(list, conf, result, CniRuntime.netnsInode(netns.toString()) + 1));

        cni.del(list, conf);

        assertThat(call("bridge", "DEL").env()).containsEntry("CNI_NETNS", "");
        assertThat(call("portmap", "DEL").env()).containsEntry("CNI_NETNS", "");
        assertThat(cni.cache().list("drydock")).isEmpty();
    }

    @Test
    void del_withoutCachedResult_runsWithoutPrevResult() throws Exception {
        cni.del(list, rt(List.of()));

        assertThat(runner.cniCalls()).containsExactly("portmap DEL", "bridge DEL");
        assertThat(call("bridge", "DEL").config().has("prevResult")).isFalse();
    }

    @Test
    void add_pluginFails_delsEveryPluginInReverse_andThrowsTheCniError() throws Exception {
        runner.failPlugin("portmap", "ADD", 7, "invalid network config");

        assertThatThrownBy(() -> cni.add(list, rt(ports)))
                .isInstanceOfSatisfying(CniPluginException.class, e -> {
                    assertThat(e.plugin()).isEqualTo("portmap");
                    assertThat(e.command()).isEqualTo("ADD");
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).isEqualTo("invalid network config");
                    assertThat(e.details()).isEqualTo("more about it");
                    assertThat(e.getMessage()).contains("portmap").contains("code 7").contains("invalid network config");
                });
        assertThat(runner.cniCalls()).containsExactly("bridge ADD", "portmap ADD", "portmap DEL", "bridge DEL");
        assertThat(call("bridge", "DEL").config().get("prevResult"))
                .isEqualTo(CniJson.object(RecordingProcessRunner.BRIDGE_RESULT, "r"));
        assertThat(cni.cache().list("drydock")).isEmpty();
    }

    @Test
    void add_cleanupFailure_isAttachedAsSuppressed() {
        runner.failPlugin("portmap", "ADD", 999, "boom").failPlugin("bridge", "DEL", 999, "cannot release");

        assertThatThrownBy(() -> cni.add(list, rt(ports)))
                .hasMessageContaining("boom")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("cannot release")));
    }

    @Test
    void del_aPluginFails_theOthersStillRun_andTheCacheIsKeptForAnotherTry() throws Exception {
        cni.add(list, rt(ports));
        runner.failPlugin("portmap", "DEL", 999, "iptables locked");

        assertThatThrownBy(() -> cni.del(list, rt(List.of()))).hasMessageContaining("iptables locked");

        assertThat(runner.cniCalls()).endsWith("portmap DEL", "bridge DEL");
        assertThat(cni.cache().load("drydock", "ctr1", "eth0")).isPresent();
    }

    @Test
    void check_usesTheCachedResult_inOrder() throws Exception {
        CniResult result = cni.add(list, rt(ports));

        cni.check(list, rt(ports));

        assertThat(runner.cniCalls()).endsWith("bridge CHECK", "portmap CHECK");
        assertThat(call("bridge", "CHECK").config().get("prevResult")).isEqualTo(result.tree());
    }

    @Test
    void check_withoutAddOrWhenDisabled_isRefused() {
        assertThatThrownBy(() -> cni.check(list, rt(List.of()))).hasMessageContaining("no cached ADD result");
        CniConfigList disabled = new CniConfigList("1.0.0", "drydock", true, list.plugins());
        assertThatThrownBy(() -> cni.check(disabled, rt(List.of()))).hasMessageContaining("disableCheck");
    }

    @Test
    void pluginFailingWithoutAnErrorObject_isReportedWithItsStderr() {
        runner.answer(c -> c.program().equals("bridge") && c.command().equals("ADD"),
                c -> new ProcessRunner.Output(2, "", "panic: runtime error"));

        assertThatThrownBy(() -> cni.add(list, rt(List.of())))
                .isInstanceOfSatisfying(CniPluginException.class, e -> {
                    assertThat(e.code()).isZero();
                    assertThat(e.details()).contains("panic: runtime error");
                });
    }

    @Test
    void missingPlugin_isNamedWithTheSearchPath() throws IOException {
        Files.delete(plugins.resolve("portmap"));

        assertThatThrownBy(() -> cni.add(list, rt(List.of())))
                .hasMessageContaining("'portmap' not found in " + tmp.resolve("empty") + ":" + plugins);
    }

    @Test
    void add_withInitialPrevResult_handsItToTheFirstPlugin() throws Exception {
        CniResult known = CniResult.parse("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.89.0.200/24\"}]}");
        CniConfigList portmapOnly = NetworkConfig.defaults(tmp).portMapOnlyConflist();

        CniResult result = cni.add(portmapOnly, rt(ports), known);

        assertThat(call("portmap", "ADD").config().get("prevResult")).isEqualTo(known.tree());
        assertThat(result.firstIpv4().orElseThrow().cidr()).isEqualTo("10.89.0.200/24");
    }

    @Test
    void pluginConfig_listNameAndVersionWin_overThePlugins() {
        JsonNode plugin = CniJson.object("{\"type\":\"bridge\",\"name\":\"other\",\"cniVersion\":\"0.3.1\",\"runtimeConfig\":{\"x\":1}}", "p");

        JsonNode conf = CniRuntime.pluginConfig(list, plugin, rt(ports), null);

        assertThat(conf.get("name").asText()).isEqualTo("drydock");
        assertThat(conf.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(conf.has("runtimeConfig")).isFalse();
    }

    @Test
    void runtimeConf_badValues_areRefusedNamingThem() {
        assertThatThrownBy(() -> new CniRuntimeConf("bad id", "/n", "eth0", List.of())).hasMessageContaining("'bad id'");
        assertThatThrownBy(() -> new CniRuntimeConf("c", "/n", "a-very-long-ifname", List.of()))
                .hasMessageContaining("'a-very-long-ifname'");
        assertThatThrownBy(() -> new CniRuntimeConf("c", "/n", "eth0", Map.of("A", "b;c"), List.of()))
                .hasMessageContaining("'A=b;c'");
        assertThatThrownBy(() -> new CniRuntimeConf("c", "/n", "eth0", List.of(PortMapping.parse("80"))))
                .hasMessageContaining("no host port yet");
    }
}
