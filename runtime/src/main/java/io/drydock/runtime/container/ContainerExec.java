package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.cgroup.CgroupMode;
import io.drydock.runtime.process.InitPlan;
import io.drydock.runtime.process.NamespaceType;
import io.drydock.runtime.process.ShimProcess;
import io.drydock.runtime.spec.CapabilitySets;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code exec}: a new process in every namespace and the cgroup of a running container, with the
 * container's own process settings unless the request overrides them.
 */
final class ContainerExec {
    private final RuntimeContext ctx;

    ContainerExec(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    int exec(String id, ExecRequest req) throws ContainerException {
        ContainerRecord rec = ctx.load(id);
        ContainerStatus status = ctx.status(rec);
        if (status != ContainerStatus.RUNNING) {
            throw new ContainerException(id, "exec", "container is " + status.ociName() + ", not running");
        }
        Spec spec = ctx.savedSpec(rec);
        ContainerProcess process = process(id, spec, req);
        Set<NamespaceType> namespaces = EnumSet.noneOf(NamespaceType.class);
        if (spec.linux() != null) {
            for (LinuxNamespace ns : spec.linux().namespaces()) {
                namespaces.add(InitPlanResolver.namespaceType(ns.type()));
            }
        }
        InitPlan plan = ctx.resolver().exec(rec.init().pid(), namespaces, process,
            spec.linux() == null ? null : spec.linux().seccomp(), req.consoleSocket());
        // On cgroup v2 the shim clones the process straight into the container's cgroup where
        // the kernel can (CLONE_INTO_CGROUP); otherwise it is attached before it goes on.
        if (ctx.layout().mode() == CgroupMode.UNIFIED) {
            plan = plan.withCgroupDir(ctx.cgroupPath(rec).in(ctx.layout().unifiedMount().orElseThrow()));
        }
        int pid;
        try (ShimProcess shim = ctx.launcher().launch(plan, req.stdio())) {
            pid = shim.childPid();
            if (!shim.childBornInCgroup()) {
                ctx.cgroups().addProcess(ctx.cgroupPath(rec), pid);
            }
            shim.proceed();
            shim.awaitExec(ContainerCreate.READY_TIMEOUT);
        } catch (CgroupException | RuntimeException e) {
            throw new ContainerException(id, "exec", e.getMessage(), e);
        }
        if (req.pidFile() != null) {
            try {
                Files.writeString(req.pidFile(), Integer.toString(pid));
            } catch (IOException e) {
                throw new ContainerException(id, "exec", "cannot write pid file " + req.pidFile() + ": " + e.getMessage(), e);
            }
        }
        if (req.detach()) {
            return 0;
        }
        return ProcessWaiter.waitForExit(ctx, pid);
    }

    /** The process to run: process.json as given, or the container's process with the request's overrides. */
    private static ContainerProcess process(String id, Spec spec, ExecRequest req) throws ContainerException {
        if (req.processFile() != null) {
            try {
                // process.json is the OCI "process" object; parse it in place so errors name process.* fields.
                String json = "{\"ociVersion\":\"" + Spec.OCI_VERSION + "\",\"root\":{\"path\":\"rootfs\"},\"process\":"
                    + Files.readString(req.processFile()) + "}";
                return SpecJson.parseConfig(json, req.processFile()).process();
            } catch (IOException e) {
                throw new ContainerException(id, "exec", "cannot read " + req.processFile() + ": " + e.getMessage(), e);
            } catch (SpecException e) {
                throw new ContainerException(id, "exec", e.getMessage(), e);
            }
        }
        ContainerProcess p = spec.process().withArgs(req.args()).withTerminal(req.tty());
        if (req.cwd() != null) {
            p = p.withCwd(req.cwd());
        }
        if (!req.env().isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String kv : p.env()) {
                env.put(kv.substring(0, Math.max(kv.indexOf('='), 0)), kv);
            }
            for (String kv : req.env()) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ContainerException(id, "exec", "--env " + kv + " is not KEY=VALUE");
                }
                env.put(kv.substring(0, eq), kv);
            }
            p = p.withEnv(new ArrayList<>(env.values()));
        }
        if (req.user() != null || !req.additionalGids().isEmpty()) {
            User u = p.user() == null ? User.of(0, 0) : p.user();
            long uid = u.uid() == null ? 0 : u.uid();
            long gid = u.gid() == null ? 0 : u.gid();
            if (req.user() != null) {
                String[] parts = req.user().split(":", 2);
                try {
                    uid = Long.parseLong(parts[0]);
                    if (parts.length == 2) {
                        gid = Long.parseLong(parts[1]);
                    }
                } catch (NumberFormatException e) {
                    throw new ContainerException(id, "exec", "--user " + req.user() + " is not uid[:gid]");
                }
            }
            List<Long> gids = req.additionalGids().isEmpty() ? u.additionalGids()
                : req.additionalGids().stream().map(Integer::longValue).toList();
            p = p.withUser(new User(uid, gid, u.umask(), gids, u.username()));
        }
        if (!req.addCapabilities().isEmpty()) {
            CapabilitySets c = p.capabilities() == null
                ? new CapabilitySets(List.of(), List.of(), List.of(), List.of(), List.of()) : p.capabilities();
            p = p.withCapabilities(new CapabilitySets(plus(c.bounding(), req.addCapabilities()),
                plus(c.effective(), req.addCapabilities()), plus(c.inheritable(), req.addCapabilities()),
                plus(c.permitted(), req.addCapabilities()), c.ambient()));
        }
        return p;
    }

    private static List<String> plus(List<String> base, List<String> add) {
        List<String> out = new ArrayList<>(base);
        for (String a : add) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

}
