package io.drydock.runtime.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.DigestMismatchException;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.MediaTypes;
import io.drydock.runtime.image.OverlayMount;
import io.drydock.runtime.image.OverlayMounter;
import io.drydock.runtime.image.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution protocol, against an in-test fake registry. */
class RegistryClientTest {
    @TempDir
    Path tmp;

    private FakeRegistry registry;
    private ImageStore store;
    private Image image;
    private byte[] layerBytes;
    private final List<String> progress = new ArrayList<>();

    private static final OverlayMounter NO_MOUNTS = new OverlayMounter() {
        @Override
        public void mount(OverlayMount mount) {
            throw new IllegalStateException("no mounts in this test");
        }

        @Override
        public void unmount(Path target) {
            throw new IllegalStateException("no mounts in this test");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        store = store("source");
        layerBytes = new byte[300_000];
        new Random(42).nextBytes(layerBytes);
        Descriptor layer = store.blobs().write(MediaTypes.OCI_LAYER_TAR, layerBytes);
        image = store.commit(ImageConfig.minimal(Platform.host(), List.of(layer.digest())), List.of(layer),
                List.of(ImageReference.parse("test/app:1")));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private ImageStore store(String name) throws Exception {
        return new ImageStore(tmp.resolve(name), LayerUnpacker.forHost(), NO_MOUNTS);
    }

    private RegistryClient client(RegistryOptions options) {
        return RegistryClient.create(options, progress::add);
    }

    private ImageReference target() {
        return ImageReference.parse(registry.host() + "/team/app:1");
    }

    private List<FakeRegistry.Request> requests(String method) {
        return registry.requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    @Test
    void push_largeBlob_patchesChunksFollowingEachRelativeLocation_thenPutsTheDigest() throws Exception {
        PushResult result = client(RegistryOptions.defaults().withChunkSize(100_000)).push(image, target(), store, List.of());

        assertThat(requests("PATCH")).extracting(FakeRegistry.Request::contentRange)
                .containsExactly("0-99999", "100000-199999", "200000-299999");
        assertThat(registry.blobs.get(image.manifest().layers().get(0).digest().toString())).isEqualTo(layerBytes);
        assertThat(result.uploaded()).hasSize(2);
        assertThat(result.manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(registry.manifestTypes.get(image.manifestDigest().toString())).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(registry.manifests.get("1")).isEqualTo(store.blobs().read(image.manifestDigest()));
    }

    @Test
    void push_absoluteLocations_areFollowedToo() throws Exception {
        registry.absoluteLocations = true;
        client(RegistryOptions.defaults().withChunkSize(128 * 1024)).push(image, target(), store, List.of());
        assertThat(requests("PATCH")).hasSize(3);
        assertThat(registry.blobs).containsKey(image.manifest().layers().get(0).digest().toString());
    }

    @Test
    void push_smallBlobs_goInOnePut() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        assertThat(requests("PATCH")).isEmpty();
        assertThat(requests("PUT")).filteredOn(r -> r.path().contains("/blobs/uploads/")).hasSize(2);
    }

    @Test
    void push_blobsTheRegistryHas_areSkippedAfterHead() throws Exception {
        registry.blobs.put(image.manifest().config().digest().toString(), store.blobs().read(image.manifest().config().digest()));
        registry.blobs.put(image.manifest().layers().get(0).digest().toString(), layerBytes);

        PushResult result = client(RegistryOptions.defaults()).push(image, target(), store, List.of());

        assertThat(result.existing()).hasSize(2);
        assertThat(result.uploaded()).isEmpty();
        assertThat(requests("POST")).isEmpty();
        assertThat(requests("HEAD")).hasSize(2);
    }

    @Test
    void push_416_asksTheUploadStatusAndResumesWhereTheRegistryStands() throws Exception {
        registry.rangeErrorsLeft = 1;
        registry.keepOnRangeError = 50_000;

        client(RegistryOptions.defaults().withChunkSize(100_000)).push(image, target(), store, List.of());

        assertThat(requests("GET")).as("upload status asked once").hasSize(1);
        assertThat(requests("PATCH")).extracting(FakeRegistry.Request::contentRange)
                .containsExactly("0-99999", "100000-199999", "50000-149999", "150000-249999", "250000-299999");
        assertThat(registry.blobs.get(image.manifest().layers().get(0).digest().toString())).isEqualTo(layerBytes);
    }

    @Test
    void push_finalPutFails_theBlobIsUploadedAgainInANewSession() throws Exception {
        registry.putFailuresLeft = 1;
        PushResult result = client(RegistryOptions.defaults().withBlobAttempts(2)).push(image, target(), store, List.of());
        assertThat(result.uploaded()).hasSize(2);
        assertThat(registry.sessions.get()).isEqualTo(3);
        assertThat(progress).anyMatch(l -> l.contains("retrying"));
    }

    @Test
    void push_failureWithoutRetries_isARegistryExceptionWithTheStatus() {
        registry.putFailuresLeft = 1;
        assertThatThrownBy(() -> client(RegistryOptions.defaults().withBlobAttempts(1)).push(image, target(), store, List.of()))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(500))
                .hasMessageContaining("/blobs/uploads/");
    }

    @Test
    void pull_afterPush_storesTheSameManifestAndNamesIt() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        ImageStore other = store("other");

        Image pulled = client(RegistryOptions.defaults()).pull(target(), other);

        assertThat(pulled.manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(pulled.names()).containsExactly(target());
        assertThat(other.blobs().read(image.manifest().layers().get(0).digest())).isEqualTo(layerBytes);
    }

    @Test
    void pull_index_choosesTheHostPlatform() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        byte[] manifest = store.blobs().read(image.manifestDigest());
        Platform host = Platform.host();
        String other = host.architecture().equals("arm64") ? "amd64" : "arm64";
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"%s"}},
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"%s"}}]}
                """.formatted(MediaTypes.OCI_INDEX,
                MediaTypes.OCI_MANIFEST, Digest.of("elsewhere".getBytes()), 9, other,
                MediaTypes.OCI_MANIFEST, image.manifestDigest(), manifest.length, host.architecture());
        byte[] indexBytes = index.getBytes(StandardCharsets.UTF_8);
        registry.manifests.put("multi", indexBytes);
        registry.manifestTypes.put(Digest.of(indexBytes).toString(), MediaTypes.OCI_INDEX);

        Image pulled = client(RegistryOptions.defaults()).pull(ImageReference.parse(registry.host() + "/team/app:multi"),
                store("other"));

        assertThat(pulled.manifestDigest()).isEqualTo(image.manifestDigest());
    }

    @Test
    void pull_manifestNotMatchingTheAdvertisedDigest_isRefused() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        registry.lieAboutManifestDigest = true;
        assertThatThrownBy(() -> client(RegistryOptions.defaults()).pull(target(), store("other")))
                .isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void pull_corruptBlob_isRefusedAndNotStored() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        Digest layer = image.manifest().layers().get(0).digest();
        byte[] corrupt = layerBytes.clone();
        corrupt[7] ^= 1;
        registry.blobs.put(layer.toString(), corrupt);
        ImageStore other = store("other");

        assertThatThrownBy(() -> client(RegistryOptions.defaults()).pull(target(), other))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(other.blobs().contains(layer)).isFalse();
        assertThat(other.list()).isEmpty();
    }

    @Test
    void pull_byDigest_checksTheManifestBytes() throws Exception {
        client(RegistryOptions.defaults()).push(image, target(), store, List.of());
        Digest wrong = Digest.of("not it".getBytes());
        registry.manifests.put(wrong.toString(), store.blobs().read(image.manifestDigest()));
        assertThatThrownBy(() -> client(RegistryOptions.defaults()).pull(
                ImageReference.parse(registry.host() + "/team/app@" + wrong), store("other")))
                .isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void pull_unknownTag_is404() {
        assertThatThrownBy(() -> client(RegistryOptions.defaults()).pull(
                ImageReference.parse(registry.host() + "/team/none:1"), store("other")))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(404));
    }

    @Test
    void pushAndPull_behindTokenAuth_fetchTheTokenFromTheChallengesRealm() throws Exception {
        registry.requiredToken = "t0k3n";
        registry.tokenUser = "me";
        registry.tokenPassword = "secret";
        RegistryOptions login = RegistryOptions.defaults()
                .withCredentials(RegistryOptions.Credentials.parse("me:secret"));

        client(login).push(image, target(), store, List.of());
        Image pulled = client(login).pull(target(), store("other"));

        assertThat(pulled.manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(registry.tokenQueries).isNotEmpty()
                .allMatch(q -> q.contains("service=fake") && q.contains("scope=repository%3Ateam%2Fapp%3Apull%2Cpush"));
        assertThat(registry.tokenQueries).as("the token is reused, not fetched per request").hasSizeLessThan(3);
    }

    @Test
    void tokenAuth_wrongCredentials_failWithTheTokenServersStatus() {
        registry.requiredToken = "t0k3n";
        registry.tokenUser = "me";
        registry.tokenPassword = "secret";
        RegistryOptions wrong = RegistryOptions.defaults().withCredentials(new RegistryOptions.Credentials("me", "nope"));
        assertThatThrownBy(() -> client(wrong).pull(target(), store("other")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("get token")
                .hasMessageContaining("401");
        assertThat(new RegistryOptions.Credentials("me", "nope").toString()).doesNotContain("nope");
    }

    @Test
    void endpoint_localhostIsPlainHttp_othersHttpsUnlessTlsVerifyIsOff() {
        RegistryClient verified = client(RegistryOptions.defaults());
        assertThat(verified.endpoint("127.0.0.1:5000").toString()).isEqualTo("http://127.0.0.1:5000");
        assertThat(verified.endpoint("localhost:5000").toString()).isEqualTo("http://localhost:5000");
        assertThat(verified.endpoint("registry.example:5000").toString()).isEqualTo("https://registry.example:5000");
        assertThat(verified.endpoint("docker.io").toString()).isEqualTo("https://registry-1.docker.io");
        assertThat(client(RegistryOptions.defaults().withTlsVerify(false)).endpoint("registry.example").toString())
                .isEqualTo("http://registry.example");
    }
}
