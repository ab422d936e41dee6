package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Drives CNI plugins as a CNI runtime does (CNI spec 1.0): ADD, CHECK and DEL of a network
 * configuration list for one attachment, with {@code prevResult} chaining, capability arguments
 * in {@code runtimeConfig}, the {@code CNI_*} environment, and the plugin's JSON error turned
 * into a {@link CniPluginException}. Successful ADDs are cached on disk so that CHECK and DEL,
 * from this or a later process, hand the plugins the result of the ADD.
 */
public final class CniRuntime {
    private static final List<Path> DEFAULT_PLUGIN_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));

    private final List<Path> pluginDirs;
    private final ProcessRunner runner;
    private final AttachmentCache cache;
    private final Map<String, List<String>> versionsByPlugin = new ConcurrentHashMap<>();

    /**
     * @param pluginDirs where plugins are looked up by {@code type}, in order (also {@code CNI_PATH})
     * @param runner     runs the plugin executables
     * @param cache      where ADD results are kept for CHECK, DEL and prune
     */
    public CniRuntime(List<Path> pluginDirs, ProcessRunner runner, AttachmentCache cache) {
        if (pluginDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one CNI plugin directory is needed");
        }
        this.pluginDirs = List.copyOf(pluginDirs);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Debian's {@code containernetworking-plugins} directory, then the upstream default. */
    public static List<Path> defaultPluginDirs() {
        return DEFAULT_PLUGIN_DIRS;
    }

    /** The attachment cache this runtime writes. */
    public AttachmentCache cache() {
        return cache;
    }

    /**
     * ADD: runs each plugin in order, the previous one's result as {@code prevResult}, caches and
     * returns the last result. When a plugin fails, DEL is run for the whole list (reverse order,
     * as the spec asks of a runtime that cleans up), its failures attached as suppressed.
     */
    public CniResult add(CniConfigList list, CniRuntimeConf rt) throws NetworkException {
        return add(list, rt, null);
    }

    /**
     * ADD with a result to hand the first plugin as {@code prevResult}: how a chained plugin such
     * as {@code portmap} is run for an address that no plugin of the list assigned (a VM's).
     */
    public CniResult add(CniConfigList list, CniRuntimeConf rt, CniResult initialPrevResult) throws NetworkException {
        CniResult prev = initialPrevResult;
        long inode = netnsInode(rt.netns());
        try {
            for (String type : distinct(list.pluginTypes())) {
                requireSupported(type, list.cniVersion());
            }
            List<JsonNode> plugins = list.plugins();
            for (JsonNode plugin : plugins) {
                String out = invoke("ADD", list, plugin, rt, prev);
                prev = CniResult.parse(out);
            }
            if (prev == null) {
                throw new NetworkException("CNI network '" + list.name() + "' ADD produced no result");
            }
            cache.store(new CachedAttachment(list, rt, prev, inode));
            return prev;
        } catch (NetworkException | RuntimeException e) {
            try {
                runDel(list, rt, prev);
                cache.remove(list.name(), rt.containerId(), rt.ifName());
            } catch (NetworkException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * CHECK: runs each plugin in order with the cached ADD result as {@code prevResult}.
     *
     * @throws NetworkException when there is no cached ADD, the list disables CHECK, or a plugin
     *                          reports the attachment is not as it should be
     */
    public void check(CniConfigList list, CniRuntimeConf rt) throws NetworkException {
        if (list.disableCheck()) {
            throw new NetworkException("CNI network '" + list.name() + "' sets disableCheck; CHECK is not run");
        }
        CachedAttachment cached = cache.load(list.name(), rt.containerId(), rt.ifName())
                .orElseThrow(() -> new NetworkException("no cached ADD result for container " + rt.containerId()
                        + " interface " + rt.ifName() + " on network " + list.name() + " to CHECK against"));
        for (JsonNode plugin : list.plugins()) {
            invoke("CHECK", list, plugin, rt, cached.result());
        }
    }

    /**
     * DEL: runs the plugins in reverse order with the cached ADD result as {@code prevResult}
     * (omitted when there is none, as the spec allows) and the cached port mappings, then drops
     * the cache entry. Every plugin is run even when one fails, so that as much as possible is
     * released; the first failure is thrown with the others suppressed, and the cache entry is
     * kept so that a later DEL or prune can try again.
     */
    public void del(CniConfigList list, CniRuntimeConf rt) throws NetworkException {
        Optional<CachedAttachment> cached = cache.load(list.name(), rt.containerId(), rt.ifName());
        CniRuntimeConf effective = cached.map(CniRuntime::delRuntimeConf).orElse(rt);
        runDel(list, effective, cached.map(CachedAttachment::result).orElse(null));
        cache.remove(list.name(), rt.containerId(), rt.ifName());
    }

    /** DEL of a cached attachment with the config it was added with: for prune and restarts. */
    public void del(CachedAttachment attachment) throws NetworkException {
        CniRuntimeConf rt = attachment.runtimeConf();
        runDel(attachment.config(), delRuntimeConf(attachment), attachment.result());
        cache.remove(attachment.network(), rt.containerId(), rt.ifName());
    }

    /**
     * The runtime arguments for DEL of a cached attachment: as at ADD, except that the namespace
     * is left out (empty {@code CNI_NETNS}, which the spec allows for DEL) when its path no longer
     * names the namespace of the ADD. Plugins then release what lives outside the namespace
     * (addresses, rules) and touch no interface inside whatever namespace the path names now.
     */
    static CniRuntimeConf delRuntimeConf(CachedAttachment attachment) {
        CniRuntimeConf rt = attachment.runtimeConf();
        if (attachment.netnsInode() == 0 || netnsInode(rt.netns()) == attachment.netnsInode()) {
            return rt;
        }
        return new CniRuntimeConf(rt.containerId(), "", rt.ifName(), rt.args(), rt.portMappings());
    }

    /** The inode of the namespace {@code netns} names (following /proc links), or 0 when it names none. */
    static long netnsInode(String netns) {
        if (netns.isEmpty()) {
            return 0;
        }
        try {
            return ((Number) Files.getAttribute(Path.of(netns), "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** The CNI spec versions the plugin says it supports (CNI_COMMAND=VERSION), remembered per type. */
    public List<String> supportedVersions(String pluginType) throws NetworkException {
        List<String> known = versionsByPlugin.get(pluginType);
        if (known != null) {
            return known;
        }
        Path plugin = find(pluginType);
        ProcessRunner.Output out = exec(plugin, pluginType, "VERSION", Map.of("CNI_COMMAND", "VERSION",
                "CNI_PATH", cniPath(), "PATH", hostPath()), "{\"cniVersion\":\"1.0.0\"}");
        ObjectNode info;
        try {
            info = CniJson.object(out.stdout(), "VERSION answer of CNI plugin '" + pluginType + "'");
        } catch (IllegalArgumentException e) {
            throw new NetworkException(e.getMessage(), e);
        }
        List<String> versions = new ArrayList<>();
        info.path("supportedVersions").forEach(v -> versions.add(v.asText()));
        versionsByPlugin.put(pluginType, List.copyOf(versions));
        return List.copyOf(versions);
    }

    private void requireSupported(String type, String cniVersion) throws NetworkException {
        List<String> versions = supportedVersions(type);
        if (!versions.contains(cniVersion)) {
            throw new NetworkException("CNI plugin '" + type + "' at " + find(type) + " does not support cniVersion "
                    + cniVersion + "; it supports " + versions);
        }
    }

    private void runDel(CniConfigList list, CniRuntimeConf rt, CniResult prev) throws NetworkException {
        List<JsonNode> plugins = list.plugins();
        NetworkException first = null;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                invoke("DEL", list, plugins.get(i), rt, prev);
            } catch (NetworkException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Builds the plugin's stdin as the spec has the runtime do, runs it, returns its stdout. */
    private String invoke(String command, CniConfigList list, JsonNode plugin, CniRuntimeConf rt, CniResult prev)
            throws NetworkException {
        String type = plugin.get("type").asText();
        String stdin = CniJson.write(pluginConfig(list, plugin, rt, prev));
        Map<String, String> env = new TreeMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", rt.containerId());
        env.put("CNI_NETNS", rt.netns());
        env.put("CNI_IFNAME", rt.ifName());
        env.put("CNI_ARGS", rt.cniArgs());
        env.put("CNI_PATH", cniPath());
        env.put("PATH", hostPath()); // plugins run iptables and ip from PATH
        return exec(find(type), type, command, env, stdin).stdout();
    }

    /**
     * The config one plugin sees: its own entry with the list's {@code name} and
     * {@code cniVersion}, {@code runtimeConfig} holding only the capabilities it declares, and
     * {@code prevResult} when there is one.
     */
    static ObjectNode pluginConfig(CniConfigList list, JsonNode plugin, CniRuntimeConf rt, CniResult prev) {
        ObjectNode conf = (ObjectNode) plugin.deepCopy();
        conf.put("cniVersion", list.cniVersion());
        conf.put("name", list.name());
        conf.remove("runtimeConfig");
        if (plugin.path("capabilities").path("portMappings").asBoolean(false) && !rt.portMappings().isEmpty()) {
            ArrayNode maps = conf.putObject("runtimeConfig").putArray("portMappings");
            for (PortMapping p : rt.portMappings()) {
                ObjectNode m = maps.addObject();
                m.put("hostPort", p.hostPort());
                m.put("containerPort", p.containerPort());
                m.put("protocol", p.protocol().cniName());
                if (p.hostIp() != null) {
                    m.put("hostIP", p.hostIp().getHostAddress());
                }
            }
        }
        if (prev != null) {
            conf.set("prevResult", prev.tree());
        } else {
            conf.remove("prevResult");
        }
        return conf;
    }

    private ProcessRunner.Output exec(Path plugin, String type, String command, Map<String, String> env, String stdin)
            throws NetworkException {
        ProcessRunner.Output out;
        try {
            out = runner.run(List.of(plugin.toString()), env, stdin);
        } catch (IOException e) {
            throw new NetworkException("running CNI plugin " + plugin + " " + command + " failed: " + e.getMessage(), e);
        }
        if (out.succeeded()) {
            return out;
        }
        throw pluginError(type, command, out);
    }

    /** Turns a failed plugin's output into an exception: the spec's error object when it printed one. */
    static CniPluginException pluginError(String type, String command, ProcessRunner.Output out) {
        try {
            ObjectNode error = CniJson.object(out.stdout(), "error");
            if (error.has("code") || error.has("msg")) {
                return new CniPluginException(type, command, error.path("code").asInt(0),
                        error.path("msg").asText(""), error.path("details").asText(""));
            }
        } catch (IllegalArgumentException notJson) {
            // fall through: report what the plugin printed
        }
        String text = out.stderr().isBlank() ? out.stdout() : out.stderr();
        return new CniPluginException(type, command, 0,
                "exited with status " + out.exitCode() + " without a CNI error object", CniJson.abbreviate(text));
    }

    private Path find(String type) throws NetworkException {
        for (Path dir : pluginDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new NetworkException("CNI plugin '" + type + "' not found in " + cniPath());
    }

    private String cniPath() {
        return pluginDirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    private static String hostPath() {
        String path = System.getenv("PATH");
        String sbin = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path == null || path.isEmpty() ? sbin : path + ":" + sbin;
    }

    private static List<String> distinct(List<String> types) {
        return types.stream().distinct().toList();
    }
}
