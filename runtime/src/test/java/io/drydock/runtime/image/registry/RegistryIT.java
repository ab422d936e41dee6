package io.drydock.runtime.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.OciArchive;
import io.drydock.runtime.image.build.BuildRequest;
import io.drydock.runtime.image.build.ImageBuilder;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against a real registry (Debian's docker-registry on loopback), and skopeo on the other end. */
class RegistryIT {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");

    @TempDir
    Path tmp;

    private DockerRegistryProcess registry;
    private final List<String> progress = new ArrayList<>();
    private ImageStore source;
    private Image busybox;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(DockerRegistryProcess.BINARY), "needs docker-registry (apt docker-registry)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        registry = DockerRegistryProcess.start(Files.createDirectories(tmp.resolve("registry")));
        source = store("source");
        busybox = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(source, BusyboxImageBuilder.DEFAULT_NAME);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageStore store(String name) throws IOException {
        return new ImageStore(tmp.resolve(name), LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
    }

    private RegistryClient client(RegistryOptions options) {
        return RegistryClient.create(options, progress::add);
    }

    private ImageReference ref(String host, String repoAndTag) {
        return ImageReference.parse(host + "/" + repoAndTag);
    }

    @Test
    void push_thenPullIntoAnotherStore_givesTheSameDigestsAndAnUnpackableImage() throws Exception {
        ImageReference target = ref(registry.host(), "drydock/busybox:1");
        PushResult pushed = client(RegistryOptions.defaults()).push(busybox, target, source, List.of());
        assertThat(pushed.manifestDigest()).isEqualTo(busybox.manifestDigest());
        assertThat(pushed.uploaded()).hasSize(2);

        ImageStore other = store("other");
        Image pulled = client(RegistryOptions.defaults()).pull(target, other);

        assertThat(pulled.manifestDigest()).isEqualTo(busybox.manifestDigest());
        assertThat(pulled.names()).containsExactly(target);
        assertThat(other.unpack(pulled).get(0).resolve("bin/busybox")).isRegularFile();

        PushResult again = client(RegistryOptions.defaults()).push(busybox, target, source, List.of());
        assertThat(again.uploaded()).isEmpty();
        assertThat(again.existing()).hasSize(2);

        Image byDigest = client(RegistryOptions.defaults()).pull(ImageReference.parse(registry.host()
                + "/drydock/busybox@" + busybox.manifestDigest()), store("third"));
        assertThat(byDigest.manifestDigest()).isEqualTo(busybox.manifestDigest());
    }

    @Test
    void chunkedPush_andCrossRepositoryMount() throws Exception {
        RegistryOptions small = RegistryOptions.defaults().withChunkSize(256 * 1024);
        PushResult first = client(small).push(busybox, ref(registry.host(), "drydock/a:1"), source, List.of());
        assertThat(first.uploaded()).hasSize(2);
        assertThat(progress).noneMatch(l -> l.contains("failed"));

        PushResult second = client(small).push(busybox, ref(registry.host(), "drydock/b:1"), source,
                List.of("drydock/a"));
        assertThat(second.mounted()).hasSize(2);
        assertThat(second.uploaded()).isEmpty();

        Image pulled = client(small).pull(ref(registry.host(), "drydock/b:1"), store("other"));
        assertThat(pulled.manifestDigest()).isEqualTo(busybox.manifestDigest());
    }

    @Test
    void registryFailingMidPush_thePushFails_andASecondPushFinishes() throws Exception {
        Digest layer = busybox.manifest().layers().get(0).digest();
        // The layer's final PUT (monolithic upload) is answered 500 once.
        try (FaultyProxy proxy = new FaultyProxy(registry.host(), ex -> ex.getRequestMethod().equals("PUT")
                && ex.getRequestURI().toString().contains(layer.hex()), 1)) {
            ImageReference target = ref(proxy.host(), "drydock/flaky:1");
            RegistryClient once = client(RegistryOptions.defaults().withBlobAttempts(1));

            assertThatThrownBy(() -> once.push(busybox, target, source, List.of()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("500");
            assertThat(proxy.faultsInjected.get()).isEqualTo(1);

            PushResult retry = once.push(busybox, target, source, List.of());
            assertThat(retry.existing()).containsExactly(busybox.manifest().config().digest());
            assertThat(retry.uploaded()).containsExactly(layer);
        }
        Image pulled = client(RegistryOptions.defaults()).pull(ref(registry.host(), "drydock/flaky:1"), store("other"));
        assertThat(pulled.manifestDigest()).isEqualTo(busybox.manifestDigest());
    }

    @Test
    void buildSaveLoadPushPull_keepTheDigests() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "building needs root");
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), "FROM busybox\nRUN echo x > /f\nCMD [\"cat\", \"/f\"]\n");
        Image built;
        try (ContainerRuntime runtime = ContainerRuntime.open(tmp.resolve("state"))) {
            built = new ImageBuilder(source, runtime, ImageBuilder.cacheOf(source),
                    new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), null)
                    .build(new BuildRequest(context, context.resolve("Containerfile"),
                            List.of(ImageReference.parse("drydock-it/built:1")), Map.of(), false)).image();
        }
        Path archive = tmp.resolve("built.tar");
        new OciArchive(source).save(List.of("drydock-it/built:1"), archive);
        ImageStore loadedStore = store("loaded");
        Image loaded = new OciArchive(loadedStore).load(archive, null).get(0);
        assertThat(loaded.manifestDigest()).isEqualTo(built.manifestDigest());

        ImageReference target = ref(registry.host(), "drydock/built:1");
        assertThat(client(RegistryOptions.defaults()).push(loaded, target, loadedStore, List.of()).manifestDigest())
                .isEqualTo(built.manifestDigest());
        Image pulled = client(RegistryOptions.defaults()).pull(target, store("pulled"));
        assertThat(pulled.manifestDigest()).isEqualTo(built.manifestDigest());
        assertThat(pulled.config().cmd()).containsExactly("cat", "/f");
    }

    @Test
    void skopeo_copiesOurPushedImage_andWePullWhatSkopeoPushed() throws Exception {
        assumeTrue(Files.isExecutable(SKOPEO), "needs skopeo");
        ImageReference ours = ref(registry.host(), "drydock/ours:1");
        client(RegistryOptions.defaults()).push(busybox, ours, source, List.of());

        Path ociDir = tmp.resolve("skopeo-oci");
        run(SKOPEO.toString(), "copy", "--src-tls-verify=false", "docker://" + ours, "oci:" + ociDir + ":copied");
        // skopeo gzips our uncompressed layer on the way, so the manifest changes; the config does not.
        String raw = run(SKOPEO.toString(), "inspect", "--raw", "oci:" + ociDir + ":copied");
        assertThat(raw).contains(busybox.id().toString());
        String config = run(SKOPEO.toString(), "inspect", "--config", "oci:" + ociDir + ":copied");
        assertThat(config).contains(busybox.config().diffIds().get(0).toString());

        // skopeo pushes from drydock's own store (an OCI layout) ...
        ImageReference theirs = ref(registry.host(), "skopeo/busybox:1");
        run(SKOPEO.toString(), "copy", "--dest-tls-verify=false",
                "oci:" + source.blobs().root() + ":" + BusyboxImageBuilder.DEFAULT_NAME, "docker://" + theirs);
        String pushedRaw = run(SKOPEO.toString(), "inspect", "--tls-verify=false", "--raw", "docker://" + theirs);
        Image pulled = client(RegistryOptions.defaults()).pull(theirs, store("from-skopeo"));
        assertThat(pulled.manifestDigest()).isEqualTo(Digest.of(pushedRaw.getBytes(StandardCharsets.UTF_8)));
        assertThat(pulled.id()).isEqualTo(busybox.id());
        assertThat(pulled.names()).containsExactly(theirs);

        // ... and from a docker-archive, which it converts to a Docker schema 2 manifest.
        Path dockerArchive = tmp.resolve("busybox-docker.tar");
        new io.drydock.runtime.image.DockerArchive(source).save(List.of("busybox"), dockerArchive);
        ImageReference fromArchive = ref(registry.host(), "skopeo/from-archive:1");
        run(SKOPEO.toString(), "copy", "--dest-tls-verify=false", "docker-archive:" + dockerArchive,
                "docker://" + fromArchive);
        String archiveRaw = run(SKOPEO.toString(), "inspect", "--tls-verify=false", "--raw", "docker://" + fromArchive);
        Image pulledDocker = client(RegistryOptions.defaults()).pull(fromArchive, store("from-archive"));
        assertThat(pulledDocker.manifestDigest()).isEqualTo(Digest.of(archiveRaw.getBytes(StandardCharsets.UTF_8)));
        assertThat(pulledDocker.config().diffIds()).isEqualTo(busybox.config().diffIds());
        ImageStore fromArchiveStore = store("from-archive");
        assertThat(fromArchiveStore.unpack(fromArchiveStore.image(pulledDocker.manifestDigest())).get(0)
                .resolve("bin/busybox")).isRegularFile();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(List.of(command) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(List.of(command) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
