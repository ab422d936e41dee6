package io.drydock.runtime.image.registry;

import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageException;
import io.drydock.runtime.image.ImageManifest;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.MediaTypes;
import io.drydock.runtime.image.OciTranslator;
import io.drydock.runtime.image.Platform;
import io.drydock.runtime.image.wire.DescriptorJson;
import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.IndexJson;
import io.drydock.runtime.image.wire.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client of the OCI distribution API ({@code /v2/}): pulls images into an {@link ImageStore} and
 * pushes them from it. Pull accepts OCI manifests and indexes and Docker schema 2 manifests and
 * manifest lists, picks the host's platform from an index, and verifies the digest of every
 * manifest and blob it stores. Push skips blobs the repository has (HEAD), mounts blobs from other
 * repositories of the same registry when told where they are, uploads the rest in one PUT or in
 * PATCH chunks (resuming from the registry's {@code Range} after a 416) and then puts the manifest
 * under the tag. A push that fails half-way leaves the uploaded blobs in the registry, so pushing
 * again finishes the job.
 *
 * <p>Authentication: anonymous, Basic with {@link RegistryOptions#credentials()}, or distribution's
 * Bearer token flow (the token fetched from the challenge's realm, with the credentials if any).
 */
public final class RegistryClient {

    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
    private static final int MAX_ERROR_CHARS = 300;

    private final HttpClient http;
    private final RegistryOptions options;
    private final Consumer<String> progress;
    /** Authorization headers that worked, by registry host:port. */
    private final java.util.Map<String, String> authorizations = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param http     the client (HTTP/1.1 is what registries expect; follow redirects for blob GETs)
     * @param options  TLS, chunking and retries
     * @param progress receives one line per blob and manifest; may ignore them
     */
    public RegistryClient(HttpClient http, RegistryOptions options, Consumer<String> progress) {
        this.http = Objects.requireNonNull(http, "http");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A client with its own HTTP/1.1 client that follows redirects. */
    public static RegistryClient create(RegistryOptions options, Consumer<String> progress) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(java.time.Duration.ofSeconds(30)).build();
        return new RegistryClient(http, options, progress);
    }

    /** The base URL of a registry: plain HTTP for localhost or when TLS verification is off. */
    public URI endpoint(String registry) {
        String host = registry.equals(ImageReference.DEFAULT_REGISTRY) ? "registry-1.docker.io" : registry;
        String bare = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        boolean local = bare.equals("localhost") || bare.equals("127.0.0.1") || bare.equals("[::1]");
        return URI.create((local || !options.tlsVerify() ? "http://" : "https://") + host);
    }

    // ---------------------------------------------------------------- pull

    /**
     * Pulls {@code ref} (by tag or digest) into {@code store} and names it {@code ref} (without the
     * digest) when it has a tag.
     *
     * @throws io.drydock.runtime.image.DigestMismatchException if content differs from its digest
     * @throws RegistryException on an unexpected answer
     */
    public Image pull(ImageReference ref, ImageStore store) throws IOException {
        String reference = ref.digest() != null ? ref.digest().toString()
                : ref.tag() != null ? ref.tag() : ImageReference.DEFAULT_TAG;
        Fetched top = fetchManifest(ref, reference, ref.digest());
        Fetched manifest = top;
        if (MediaTypes.isIndex(top.mediaType)) {
            Descriptor chosen = choosePlatform(top, ref);
            manifest = fetchManifest(ref, chosen.digest().toString(), chosen.digest());
            if (!MediaTypes.isManifest(manifest.mediaType)) {
                throw new ImageException("pull", ref.toString(), "index entry " + chosen.digest()
                        + " is a " + manifest.mediaType + ", not an image manifest");
            }
        } else if (!MediaTypes.isManifest(top.mediaType)) {
            throw new ImageException("pull", ref.toString(), "unsupported manifest media type '" + top.mediaType + "'");
        }
        ImageManifest parsed = OciTranslator.manifest(ImageJson.read(manifest.bytes, ManifestJson.class,
                "manifest " + manifest.digest), "manifest " + manifest.digest);
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(parsed.config());
        blobs.addAll(parsed.layers());
        Image image;
        try {
            for (Descriptor blob : blobs) {
                if (store.blobs().contains(blob.digest())) {
                    progress.accept("Blob " + blob.digest().shortHex() + " already present");
                    continue;
                }
                fetchBlob(ref, blob, store);
            }
            Descriptor stored = store.blobs().write(manifest.mediaType, new java.io.ByteArrayInputStream(manifest.bytes),
                    manifest.digest);
            List<ImageReference> names = ref.tag() != null ? List.of(ref.withTag(ref.tag())) : List.of();
            image = store.register(stored, names);
        } catch (IOException e) {
            if (!saysNoSpace(e)) {
                throw e;
            }
            // write(2) names no path: say which store must be given room.
            throw new ImageException("pull", ref.toString(), "No space left on device (the image store " + store.root()
                    + " is full)", e);
        }
        progress.accept("Pulled " + ref + " (" + manifest.digest + ")");
        return image;
    }

    private static boolean saysNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private record Fetched(String mediaType, byte[] bytes, Digest digest) {
    }

    private Fetched fetchManifest(ImageReference ref, String reference, Digest expected) throws IOException {
        URI uri = url(ref, "/manifests/" + reference);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT).GET(),
                HttpResponse.BodyHandlers.ofByteArray(), "get manifest");
        if (response.statusCode() != 200) {
            throw failure("get manifest", uri, response.statusCode(), response.body());
        }
        byte[] bytes = response.body();
        Digest actual = Digest.of(bytes);
        if (expected != null && !expected.equals(actual)) {
            throw new io.drydock.runtime.image.DigestMismatchException("pull manifest", uri.toString(), expected, actual);
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && Digest.isDigest(header.get()) && !Digest.parse(header.get()).equals(actual)) {
            throw new io.drydock.runtime.image.DigestMismatchException("pull manifest", uri.toString(),
                    Digest.parse(header.get()), actual);
        }
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip())
                .filter(t -> MediaTypes.isManifest(t) || MediaTypes.isIndex(t)).orElse(null);
        if (mediaType == null) {
            ManifestJson probe = ImageJson.read(bytes, ManifestJson.class, "manifest " + actual);
            mediaType = probe.mediaType() != null ? probe.mediaType()
                    : probe.config() != null ? MediaTypes.OCI_MANIFEST : MediaTypes.OCI_INDEX;
        }
        return new Fetched(mediaType, bytes, actual);
    }

    private Descriptor choosePlatform(Fetched index, ImageReference ref) throws IOException {
        IndexJson json = ImageJson.read(index.bytes, IndexJson.class, "index " + index.digest);
        Platform host = Platform.host();
        List<DescriptorJson> manifests = json.manifests() == null ? List.of() : json.manifests();
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor d = OciTranslator.descriptor(manifests.get(i), "index " + index.digest + " manifests[" + i + "]");
            if (d.platform() != null && d.platform().os().equals(host.os())
                    && d.platform().architecture().equals(host.architecture())) {
                return d;
            }
        }
        throw new ImageException("pull", ref.toString(), "the index lists no image for " + host.os() + "/"
                + host.architecture());
    }

    private void fetchBlob(ImageReference ref, Descriptor blob, ImageStore store) throws IOException {
        URI uri = url(ref, "/blobs/" + blob.digest());
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri).GET(),
                HttpResponse.BodyHandlers.ofInputStream(), "get blob");
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw failure("get blob", uri, response.statusCode(), in.readNBytes(MAX_ERROR_CHARS));
            }
            Descriptor stored = store.blobs().write(blob.mediaType(), new BrokenDownloadReport(in, uri), blob.digest());
            if (stored.size() != blob.size()) {
                store.blobs().delete(blob.digest());
                throw new ImageException("pull blob", blob.digest().toString(), "is " + stored.size()
                        + " bytes, the manifest says " + blob.size());
            }
        }
        progress.accept("Blob " + blob.digest().shortHex() + " pulled (" + blob.size() + " bytes)");
    }

    /**
     * A blob's body that, when the connection breaks off mid-download (the registry died, the
     * network dropped), says so with the blob's URL and how far it got, instead of the HTTP
     * client's bare "closed" or "EOF". Errors of the local disk do not pass through here.
     */
    private static final class BrokenDownloadReport extends java.io.FilterInputStream {
        private final URI uri;
        private long received;

        BrokenDownloadReport(InputStream in, URI uri) {
            super(in);
            this.uri = uri;
        }

        @Override
        public int read() throws IOException {
            int b = wrap(() -> super.read());
            if (b >= 0) {
                received++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = wrap(() -> super.read(buffer, offset, length));
            if (n > 0) {
                received += n;
            }
            return n;
        }

        private interface Read {
            int run() throws IOException;
        }

        private int wrap(Read read) throws IOException {
            try {
                return read.run();
            } catch (IOException e) {
                throw new RegistryException("get blob", uri.toString(), 200, "the download broke off after " + received
                        + " bytes (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            }
        }
    }

    // ---------------------------------------------------------------- push

    /**
     * Pushes {@code image} from {@code store} to {@code target} (which needs a tag). Blobs are
     * mounted from {@code mountFrom} repositories (names within the target's registry) when the
     * registry has them there.
     */
    public PushResult push(Image image, ImageReference target, ImageStore store, List<String> mountFrom)
            throws IOException {
        if (target.tag() == null && target.digest() == null) {
            throw new ImageException("push", target.toString(), "the target needs a tag");
        }
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(image.manifest().config());
        blobs.addAll(image.manifest().layers());
        List<Digest> uploaded = new ArrayList<>();
        List<Digest> existing = new ArrayList<>();
        List<Digest> mounted = new ArrayList<>();
        for (Descriptor blob : blobs) {
            if (exists(target, blob.digest())) {
                existing.add(blob.digest());
                progress.accept("Blob " + blob.digest().shortHex() + " exists");
                continue;
            }
            URI session = null;
            boolean wasMounted = false;
            for (String from : mountFrom) {
                if (from.equals(target.repository())) {
                    continue;
                }
                Mount m = mount(target, blob.digest(), from);
                if (m.mounted) {
                    wasMounted = true;
                    break;
                }
                if (session == null) {
                    session = m.session; // the registry opened an upload instead: use it
                }
            }
            if (wasMounted) {
                mounted.add(blob.digest());
                progress.accept("Blob " + blob.digest().shortHex() + " mounted");
                continue;
            }
            upload(target, blob, store, session);
            uploaded.add(blob.digest());
            progress.accept("Blob " + blob.digest().shortHex() + " uploaded (" + blob.size() + " bytes)");
        }
        byte[] manifest = store.blobs().read(image.manifestDigest());
        String mediaType = mediaTypeOf(manifest, image);
        String reference = target.tag() != null ? target.tag() : target.digest().toString();
        URI uri = url(target, "/manifests/" + reference);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), HttpResponse.BodyHandlers.ofByteArray(),
                "put manifest");
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw failure("put manifest", uri, response.statusCode(), response.body());
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && Digest.isDigest(header.get())
                && !Digest.parse(header.get()).equals(image.manifestDigest())) {
            throw new io.drydock.runtime.image.DigestMismatchException("push manifest", uri.toString(),
                    image.manifestDigest(), Digest.parse(header.get()));
        }
        progress.accept("Pushed " + target + " (" + image.manifestDigest() + ")");
        return new PushResult(image.manifestDigest(), uploaded, existing, mounted);
    }

    private record Mount(boolean mounted, URI session) {
    }

    /** POST ...?mount=&from=: 201 mounted, 202 an upload session the caller may use instead. */
    private Mount mount(ImageReference target, Digest digest, String from) throws IOException {
        URI uri = url(target, "/blobs/uploads/?mount=" + encode(digest.toString()) + "&from=" + encode(from));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray(), "mount blob");
        if (response.statusCode() == 201) {
            return new Mount(true, null);
        }
        if (response.statusCode() == 202) {
            return new Mount(false, location(uri, response, "mount blob"));
        }
        throw failure("mount blob", uri, response.statusCode(), response.body());
    }

    private static String mediaTypeOf(byte[] manifest, Image image) throws IOException {
        ManifestJson json = ImageJson.read(manifest, ManifestJson.class, "manifest " + image.manifestDigest());
        return json.mediaType() != null ? json.mediaType() : MediaTypes.OCI_MANIFEST;
    }

    private boolean exists(ImageReference target, Digest digest) throws IOException {
        URI uri = url(target, "/blobs/" + digest);
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding(), "check blob");
        return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw failure("check blob", uri, response.statusCode(), new byte[0]);
        };
    }

    /** Uploads one blob, starting over up to {@code blobAttempts} times when the registry fails. */
    private void upload(ImageReference target, Descriptor blob, ImageStore store, URI session) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= options.blobAttempts(); attempt++) {
            try {
                URI start = session != null && attempt == 1 ? session : startUpload(target);
                if (blob.size() <= options.chunkSize()) {
                    putMonolithic(start, blob, store);
                } else {
                    putChunked(start, blob, store);
                }
                return;
            } catch (RegistryException e) {
                if (e.status() >= 400 && e.status() < 500 && e.status() != 416 && e.status() != 404) {
                    throw e; // the registry refuses this content; trying again will not help
                }
                last = e;
            } catch (IOException e) {
                if (e instanceof ImageException && !(e instanceof RegistryException)) {
                    throw e;
                }
                last = e;
            }
            progress.accept("Blob " + blob.digest().shortHex() + " upload failed (" + last.getMessage()
                    + ")" + (attempt < options.blobAttempts() ? ", retrying" : ""));
        }
        throw last;
    }

    private URI startUpload(ImageReference target) throws IOException {
        URI uri = url(target, "/blobs/uploads/");
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofByteArray(), "start upload");
        if (response.statusCode() != 202) {
            throw failure("start upload", uri, response.statusCode(), response.body());
        }
        return location(uri, response, "start upload");
    }

    private void putMonolithic(URI session, Descriptor blob, ImageStore store) throws IOException {
        byte[] bytes = store.blobs().read(blob.digest());
        URI uri = withDigest(session, blob.digest());
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), HttpResponse.BodyHandlers.ofByteArray(),
                "upload blob");
        if (response.statusCode() != 201) {
            throw failure("upload blob", uri, response.statusCode(), response.body());
        }
    }

    /**
     * PATCH chunk by chunk ({@code Content-Range: start-end}, inclusive), each answer's Location
     * being the next URL; on 416 the upload's status (GET, {@code Range: 0-last}) says where to go on.
     */
    private void putChunked(URI session, Descriptor blob, ImageStore store) throws IOException {
        URI next = session;
        long offset = 0;
        int rangeErrors = 0;
        try (FileChannel file = FileChannel.open(store.blobs().path(blob.digest()), StandardOpenOption.READ)) {
            while (offset < blob.size()) {
                int length = (int) Math.min(options.chunkSize(), blob.size() - offset);
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining()) {
                    if (file.read(buffer, offset + buffer.position()) < 0) {
                        throw new ImageException("upload blob", blob.digest().toString(), "blob file is shorter than "
                                + blob.size() + " bytes");
                    }
                }
                HttpResponse<byte[]> response = send(HttpRequest.newBuilder(next)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(buffer.array())),
                        HttpResponse.BodyHandlers.ofByteArray(), "upload chunk");
                if (response.statusCode() == 416 && rangeErrors++ < 3) {
                    long resumeAt = uploadedUpTo(next);
                    progress.accept("Blob " + blob.digest().shortHex() + ": registry has " + resumeAt
                            + " bytes, resuming there");
                    offset = resumeAt;
                    continue;
                }
                if (response.statusCode() != 202) {
                    throw failure("upload chunk", next, response.statusCode(), response.body());
                }
                next = location(next, response, "upload chunk");
                offset += length;
            }
        }
        URI uri = withDigest(next, blob.digest());
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray(), "finish upload");
        if (response.statusCode() != 201) {
            throw failure("finish upload", uri, response.statusCode(), response.body());
        }
    }

    /** GET on an upload session: its {@code Range: 0-N} header says N+1 bytes arrived. */
    private long uploadedUpTo(URI session) throws IOException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(session).GET(),
                HttpResponse.BodyHandlers.ofByteArray(), "upload status");
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw failure("upload status", session, response.statusCode(), response.body());
        }
        String range = response.headers().firstValue("Range").orElse("0-0");
        try {
            // "0-N": N is the last byte received, inclusive; distribution says "0-0" for nothing yet.
            long end = Long.parseLong(range.substring(range.indexOf('-') + 1).strip());
            return end == 0 ? 0 : end + 1;
        } catch (RuntimeException e) {
            throw new RegistryException("upload status", session.toString(), response.statusCode(),
                    "unreadable Range header '" + range + "'", e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private URI url(ImageReference ref, String path) {
        return URI.create(endpoint(ref.registry()) + "/v2/" + ref.repository() + path);
    }

    private static URI location(URI request, HttpResponse<?> response, String operation) throws RegistryException {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                operation, request.toString(), response.statusCode(), "no Location header", null));
        return request.resolve(location); // may be relative to the request
    }

    private static URI withDigest(URI session, Digest digest) {
        String s = session.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + encode(digest.toString()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * Sends the request; on a 401 with a {@code WWW-Authenticate} challenge it authorizes (Basic with
     * the credentials, or a Bearer token from the challenge's realm) and sends it once more. The
     * authorization is kept per registry host for the next requests.
     */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, String operation)
            throws IOException {
        HttpRequest built = request.timeout(options.requestTimeout()).build();
        String host = built.uri().getAuthority();
        String known = authorizations.get(host);
        if (known != null) {
            built = withAuthorization(built, known);
        }
        HttpResponse<T> response = exchange(built, body, operation);
        Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
        if (response.statusCode() != 401 || challenge.isEmpty()) {
            return response;
        }
        if (response.body() instanceof InputStream in) {
            in.close();
        }
        String authorization = authorize(challenge.get(), built.uri(), operation);
        if (authorization == null || authorization.equals(known)) {
            return response;
        }
        authorizations.put(host, authorization);
        return exchange(withAuthorization(built, authorization), body, operation);
    }

    private static HttpRequest withAuthorization(HttpRequest request, String authorization) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", authorization).build();
    }

    /** The Authorization header answering {@code challenge}, or null when there is none to give. */
    private String authorize(String challenge, URI uri, String operation) throws IOException {
        String scheme = challenge.strip().split("\\s+", 2)[0];
        RegistryOptions.Credentials login = options.credentials();
        String basic = login == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic;
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
            return null;
        }
        java.util.Map<String, String> params = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new RegistryException(operation, uri.toString(), 401, "Bearer challenge without a realm: " + challenge, null);
        }
        StringBuilder url = new StringBuilder(realm);
        String separator = realm.contains("?") ? "&" : "?";
        for (String key : List.of("service", "scope")) {
            if (params.containsKey(key)) {
                url.append(separator).append(key).append('=').append(encode(params.get(key)));
                separator = "&";
            }
        }
        URI tokenUri = URI.create(url.toString());
        HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(tokenUri).timeout(options.requestTimeout()).GET();
        if (basic != null) {
            tokenRequest.header("Authorization", basic);
        }
        HttpResponse<byte[]> response = exchange(tokenRequest.build(), HttpResponse.BodyHandlers.ofByteArray(), "get token");
        if (response.statusCode() != 200) {
            throw failure("get token", tokenUri, response.statusCode(), response.body());
        }
        TokenJson token = ImageJson.read(response.body(), TokenJson.class, "token from " + realm);
        String value = token.token() != null ? token.token() : token.accessToken();
        if (value == null || value.isBlank()) {
            throw new RegistryException("get token", tokenUri.toString(), 200, "the answer holds no token", null);
        }
        return "Bearer " + value;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body, String operation)
            throws IOException {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(operation, request.uri().toString(), 0, "interrupted", e);
        } catch (IOException e) {
            throw new RegistryException(operation, request.uri().toString(), 0,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static RegistryException failure(String operation, URI uri, int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_ERROR_CHARS) {
            text = text.substring(0, MAX_ERROR_CHARS) + "...";
        }
        return new RegistryException(operation, uri.toString(), status, text.isEmpty() ? "no body" : text, null);
    }
}
