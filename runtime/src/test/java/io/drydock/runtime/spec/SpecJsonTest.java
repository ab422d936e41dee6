package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecJsonTest {
    private static final Path FILE = Path.of("/bundle/config.json");

    /** A config using every part of the model, in the spec's own JSON spelling. */
    static final String FULL = """
        {
          "ociVersion": "1.2.0",
          "process": {
            "terminal": true,
            "consoleSize": {"height": 25, "width": 80},
            "user": {"uid": 1, "gid": 1, "umask": 18, "additionalGids": [5, 6], "username": "daemon"},
            "args": ["sh", "-c", "echo hi"],
            "env": ["PATH=/bin", "TERM=xterm"],
            "cwd": "/root",
            "capabilities": {
              "bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "inheritable": ["CAP_KILL"],
              "permitted": ["CAP_KILL"], "ambient": ["CAP_KILL"]
            },
            "rlimits": [
              {"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 1024},
              {"type": "RLIMIT_CORE", "soft": 18446744073709551615, "hard": 18446744073709551615}
            ],
            "noNewPrivileges": true,
            "oomScoreAdj": 100,
            "apparmorProfile": "acme_secure_profile",
            "selinuxLabel": "system_u:system_r:svirt_lxc_net_t:s0:c124,c675"
          },
          "root": {"path": "rootfs", "readonly": true},
          "hostname": "slartibartfast",
          "domainname": "foobarbaz.test",
          "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/data", "type": "bind", "source": "/volumes/data", "options": ["rbind", "ro"],
             "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
             "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}
          ],
          "hooks": {
            "prestart": [{"path": "/usr/bin/fix-mounts", "args": ["fix-mounts", "arg1"], "env": ["key1=value1"]}],
            "createRuntime": [{"path": "/usr/bin/setup-network"}],
            "createContainer": [{"path": "/usr/bin/mount-hook", "timeout": 5}],
            "startContainer": [{"path": "/usr/bin/refresh-ldcache"}],
            "poststart": [{"path": "/usr/bin/notify-start", "timeout": 5}],
            "poststop": [{"path": "/usr/sbin/cleanup.sh", "args": ["cleanup.sh", "-f"]}]
          },
          "annotations": {"com.example.key1": "value1"},
          "linux": {
            "namespaces": [{"type": "pid"}, {"type": "network", "path": "/var/run/netns/neta"}, {"type": "user"}],
            "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
            "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
            "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}],
            "cgroupsPath": "/myRuntime/myContainer",
            "resources": {
              "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}],
              "memory": {"limit": 536870912, "reservation": 536870912, "swap": -1, "kernelTCP": -1,
                         "swappiness": 0, "disableOOMKiller": false, "useHierarchy": true, "checkBeforeUpdate": true},
              "cpu": {"shares": 1024, "quota": 1000000, "burst": 0, "period": 500000, "realtimeRuntime": 950000,
                      "realtimePeriod": 1000000, "cpus": "2-3", "mems": "0-7", "idle": 0},
              "pids": {"limit": 32771},
              "blockIO": {"weight": 10, "weightDevice": [{"major": 8, "minor": 0, "weight": 500}]},
              "unified": {"io.max": "8:0 rbps=1048576"}
            },
            "sysctl": {"net.ipv4.ip_forward": "1"},
            "seccomp": {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
              "flags": ["SECCOMP_FILTER_FLAG_LOG"],
              "listenerPath": "/run/seccomp-agent.socket",
              "listenerMetadata": "meta",
              "syscalls": [{"names": ["getcwd", "chmod"], "action": "SCMP_ACT_ALLOW",
                            "args": [{"index": 1, "value": 18446744073709551615, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]
            },
            "rootfsPropagation": "slave",
            "maskedPaths": ["/proc/kcore"],
            "readonlyPaths": ["/proc/sys"],
            "mountLabel": "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811",
            "personality": {"domain": "LINUX"}
          }
        }
        """;

    @Test
    void parseConfig_fullExample_readsEveryPart() throws Exception {
        Spec spec = SpecJson.parseConfig(FULL, FILE);

        assertThat(spec.ociVersion()).isEqualTo("1.2.0");
        assertThat(spec.process().args()).containsExactly("sh", "-c", "echo hi");
        assertThat(spec.process().consoleSize()).isEqualTo(new ConsoleSize(25L, 80L));
        assertThat(spec.process().user()).isEqualTo(new User(1L, 1L, 18, List.of(5L, 6L), "daemon"));
        assertThat(spec.process().capabilities().ambient()).containsExactly("CAP_KILL");
        assertThat(spec.process().rlimits().get(1).hard()).isEqualTo(-1L); // RLIM_INFINITY as unsigned
        assertThat(spec.process().oomScoreAdj()).isEqualTo(100);
        assertThat(spec.root()).isEqualTo(new Root("rootfs", true));
        assertThat(spec.mounts().get(1).options()).containsExactly("rbind", "ro");
        assertThat(spec.mounts().get(1).uidMappings()).containsExactly(IdMapping.of(0, 1000, 1));
        assertThat(spec.hooks().createContainer().get(0).timeout()).isEqualTo(5);
        assertThat(spec.hooks().poststop().get(0).args()).containsExactly("cleanup.sh", "-f");
        assertThat(spec.annotations()).containsEntry("com.example.key1", "value1");
        Linux linux = spec.linux();
        assertThat(linux.namespace(NamespaceType.NETWORK).orElseThrow().path()).isEqualTo("/var/run/netns/neta");
        assertThat(linux.has(NamespaceType.USER)).isTrue();
        assertThat(linux.uidMappings()).containsExactly(IdMapping.of(0, 1000, 32000));
        assertThat(linux.devices().get(0).fileMode()).isEqualTo(438);
        assertThat(linux.resources().memory().limit()).isEqualTo(536870912L);
        assertThat(linux.resources().memory().swap()).isEqualTo(-1L);
        assertThat(linux.resources().cpu().cpus()).isEqualTo("2-3");
        assertThat(linux.resources().pids().limit()).isEqualTo(32771L);
        assertThat(linux.resources().blockIO().get("weight").asInt()).isEqualTo(10);
        assertThat(linux.resources().unified()).containsEntry("io.max", "8:0 rbps=1048576");
        assertThat(linux.resources().devices().get(1).allow()).isTrue();
        assertThat(linux.sysctl()).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(linux.seccomp().syscalls().get(0).args().get(0).value()).isEqualTo(-1L);
        assertThat(linux.seccomp().syscalls().get(0).args().get(0).op()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(linux.rootfsPropagation()).isEqualTo("slave");
        assertThat(linux.personality().domain()).isEqualTo("LINUX");
    }

    @Test
    void write_fullExample_roundTripsToEqualSpec() throws Exception {
        Spec spec = SpecJson.parseConfig(FULL, FILE);
        String json = SpecJson.write(spec);
        assertThat(SpecJson.parseConfig(json, null)).isEqualTo(spec);
        assertThat(json).contains("\"soft\" : 18446744073709551615").contains("\"containerID\" : 0");
    }

    @Test
    void write_defaultSpec_roundTripsAndOmitsAbsentMembers() throws Exception {
        Spec spec = DefaultSpec.standard();
        String json = SpecJson.write(spec);
        assertThat(SpecJson.parseConfig(json, null)).isEqualTo(spec);
        assertThat(json).doesNotContain("null").doesNotContain("\"hooks\"").doesNotContain("\"ambient\"");
    }

    @Test
    void parseConfig_unknownProperties_ignored() throws Exception {
        Spec spec = SpecJson.parseConfig("""
            {"ociVersion": "1.2.0", "vendorThing": {"x": 1},
             "process": {"args": ["sh"], "cwd": "/", "ioPriority": {"class": "IOPRIO_CLASS_IDLE"}},
             "linux": {"intelRdt": {"closID": "x"}, "namespaces": [{"type": "pid", "extra": true}]}}
            """, FILE);
        assertThat(spec.process().args()).containsExactly("sh");
        assertThat(spec.linux().namespaces()).containsExactly(new LinuxNamespace("pid", null));
    }

    @Test
    void parseConfig_numberInArgs_namesElementPath() {
        assertThatThrownBy(() -> SpecJson.parseConfig(
            "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": [1], \"cwd\": \"/\"}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.args[0]"))
            .hasMessageStartingWith("/bundle/config.json: process.args[0]: expected a string");
    }

    @Test
    void parseConfig_namespaceTypeNotString_namesIndexedPath() {
        assertThatThrownBy(() -> SpecJson.parseConfig("""
            {"ociVersion": "1.2.0", "linux": {"namespaces": [{"type": "pid"}, {"type": "uts"}, {"type": 7}]}}
            """, FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("linux.namespaces[2].type"));
    }

    @Test
    void parseConfig_stringForBoolean_namesField() {
        assertThatThrownBy(() -> SpecJson.parseConfig(
            "{\"process\": {\"terminal\": \"yes\"}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.terminal"))
            .hasMessageContaining("expected a boolean");
    }

    @Test
    void parseConfig_stringForNumber_namesField() {
        assertThatThrownBy(() -> SpecJson.parseConfig(
            "{\"linux\": {\"uidMappings\": [{\"containerID\": \"0\", \"hostID\": 1, \"size\": 1}]}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("linux.uidMappings[0].containerID"))
            .hasMessageContaining("expected an integer");
    }

    @Test
    void parseConfig_objectWhereArrayExpected_namesField() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"mounts\": {\"destination\": \"/x\"}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("mounts"))
            .hasMessageContaining("expected an array");
    }

    @Test
    void parseConfig_floatForInteger_rejected() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"process\": {\"oomScoreAdj\": 1.5}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.oomScoreAdj"));
    }

    @Test
    void parseConfig_negativeRlimit_rejectedAsNotUint64() {
        assertThatThrownBy(() -> SpecJson.parseConfig(
            "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": -1, \"hard\": 0}]}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.rlimits[0].soft"));
    }

    @Test
    void parseConfig_numberInAnnotations_namesKey() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"annotations\": {\"a\": 1}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("annotations.a"));
    }

    @Test
    void parseConfig_nullInList_namesElement() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"process\": {\"env\": [\"A=1\", null]}}", FILE))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.env[1]"))
            .hasMessageContaining("must not be null");
    }

    @Test
    void parseConfig_brokenJson_saysWhere() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"ociVersion\": \"1.2.0\",\n  oops}", FILE))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("/bundle/config.json")
            .hasMessageContaining("not valid JSON")
            .hasMessageContaining("line 2");
    }

    @Test
    void parseConfig_duplicateKey_rejected() {
        assertThatThrownBy(() -> SpecJson.parseConfig("{\"hostname\": \"a\", \"hostname\": \"b\"}", FILE))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("hostname");
    }

    @Test
    void parseConfig_jsonNull_rejected() {
        assertThatThrownBy(() -> SpecJson.parseConfig("null", FILE))
            .isInstanceOf(SpecException.class)
            .hasMessageContaining("expected a JSON object");
    }

    @Test
    void readBundle_missingConfig_namesFile(@TempDir Path bundle) {
        assertThatThrownBy(() -> SpecJson.readBundle(bundle))
            .isInstanceOf(SpecException.class)
            .satisfies(e -> assertThat(((SpecException) e).file()).isEqualTo(bundle.resolve("config.json")))
            .hasMessageContaining("no such file");
    }

    @Test
    void writeConfig_thenReadBundle_sameSpec(@TempDir Path bundle) throws Exception {
        Spec spec = DefaultSpec.rootless(1000, 1000);
        SpecJson.writeConfig(spec, bundle.resolve(SpecJson.CONFIG_FILE));
        assertThat(Files.readString(bundle.resolve("config.json"))).contains("\"ociVersion\" : \"1.2.0\"");
        assertThat(SpecJson.readBundle(bundle)).isEqualTo(spec);
    }

    @Test
    void model_collectionsAreImmutableAndAbsentMeansEmpty() throws Exception {
        Spec spec = SpecJson.parseConfig("{\"ociVersion\": \"1.2.0\", \"process\": {\"cwd\": \"/\"}}", FILE);
        assertThat(spec.mounts()).isEmpty();
        assertThat(spec.process().args()).isEmpty();
        assertThat(spec.linux()).isNull();
        assertThatThrownBy(() -> spec.mounts().add(Mount.of("/x", "tmpfs", "tmpfs", List.of())))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Spec("1.2.0", null, null, null, null, null, null, null, null).annotations())
            .isEqualTo(Map.of());
    }
}
