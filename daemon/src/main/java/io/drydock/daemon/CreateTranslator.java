package io.drydock.daemon;

import io.drydock.daemon.wire.ContainerConfigJson;
import io.drydock.daemon.wire.HostConfigJson;
import io.drydock.daemon.wire.PortBindingJson;
import io.drydock.runtime.engine.CpuLimit;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/create} to the engine's {@link RunOptions}. What the engine cannot do
 * (a TTY, an entrypoint override, volumes, privileged mode) is refused with a 400 naming the
 * field, rather than silently ignored.
 */
final class CreateTranslator {
    private CreateTranslator() {
    }

    /** The options for {@code body}, named {@code name} (or generated when null or empty). */
    static RunOptions toRunOptions(ContainerConfigJson body, String name) throws ApiException {
        if (body == null || body.image() == null || body.image().isBlank()) {
            throw ApiException.badRequest("Config.Image: an image is required");
        }
        if (Boolean.TRUE.equals(body.tty())) {
            throw ApiException.badRequest("Config.Tty: drydock runs containers without a terminal (drop -t)");
        }
        if (body.entrypoint() != null && !body.entrypoint().isEmpty()) {
            throw ApiException.badRequest("Config.Entrypoint: overriding the image's entrypoint is not supported");
        }
        HostConfigJson host = body.hostConfig();
        boolean autoRemove = false;
        NetworkMode network = NetworkMode.BRIDGE;
        List<String> ports = List.of();
        Long memory = null;
        CpuLimit cpus = null;
        Long pids = null;
        boolean readOnly = false;
        if (host != null) {
            if (Boolean.TRUE.equals(host.privileged())) {
                throw ApiException.badRequest("HostConfig.Privileged: privileged containers are not supported");
            }
            if (host.binds() != null && !host.binds().isEmpty()) {
                throw ApiException.badRequest("HostConfig.Binds: volumes are not supported (" + host.binds().get(0) + ")");
            }
            autoRemove = Boolean.TRUE.equals(host.autoRemove());
            network = networkMode(host.networkMode());
            ports = portMappings(host.portBindings());
            memory = positive(host.memory());
            pids = positive(host.pidsLimit());
            readOnly = Boolean.TRUE.equals(host.readonlyRootfs());
            if (host.nanoCpus() != null && host.nanoCpus() > 0) {
                cpus = new CpuLimit(host.nanoCpus() / 1e9);
            }
        }
        String containerName = name == null || name.isEmpty() ? null : name.startsWith("/") ? name.substring(1) : name;
        try {
            List<PortMapping> mappings = PortMapping.parseAll(ports);
            return new RunOptions(body.image(), body.cmd() == null ? List.of() : body.cmd(), true, autoRemove,
                    containerName, body.env() == null ? List.of() : body.env(), emptyToNull(body.workingDir()),
                    emptyToNull(body.user()), memory, cpus, pids, readOnly, network, mappings);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** {@code 80/tcp -> [{HostIp, HostPort}]} as {@code -p} values. */
    static List<String> portMappings(Map<String, List<PortBindingJson>> bindings) throws ApiException {
        List<String> out = new ArrayList<>();
        if (bindings == null) {
            return out;
        }
        for (Map.Entry<String, List<PortBindingJson>> e : bindings.entrySet()) {
            String containerPort = e.getKey().contains("/") ? e.getKey() : e.getKey() + "/tcp";
            List<PortBindingJson> list = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(new PortBindingJson(null, null)) : e.getValue();
            for (PortBindingJson b : list) {
                String ip = b.hostIp() == null || b.hostIp().isEmpty() || b.hostIp().equals("0.0.0.0") ? "" : b.hostIp();
                if (ip.contains(":")) {
                    throw ApiException.badRequest("HostConfig.PortBindings: " + ip
                            + " is an IPv6 address; drydock's network is IPv4");
                }
                String hostPort = b.hostPort() == null ? "" : b.hostPort();
                out.add(ip.isEmpty() ? hostPort + ":" + containerPort : ip + ":" + hostPort + ":" + containerPort);
            }
        }
        return out;
    }

    private static NetworkMode networkMode(String mode) throws ApiException {
        if (mode == null || mode.isEmpty() || mode.equals("default") || mode.equals("bridge")) {
            return NetworkMode.BRIDGE;
        }
        if (mode.equals("host")) {
            return NetworkMode.HOST;
        }
        if (mode.equals("none")) {
            return NetworkMode.NONE;
        }
        throw ApiException.badRequest("HostConfig.NetworkMode: '" + mode + "' is not bridge, host or none");
    }

    private static Long positive(Long v) {
        return v == null || v <= 0 ? null : v;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
