package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.runtime.process.PlanEncoder;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.SpecValidationException;
import io.drydock.runtime.spec.SpecValidator;
import io.drydock.runtime.spec.Violation;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile {@code config.json}: valid configs mutated (a member's type changed, members deleted or
 * added, huge numbers and strings, deep nesting) go through what {@code create} does before it
 * touches the kernel - parse, validate, resolve the init plan, encode it for the shim - and each
 * is either accepted or refused with a {@link SpecException} naming the field. Nothing else may
 * escape: no NullPointerException, ClassCastException, StackOverflowError or arithmetic surprise.
 *
 * <p>A property over {@link #TRIES} generated inputs, each from its own seed: a failure names the
 * seed and the mutations, and {@link #mutations(long)} of that seed gives the same input again.
 */
class ConfigFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SpecValidator VALIDATOR = SpecValidator.standard();
    /** Stands for a deeply nested value in the tree; replaced in the text after writing it. */
    private static final String DEEP = "\u0001deep\u0001";

    private static Path bundle;

    @BeforeAll
    static void makeBundle() throws IOException {
        bundle = Files.createTempDirectory("drydock-config-fuzz");
        Files.createDirectories(bundle.resolve("rootfs/data"));
        Files.createDirectories(bundle.resolve("volume"));
    }

    @AfterAll
    static void removeBundle() throws IOException {
        try (Stream<Path> all = Files.walk(bundle)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The standard spec, and one using most of the model with values this runtime accepts. */
    static List<String> baseConfigs() {
        String standard = SpecJson.write(DefaultSpec.standard().withProcess(
            DefaultSpec.standard().process().withTerminal(false)));
        String rich = """
            {
              "ociVersion": "1.2.0",
              "process": {
                "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [5, 6]},
                "args": ["sh", "-c", "echo hi"],
                "env": ["PATH=/bin", "TERM=xterm"],
                "cwd": "/data",
                "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"],
                  "permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]},
                "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 1024}],
                "noNewPrivileges": true,
                "oomScoreAdj": 100
              },
              "root": {"path": "rootfs", "readonly": false},
              "hostname": "fuzzed",
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "size=65536k"]},
                {"destination": "/data", "type": "bind", "source": "volume", "options": ["rbind", "ro"]}
              ],
              "annotations": {"org.example": "x"},
              "linux": {
                "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
                               {"type": "network"}, {"type": "user"}],
                "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
                "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
                "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438}],
                "resources": {
                  "devices": [{"allow": false, "access": "rwm"}],
                  "memory": {"limit": 536870912, "swap": 536870912},
                  "cpu": {"shares": 1024, "quota": 50000, "period": 100000, "cpus": "0"},
                  "pids": {"limit": 64}
                },
                "sysctl": {"net.ipv4.ip_forward": "1"},
                "seccomp": {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "architectures": ["SCMP_ARCH_X86_64"],
                  "syscalls": [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
                                "args": [{"index": 1, "value": 18, "op": "SCMP_CMP_EQ"}]}]
                },
                "maskedPaths": ["/proc/kcore"],
                "readonlyPaths": ["/proc/sys"]
              }
            }
            """;
        return List.of(standard, rich);
    }

    @Test
    void baseConfigs_areAccepted() throws SpecException {
        for (String config : baseConfigs()) {
            assertThat(createPipeline(config)).isNotEmpty();
        }
    }

    // What the fuzzing found, kept as examples: each escaped as an exception with a stack trace.

    @Test
    void nulInAnArgument_isRefusedNamingTheArgument() {
        String config = baseConfigs().get(0).replace("\"sh\"", "\"s\\u0000h\"");
        assertThatThrownBy(() -> createPipeline(config)).isInstanceOf(SpecException.class)
            .hasMessageContaining("process.args[0]: contains a NUL byte");
    }

    @Test
    void nulInTheRootPath_isRefusedNamingIt() {
        String config = baseConfigs().get(1).replace("\"path\": \"rootfs\"", "\"path\": \"root\\u0000fs\"");
        assertThatThrownBy(() -> createPipeline(config)).isInstanceOf(SpecException.class)
            .hasMessageContaining("root.path: contains a NUL byte");
    }

    @Test
    void nulInASysctlName_isRefusedNamingTheMap() {
        String config = baseConfigs().get(1).replace("\"net.ipv4.ip_forward\"", "\"net\\u0000x\"");
        assertThatThrownBy(() -> createPipeline(config)).isInstanceOf(SpecException.class)
            .hasMessageContaining("linux.sysctl").hasMessageContaining("contains a NUL byte");
    }

    @Test
    void bindMountWithoutSource_isRefusedNamingTheSource() {
        String config = baseConfigs().get(1).replace("\"source\": \"volume\", ", "");
        assertThatThrownBy(() -> createPipeline(config)).isInstanceOf(SpecValidationException.class)
            .hasMessageContaining("mounts[2].source: required for a bind mount");
    }

    /** What a mutation does at the node it picks. */
    enum Kind { RETYPE, DELETE, ADD, HUGE_NUMBER, HUGE_STRING, ODD_STRING, DEEP_NESTING }

    /** One change at the {@code at}-th node (pre-order, modulo the node count) of the tree. */
    record Mutation(Kind kind, int at, int variant) {
    }

    /** Inputs tried per run; about three seconds of the unit suite on a loaded 2-core host. */
    static final int TRIES = 500;

    /** The mutations of try {@code seed}: one to four, at random nodes. */
    static List<Mutation> mutations(long seed) {
        Random r = new Random(seed);
        List<Mutation> out = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(new Mutation(Kind.values()[r.nextInt(Kind.values().length)], r.nextInt(10_000), r.nextInt(1_000)));
        }
        return out;
    }

    @Test
    void mutatedConfigs_areAcceptedOrRefusedNamingTheField() throws IOException {
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (long seed = 0; seed < TRIES; seed++) {
            List<Mutation> mutations = mutations(seed);
            boolean rich = seed % 2 == 1;
            try {
                if (tryOne(mutations, rich)) {
                    accepted++;
                }
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                failures.add("seed " + seed + " (" + (rich ? "rich" : "standard") + " config, " + mutations + "): " + e
                    + " at " + where(e));
            }
        }
        assertThat(failures).as("inputs neither accepted nor refused with the field named").isEmpty();
        // The generator must reach both outcomes, or it tests nothing.
        assertThat(accepted).isBetween(1, TRIES - 1);
    }

    /** The frame of the runtime's own code that threw, or the first frame. */
    private static String where(Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        return Stream.of(frames).filter(f -> f.getClassName().startsWith("io.drydock.runtime.")
                && !f.getClassName().endsWith("FuzzTest")).findFirst()
            .map(StackTraceElement::toString).orElse(frames.length == 0 ? "?" : frames[0].toString());
    }

    /** @return whether the mutated config was accepted */
    private static boolean tryOne(List<Mutation> mutations, boolean rich) throws IOException {
        JsonNode tree = JSON.readTree(baseConfigs().get(rich ? 1 : 0));
        List<String> deep = new ArrayList<>();
        for (Mutation m : mutations) {
            tree = apply(tree, m, deep);
        }
        String text = JSON.writeValueAsString(tree);
        for (String nested : deep) {
            text = text.replaceFirst("\"" + DEEP + "\"", java.util.regex.Matcher.quoteReplacement(nested));
        }
        try {
            createPipeline(text);
            return true;
        } catch (SpecValidationException e) {
            for (Violation v : e.violations()) {
                assertThat(v.field()).as("a violation without a field: %s", v).isNotBlank();
            }
            assertThat(e.getMessage()).doesNotContain("\tat ").contains(e.violations().get(0).field());
        } catch (SpecException e) {
            assertThat(e.getMessage()).doesNotContain("\tat ");
            if (e.field() == null || e.field().isEmpty()) {
                // Only a document that is not JSON at all, or not an object, has no field to name.
                assertThat(e.getMessage()).as("a refusal naming no field: %s", e.getMessage())
                    .containsAnyOf("not valid JSON", "expected a JSON object", "expected an object");
            } else {
                assertThat(e.getMessage()).contains(e.field());
            }
        }
        return false;
    }

    /** Parse, validate, resolve and encode: the steps of create before any kernel call. */
    private static byte[] createPipeline(String config) throws SpecException {
        Spec spec = SpecJson.parseConfig(config, bundle.resolve(SpecJson.CONFIG_FILE));
        VALIDATOR.requireValid(spec, bundle);
        Path proc = bundle.resolve("proc");
        var plan = new InitPlanResolver(proc).create(spec, bundle, bundle.resolve("exec.fifo"), null,
            Map.of(), false);
        return new PlanEncoder().encode(plan);
    }

    private static JsonNode apply(JsonNode root, Mutation m, List<String> deep) {
        List<Located> all = new ArrayList<>();
        collect(root, null, null, -1, all);
        Located target = all.get(m.at() % all.size());
        JsonNode replacement = switch (m.kind()) {
            case RETYPE -> retyped(target.node(), m.variant());
            case HUGE_NUMBER -> hugeNumber(m.variant());
            case HUGE_STRING -> NODES.textNode("a".repeat(1 << 16) + m.variant());
            case ODD_STRING -> NODES.textNode(oddString(m.variant()));
            case DEEP_NESTING -> {
                deep.add(nested(m.variant()));
                yield NODES.textNode(DEEP);
            }
            case DELETE, ADD -> null;
        };
        if (m.kind() == Kind.ADD) {
            if (target.node() instanceof ObjectNode o) {
                o.set("fuzz" + m.variant(), retyped(NODES.nullNode(), m.variant()));
            } else if (target.node() instanceof ArrayNode a) {
                a.add(a.isEmpty() ? retyped(NODES.nullNode(), m.variant()) : a.get(0).deepCopy());
            }
            return root;
        }
        if (target.parent() == null) {
            return m.kind() == Kind.DELETE ? NODES.objectNode() : replacement;
        }
        if (target.parent() instanceof ObjectNode o) {
            if (m.kind() == Kind.DELETE) {
                o.remove(target.name());
            } else {
                o.set(target.name(), replacement);
            }
        } else if (target.parent() instanceof ArrayNode a) {
            if (m.kind() == Kind.DELETE) {
                a.remove(target.index());
            } else {
                a.set(target.index(), replacement);
            }
        }
        return root;
    }

    private record Located(JsonNode node, JsonNode parent, String name, int index) {
    }

    private static void collect(JsonNode node, JsonNode parent, String name, int index, List<Located> out) {
        out.add(new Located(node, parent, name, index));
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                collect(node.get(n), node, n, -1, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), node, null, i, out);
            }
        }
    }

    /** A value of a JSON kind other than {@code node}'s (which one depends on {@code variant}). */
    private static JsonNode retyped(JsonNode node, int variant) {
        List<JsonNode> kinds = new ArrayList<>(List.of(
            NODES.textNode("x"), NODES.numberNode(7), NODES.numberNode(-1), NODES.numberNode(1.5),
            NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode(), NODES.objectNode(),
            NODES.arrayNode().addNull(), NODES.objectNode().putNull(""), NODES.textNode("")));
        kinds.removeIf(k -> k.getNodeType() == node.getNodeType() && !node.isNull());
        return kinds.get(variant % kinds.size());
    }

    private static JsonNode hugeNumber(int variant) {
        return switch (variant % 8) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(Long.MIN_VALUE);
            case 2 -> NODES.numberNode(BigInteger.TWO.pow(64));
            case 3 -> NODES.numberNode(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
            case 4 -> NODES.numberNode(BigInteger.TEN.pow(400));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 6 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
            default -> NODES.numberNode(-4294967296L);
        };
    }

    private static String oddString(int variant) {
        List<String> odd = List.of("../../../../etc", "/../../etc/shadow", "/proc/self/fd/3", "a\u0000b",
            "line\nbreak", "/", "", " ", "//", "/dev/../../host", "\uD83D\uDE00", "/tmp/" + "x/".repeat(3000),
            "CAP_ALL", "SCMP_ACT_KILL_EVERYTHING", "-1", "18446744073709551616", "user=root", "=", "\\");
        return odd.get(variant % odd.size());
    }

    /** An array or object nested thousands deep, as JSON text. */
    private static String nested(int variant) {
        int depth = 1_000 + variant * 20;
        boolean arrays = variant % 2 == 0;
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }
}
