package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A CNI network configuration list (".conflist"): a named network whose plugins run in order
 * for ADD and CHECK and in reverse for DEL. Plugin configurations are kept as JSON trees because
 * each plugin defines its own fields; copies go in and out so the record stays immutable.
 *
 * @param cniVersion   the spec version every plugin is run with, e.g. {@code 1.0.0}
 * @param name         the network name, unique on the host
 * @param disableCheck when true, CHECK must not be run for this list (spec)
 * @param plugins      the plugin configurations, each with a {@code type}
 */
public record CniConfigList(String cniVersion, String name, boolean disableCheck, List<JsonNode> plugins) {

    /** The CNI spec's rule for network names. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    public CniConfigList {
        Objects.requireNonNull(cniVersion, "cniVersion");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("CNI network name '" + name
                    + "' must start with a letter or digit, then letters, digits, '_', '.', '-'");
        }
        if (plugins == null || plugins.isEmpty()) {
            throw new IllegalArgumentException("CNI network '" + name + "' has no plugins");
        }
        List<JsonNode> copies = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            JsonNode p = plugins.get(i);
            if (!(p instanceof ObjectNode)) {
                throw new IllegalArgumentException("CNI network '" + name + "' plugins[" + i + "] is not an object");
            }
            String type = p.path("type").asText("");
            if (type.isEmpty() || type.contains("/") || type.startsWith(".")) {
                throw new IllegalArgumentException("CNI network '" + name + "' plugins[" + i
                        + "].type '" + type + "' is not a plugin file name");
            }
            copies.add(p.deepCopy());
        }
        plugins = List.copyOf(copies);
    }

    /** Deep copies: callers cannot change this list through them. */
    @Override
    public List<JsonNode> plugins() {
        return plugins.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    /** The plugin {@code type}s in order. */
    public List<String> pluginTypes() {
        return plugins.stream().map(p -> p.get("type").asText()).toList();
    }

    /** Reads a conflist; unknown top-level fields are tolerated, as the spec allows. */
    public static CniConfigList parse(String json) {
        ObjectNode root = CniJson.object(json, "CNI conflist");
        if (!(root.get("plugins") instanceof ArrayNode plugins)) {
            throw new IllegalArgumentException("CNI conflist '" + root.path("name").asText("?") + "' has no 'plugins' list");
        }
        List<JsonNode> list = new ArrayList<>();
        plugins.forEach(list::add);
        return new CniConfigList(root.path("cniVersion").asText(""), root.path("name").asText(null),
                root.path("disableCheck").asBoolean(false), list);
    }

    /** The conflist as JSON, as a CNI runtime would read it from a file. */
    public String toJson() {
        ObjectNode root = CniJson.MAPPER.createObjectNode();
        root.put("cniVersion", cniVersion);
        root.put("name", name);
        if (disableCheck) {
            root.put("disableCheck", true);
        }
        ArrayNode array = root.putArray("plugins");
        plugins.forEach(p -> array.add(p.deepCopy()));
        return CniJson.write(root);
    }
}
