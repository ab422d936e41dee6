package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.Root;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds on the real kernel: overlay snapshots, RUN in drydock's runtime, the cache. */
class ImageBuilderIT {
    @TempDir
    Path tmp;

    private ImageStore store;
    private ContainerRuntime runtime;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private ImageBuilder builder;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (overlay mounts, containers)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        store = new ImageStore(tmp.resolve("store"), LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
        runtime = ContainerRuntime.open(tmp.resolve("state"));
        builder = new ImageBuilder(store, runtime, ImageBuilder.cacheOf(store),
                new PrintStream(log, true, StandardCharsets.UTF_8), null);
        new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, BusyboxImageBuilder.DEFAULT_NAME);
        context = Files.createDirectories(tmp.resolve("context"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store == null) {
            return;
        }
        for (Snapshot s : store.snapshots().list()) {
            if (store.snapshots().isMounted(s.key())) {
                store.snapshots().unmount(s.key());
            }
            store.snapshots().remove(s.key());
        }
        runtime.close();
    }

    private BuildResult build(String containerfile, String tag) throws IOException {
        Files.writeString(context.resolve("Containerfile"), containerfile);
        log.reset();
        return builder.build(new BuildRequest(context, context.resolve("Containerfile"),
                List.of(ImageReference.parse(tag)), Map.of(), false));
    }

    static final String THREE_STEPS = """
            FROM busybox
            # writes a file and deletes one of the base image
            RUN echo built > /hello.txt && \\
                rm /bin/vi
            COPY data.txt /data/
            ENV GREETING=hi
            CMD ["sh", "-c", "cat /hello.txt /data/data.txt > /out/result; test -e /bin/vi || echo vi-gone >> /out/result; echo $GREETING >> /out/result"]
            """;

    @Test
    void threeStepBuild_runsWithTheFileAndWithoutTheDeletedOne_andRebuildUsesTheCache() throws Exception {
        Files.writeString(context.resolve("data.txt"), "copied\n");

        BuildResult first = build(THREE_STEPS, "drydock-it/app:1");

        assertThat(log.toString()).contains("STEP 2/5: RUN echo built > /hello.txt &&", "STEP 3/5: COPY data.txt /data/");
        assertThat(first.cachedSteps()).isZero();
        Image image = first.image();
        assertThat(image.manifest().layers()).hasSize(3);
        assertThat(image.config().env()).contains("GREETING=hi");

        assertThat(runCmd(image)).isEqualTo("built\ncopied\nvi-gone\nhi\n");

        BuildResult second = build(THREE_STEPS, "drydock-it/app:2");
        assertThat(second.cachedSteps()).isEqualTo(4);
        assertThat(log.toString().split("--> Using cache", -1)).hasSize(5);
        assertThat(second.image().manifestDigest()).isEqualTo(image.manifestDigest());

        Files.writeString(context.resolve("data.txt"), "changed\n");
        BuildResult third = build(THREE_STEPS, "drydock-it/app:3");
        assertThat(third.cachedSteps()).as("RUN cached, COPY and after not").isEqualTo(1);
        assertThat(runCmd(third.image())).isEqualTo("built\nchanged\nvi-gone\nhi\n");
    }

    @Test
    void unknownUser_namesTheLineOfTheRun() {
        assertThatThrownBy(() -> build("FROM busybox\nUSER ghost\nRUN true\n", "drydock-it/ghost:1"))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:3")
                .hasMessageContaining("no user 'ghost'");
    }

    @Test
    void failingRun_namesTheLine() throws Exception {
        assertThatThrownBy(() -> build("FROM busybox\n\nRUN exit 3\n", "drydock-it/fail:1"))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:3")
                .hasMessageContaining("status 3");
        assertThat(store.snapshots().list()).isEmpty();
    }

    @Test
    void userWorkdirArgAndChown_applyInRunAndCopy() throws Exception {
        Files.writeString(context.resolve("f"), "x");
        BuildResult r = build("""
                FROM busybox
                ARG WHO=nobody
                WORKDIR /w
                COPY --chown=${WHO} f .
                USER $WHO
                RUN id -u > /tmp/uid && pwd > /tmp/pwd && echo $WHO > /tmp/arg
                RUN ["/bin/touch", "/tmp/exec-form"]
                """, "drydock-it/user:1");
        Snapshot s = store.prepareRootfs(r.image(), "drydock-it-" + UUID.randomUUID().toString().substring(0, 8));
        store.snapshots().mount(s.key());
        try {
            assertThat(Files.readString(s.rootfs().resolve("tmp/uid")).strip()).isEqualTo("65534");
            assertThat(Files.readString(s.rootfs().resolve("tmp/pwd")).strip()).isEqualTo("/w");
            assertThat(Files.readString(s.rootfs().resolve("tmp/arg")).strip()).isEqualTo("nobody");
            assertThat(Files.getAttribute(s.rootfs().resolve("w/f"), "unix:uid")).isEqualTo(65534);
            assertThat(Files.getAttribute(s.rootfs().resolve("tmp/exec-form"), "unix:uid")).isEqualTo(65534);
        } finally {
            store.snapshots().unmount(s.key());
            store.snapshots().remove(s.key());
        }
        assertThat(r.image().config().user()).isEqualTo("nobody");
        assertThat(r.image().config().env()).noneMatch(e -> e.startsWith("WHO="));
    }

    @Test
    void addOfALocalArchive_unpacksIt_andCopyKeepsItWhole() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/pkg"));
        Files.writeString(tree.resolve("readme"), "inside");
        Process tar = new ProcessBuilder("tar", "czf", context.resolve("pkg.tar.gz").toString(), "-C",
                tmp.resolve("tree").toString(), "pkg").start();
        assertThat(tar.waitFor()).isZero();

        BuildResult r = build("FROM busybox\nADD pkg.tar.gz /opt/\nCOPY pkg.tar.gz /copied/\n", "drydock-it/add:1");

        Snapshot s = store.prepareRootfs(r.image(), "drydock-it-" + UUID.randomUUID().toString().substring(0, 8));
        store.snapshots().mount(s.key());
        try {
            assertThat(s.rootfs().resolve("opt/pkg/readme")).hasContent("inside");
            assertThat(s.rootfs().resolve("copied/pkg.tar.gz")).isRegularFile();
        } finally {
            store.snapshots().unmount(s.key());
            store.snapshots().remove(s.key());
        }
    }

    @Test
    void multiStage_copiesFromAnEarlierStage_andRebuildIsCached() throws Exception {
        String text = """
                FROM busybox AS builder
                RUN echo compiled > /artifact
                FROM scratch
                COPY --from=builder /artifact /app/artifact
                COPY --from=0 /bin/busybox /bin/
                CMD ["/bin/busybox", "cat", "/app/artifact"]
                """;
        BuildResult first = build(text, "drydock-it/multi:1");
        assertThat(first.image().manifest().layers()).hasSize(2);

        Snapshot s = store.prepareRootfs(first.image(), "drydock-it-" + UUID.randomUUID().toString().substring(0, 8));
        store.snapshots().mount(s.key());
        try {
            assertThat(s.rootfs().resolve("app/artifact")).hasContent("compiled");
            assertThat(s.rootfs().resolve("bin/busybox")).isRegularFile();
            assertThat(s.rootfs().resolve("bin/sh")).doesNotExist();
        } finally {
            store.snapshots().unmount(s.key());
            store.snapshots().remove(s.key());
        }
        BuildResult second = build(text, "drydock-it/multi:2");
        assertThat(second.cachedSteps()).isEqualTo(4);
        assertThat(second.image().manifestDigest()).isEqualTo(first.image().manifestDigest());
    }

    /** Runs the image's CMD in a container on a snapshot and returns what it wrote to /out/result. */
    private String runCmd(Image image) throws Exception {
        String key = "drydock-it-" + UUID.randomUUID().toString().substring(0, 8);
        Snapshot s = store.prepareRootfs(image, key);
        store.snapshots().mount(key);
        Path out = Files.createDirectories(tmp.resolve("out-" + key));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle-" + key));
        try {
            Files.createDirectories(s.rootfs().resolve("out"));
            Spec base = DefaultSpec.standard();
            List<Mount> mounts = new ArrayList<>(base.mounts());
            mounts.add(Mount.of("/out", "bind", out.toString(), List.of("rbind", "rw")));
            List<String> args = new ArrayList<>(image.config().entrypoint());
            args.addAll(image.config().cmd());
            Spec spec = base.withMounts(mounts).withRoot(new Root(s.rootfs().toString(), false))
                    .withProcess(base.process().withTerminal(false).withArgs(args).withEnv(image.config().env()));
            SpecJson.writeConfig(spec, bundle.resolve("config.json"));
            int code = runtime.run(key, CreateRequest.builder().bundle(bundle).discardStdio().build());
            assertThat(code).isZero();
            return Files.readString(out.resolve("result"));
        } finally {
            store.snapshots().unmount(key);
            store.snapshots().remove(key);
        }
    }
}
