package io.drydock.runtime.engine;

import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Linux;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.LinuxResources;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.NamespaceType;
import io.drydock.runtime.spec.Root;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an image's configuration and the {@code run} options into an OCI runtime spec, starting
 * from {@link DefaultSpec#standard()}: argv from entrypoint and command, environment, working
 * directory and user (options win over the image), no terminal, the snapshot's merged directory as
 * root, the resource limits, the network namespace per mode, and bind mounts of the container's
 * own {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname}.
 */
public final class SpecTranslator {
    /** The files bound from the container's etc directory. */
    public static final List<String> ETC_FILES = List.of("hosts", "resolv.conf", "hostname");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SpecTranslator() {
    }

    /**
     * The spec.
     *
     * @param image    the image's configuration
     * @param options  the run options
     * @param rootfs   absolute path of the mounted overlay (the container's root)
     * @param user     the resolved user
     * @param hostname the container's hostname
     * @param etcDir   the directory holding the container's hosts, resolv.conf and hostname
     * @throws IllegalArgumentException when neither the image nor the options give a command
     */
    public static Spec toSpec(ImageConfig image, RunOptions options, Path rootfs, ImageUser user, String hostname,
                              Path etcDir) {
        List<String> args = new ArrayList<>(image.entrypoint());
        args.addAll(options.command().isEmpty() ? image.cmd() : options.command());
        if (args.isEmpty()) {
            throw new IllegalArgumentException("image " + options.image()
                    + " has no Cmd or Entrypoint and no command was given");
        }
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        image.env().forEach(e -> put(env, e));
        options.env().forEach(e -> put(env, e));
        if (!env.containsKey("HOME")) {
            put(env, "HOME=" + (user.home() == null || user.home().isEmpty() ? "/" : user.home()));
        }
        String cwd = options.workdir() != null ? options.workdir()
                : image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";

        Spec base = DefaultSpec.standard();
        ContainerProcess process = base.process()
                .withTerminal(false)
                .withArgs(args)
                .withEnv(new ArrayList<>(env.values()))
                .withCwd(cwd)
                .withUser(new User(user.uid(), user.gid(), null, user.additionalGids(), null));

        List<Mount> mounts = new ArrayList<>(base.mounts());
        for (String file : ETC_FILES) {
            mounts.add(Mount.of("/etc/" + file, "bind", etcDir.resolve(file).toString(), List.of("bind", "rprivate")));
        }

        Linux linux = base.linux();
        if (options.network() == NetworkMode.HOST) {
            List<LinuxNamespace> ns = new ArrayList<>(linux.namespaces());
            ns.removeIf(n -> NamespaceType.NETWORK.jsonName().equals(n.type()));
            linux = linux.withNamespaces(ns);
        }
        LinuxResources r = linux.resources();
        LinuxResources.MemoryResources memory = options.memoryBytes() == null ? r.memory()
                : new LinuxResources.MemoryResources(options.memoryBytes(), null, null, null, null, null, null, null, null);
        LinuxResources.CpuResources cpu = options.cpus() == null ? r.cpu()
                : new LinuxResources.CpuResources(null, options.cpus().quotaUs(), null, CpuLimit.PERIOD_US, null, null,
                        null, null, null);
        LinuxResources.PidsResources pids = options.pidsLimit() == null ? r.pids()
                : new LinuxResources.PidsResources(options.pidsLimit());
        linux = linux.withResources(new LinuxResources(r.devices(), memory, cpu, pids, r.blockIO(), r.unified()));

        return base.withProcess(process)
                .withRoot(new Root(rootfs.toString(), options.readOnly()))
                .withHostname(hostname)
                .withMounts(mounts)
                .withLinux(linux);
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), entry);
    }
}
