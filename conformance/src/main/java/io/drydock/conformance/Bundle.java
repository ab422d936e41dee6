package io.drydock.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.oci.BundleWriter;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.spec.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One OCI bundle of the suite: the busybox root filesystem and the config.json every platform of
 * drydock runs ({@link BundleWriter}'s, from drydock's default spec), which a test then changes
 * field by field through this class before a runtime sees it. The config is a JSON tree, not the
 * runtime's model, so that a test can write what the model would refuse or not know.
 */
public final class Bundle {
    private final Path dir;
    private final Path rootfs;
    private final ObjectNode config;

    private Bundle(Path dir, Path rootfs, ObjectNode config) {
        this.dir = dir;
        this.rootfs = rootfs;
        this.config = config;
    }

    /** Makes {@code dir} with a busybox rootfs and the default config running {@code args}. */
    static Bundle create(Path dir, List<String> args) {
        try {
            Path rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
            String json = SpecJson.write(BundleWriter.spec(InstanceSpec.of(rootfs, args.toArray(String[]::new))));
            return new Bundle(dir, rootfs, (ObjectNode) Json.parse(json, "the default config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The bundle directory. */
    public Path dir() {
        return dir;
    }

    /** The root filesystem on the host. */
    public Path rootfs() {
        return rootfs;
    }

    /** The whole config tree, for changes this class has no method for. */
    public ObjectNode config() {
        return config;
    }

    private ObjectNode process() {
        return config.withObject("/process");
    }

    private ObjectNode linux() {
        return config.withObject("/linux");
    }

    /** Sets process.args. */
    public Bundle args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    /** Runs {@code script} with {@code sh -c}. */
    public Bundle shell(String script) {
        return args("sh", "-c", script);
    }

    /** Sets hostname (null removes it). */
    public Bundle hostname(String name) {
        if (name == null) {
            config.remove("hostname");
        } else {
            config.put("hostname", name);
        }
        return this;
    }

    /** Sets domainname. */
    public Bundle domainname(String name) {
        config.put("domainname", name);
        return this;
    }

    /** Sets process.cwd. */
    public Bundle cwd(String cwd) {
        process().put("cwd", cwd);
        return this;
    }

    /** Sets process.terminal. */
    public Bundle terminal(boolean on) {
        process().put("terminal", on);
        return this;
    }

    /** Sets process.noNewPrivileges. */
    public Bundle noNewPrivileges(boolean on) {
        process().put("noNewPrivileges", on);
        return this;
    }

    /** Sets root.readonly. */
    public Bundle readonlyRoot(boolean on) {
        config.withObject("/root").put("readonly", on);
        return this;
    }

    /** Sets every capability set (bounding, effective, permitted; inheritable and ambient empty). */
    public Bundle capabilities(List<String> caps) {
        ObjectNode c = process().putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = c.putArray(set);
            caps.forEach(a::add);
        }
        c.putArray("inheritable");
        c.putArray("ambient");
        return this;
    }

    /** The namespace types the config asks for. */
    public List<String> namespaces() {
        return linux().withArray("/namespaces").valueStream().map(n -> n.path("type").asText()).toList();
    }

    /** Removes the namespace of {@code type} (pid, network, ipc, uts, mount, user, cgroup). */
    public Bundle withoutNamespace(String type) {
        ArrayNode ns = linux().withArray("/namespaces");
        for (int i = ns.size() - 1; i >= 0; i--) {
            if (ns.get(i).path("type").asText().equals(type)) {
                ns.remove(i);
            }
        }
        return this;
    }

    /** Adds a new namespace of {@code type}. */
    public Bundle withNamespace(String type) {
        withoutNamespace(type);
        linux().withArray("/namespaces").addObject().put("type", type);
        return this;
    }

    /** Replaces process.rlimits with one entry. */
    public Bundle rlimit(String type, long soft, long hard) {
        ArrayNode r = process().putArray("rlimits");
        r.addObject().put("type", type).put("soft", soft).put("hard", hard);
        return this;
    }

    /** Sets linux.seccomp. */
    public Bundle seccomp(ObjectNode seccomp) {
        linux().set("seccomp", seccomp);
        return this;
    }

    /** Maps container ids 0..size-1 to host ids from {@code hostId} for users and groups. */
    public Bundle idMappings(long hostId, long size) {
        for (String field : List.of("uidMappings", "gidMappings")) {
            ArrayNode a = linux().putArray(field);
            a.addObject().put("containerID", 0).put("hostID", hostId).put("size", size);
        }
        return this;
    }

    /** linux.resources, made if missing. */
    public ObjectNode resources() {
        return linux().withObject("/resources");
    }

    /** Sets linux.cgroupsPath. */
    public Bundle cgroupsPath(String path) {
        linux().put("cgroupsPath", path);
        return this;
    }

    /** The mount destinations the config asks for, in order. */
    public List<String> mountDestinations() {
        return config.withArray("/mounts").valueStream().map(m -> m.path("destination").asText()).toList();
    }

    /** Removes the mount at {@code destination}. */
    public Bundle withoutMount(String destination) {
        ArrayNode m = config.withArray("/mounts");
        for (int i = m.size() - 1; i >= 0; i--) {
            if (m.get(i).path("destination").asText().equals(destination)) {
                m.remove(i);
            }
        }
        return this;
    }

    /** Strings of a list field under linux, e.g. maskedPaths. */
    public List<String> linuxList(String field) {
        JsonNode n = linux().path(field);
        return n.isArray() ? n.valueStream().map(JsonNode::asText).toList() : List.of();
    }

    /** Writes config.json; the runtime reads it at create. */
    void write() {
        try {
            Files.writeString(dir.resolve("config.json"), Json.MAPPER.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }
}
