package io.drydock.platform.oci;

import io.drydock.platform.InstanceSpec;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Linux;
import io.drydock.runtime.spec.LinuxResources;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.Root;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an OCI bundle (config.json pointing at the workload's rootfs) for an {@link InstanceSpec},
 * so every OCI runtime — drydock, runc, crun — runs exactly the same configuration.
 */
public final class BundleWriter {
    /** CFS period used to express a CPU count as a quota (the kernel's default period). */
    static final long CPU_PERIOD_US = 100_000;

    /** The runtime-spec version bundles claim: the oldest that has every field they use. */
    public static final String BUNDLE_OCI_VERSION = "1.1.0";

    private BundleWriter() {}

    /** The spec for an instance: the default spec with the workload's command, env, rootfs, limits and volumes (bind mounts). */
    public static Spec spec(InstanceSpec is) {
        Spec base = DefaultSpec.standard();
        ContainerProcess p = base.process().withArgs(is.args()).withEnv(is.env()).withTerminal(false);
        Linux linux = base.linux();
        InstanceSpec.Limits l = is.limits();
        if (l.memoryBytes() != null || l.cpus() != null || l.pids() != null) {
            LinuxResources.MemoryResources mem = l.memoryBytes() == null ? null
                : new LinuxResources.MemoryResources(l.memoryBytes(), null, null, null, null, null, null, null, null);
            LinuxResources.CpuResources cpu = l.cpus() == null ? null
                : new LinuxResources.CpuResources(null, Math.round(l.cpus() * CPU_PERIOD_US), null, CPU_PERIOD_US,
                    null, null, null, null, null);
            LinuxResources.PidsResources pids = l.pids() == null ? null : new LinuxResources.PidsResources(l.pids());
            linux = linux.withResources(new LinuxResources(null, mem, cpu, pids, null, null));
        }
        List<Mount> mounts = new ArrayList<>(base.mounts());
        for (InstanceSpec.Volume v : is.volumes()) {
            // runc, crun and drydock all take a bind mount of type "bind" with the rbind option.
            mounts.add(Mount.of(v.target(), "bind", v.hostDir().toAbsolutePath().toString(), List.of("rbind", "rw")));
        }
        Spec spec = base.withProcess(p).withRoot(new Root(is.rootfs().toAbsolutePath().toString(), false)).withLinux(linux)
            .withMounts(mounts);
        // Nothing here needs runtime-spec 1.2, and older peers (crun 1.8) refuse a version they do not know.
        return new Spec(BUNDLE_OCI_VERSION, spec.process(), spec.root(), spec.hostname(), spec.domainname(), spec.mounts(),
            spec.hooks(), spec.annotations(), spec.linux());
    }

    /** Writes {@code dir/config.json} for the instance and returns {@code dir}. */
    public static Path write(InstanceSpec is, Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            SpecJson.writeConfig(spec(is), dir.resolve("config.json"));
        } catch (SpecException e) {
            throw new IOException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
