package io.drydock.runtime.container;

import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.Root;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A bundle for integration tests: a busybox rootfs ({@link BusyboxRootfs}) and a
 * config.json made from the default spec, with a host directory bound at /out so the test can
 * read what the container wrote even when its rootfs is read-only.
 */
final class TestBundle {

    final Path dir;
    final Path rootfs;
    final Path out;

    private TestBundle(Path dir) {
        this.dir = dir;
        this.rootfs = dir.resolve("rootfs");
        this.out = dir.resolve("out");
    }

    static TestBundle create(Path dir) throws Exception {
        TestBundle b = new TestBundle(dir);
        BusyboxRootfs.build(b.rootfs);
        Files.createDirectories(b.rootfs.resolve("out"));
        Files.createDirectories(b.out);
        Files.setPosixFilePermissions(b.out, PosixFilePermissions.fromString("rwxrwxrwx"));
        b.write(UnaryOperator.identity());
        return b;
    }

    /** The spec tests start from: the default spec, not read-only, no terminal, /out bound rw. */
    Spec baseSpec() {
        Spec s = DefaultSpec.standard();
        List<Mount> mounts = new ArrayList<>(s.mounts());
        mounts.add(Mount.of("/out", "bind", out.toString(), List.of("rbind", "rw")));
        ContainerProcess p = s.process().withTerminal(false).withArgs(List.of("true"));
        return s.withMounts(mounts).withProcess(p).withRoot(new Root("rootfs", false));
    }

    /** Rewrites config.json as the base spec changed by {@code change}. */
    TestBundle write(UnaryOperator<Spec> change) throws Exception {
        Files.deleteIfExists(dir.resolve("config.json"));
        SpecJson.writeConfig(change.apply(baseSpec()), dir.resolve("config.json"));
        return this;
    }

    /** Sets the command, e.g. {@code sh -c '...'}. */
    TestBundle command(String... args) throws Exception {
        return write(s -> s.withProcess(s.process().withArgs(List.of(args))));
    }

    String read(String name) throws Exception {
        return Files.readString(out.resolve(name)).strip();
    }
}
