package io.drydock.runtime.image;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the {@code debian-bench} image without a registry: Debian ({@value #DEFAULT_SUITE} unless
 * told otherwise) made by {@code debootstrap --variant=minbase} with the benchmark tools
 * {@link #PACKAGES} (sysbench, fio, iperf3, redis-server), packed as one layer with {@link LayerPacker},
 * {@code Cmd ["/bin/bash"]} and a standard {@code PATH}. The mirror is a {@link DebianMirror}
 * ({@code DRYDOCK_DEBIAN_MIRROR}, else the host's apt mirror).
 *
 * <p>debootstrap takes minutes. Its output goes to a log file and, thinned to one line per stage,
 * to the progress sink; when it fails, the error carries the log's tail and the log's path
 * ({@code /var/cache/drydock/debian-bench/<layer name>.log}), which is kept. The bootstrap tree is
 * made in the image store's scratch space and removed afterwards, after a failure too, and by a
 * shutdown hook when the JVM is stopped (Ctrl-C) during the build; mounts debootstrap may have left
 * in it are detached first.
 *
 * <p><b>What is cached where.</b> Two levels.
 * <ol>
 *   <li>The image in the store: the engine builds only when the name is missing, so every
 *       reference after the first is instant. Drop it with {@code drydock rmi debian-bench}.</li>
 *   <li>The packed layer, {@code /var/cache/drydock/debian-bench/<suite>-<arch>-minbase-<key>.tar}
 *       ({@link #cachedLayer()}), shared by every image store on the host (tests use temporary
 *       stores): a store without the image imports it in seconds instead of running debootstrap and
 *       downloading again. The key covers the suite, architecture, variant and package list, not the
 *       mirror. Drop it with {@code rm -r /var/cache/drydock/debian-bench}, e.g. to pick up a
 *       Debian point release; the next build runs debootstrap again.</li>
 * </ol>
 */
public final class DebianBenchImageBuilder {

    /** The name the image gets by default (docker.io/library/debian-bench:latest). */
    public static final ImageReference DEFAULT_NAME = ImageReference.parse("debian-bench:latest");
    /** The Debian suite unless told otherwise. */
    public static final String DEFAULT_SUITE = "bookworm";
    /** The packages installed on top of minbase. */
    public static final List<String> PACKAGES = List.of("sysbench", "fio", "iperf3", "redis-server");
    /** Where packed layers are cached across image stores. */
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/drydock/debian-bench");
    /** The image's default command. */
    public static final List<String> CMD = List.of("/bin/bash");

    private static final String OPERATION = "build debian-bench image";
    private static final String VARIANT = "minbase";
    /** Bump when the layer's content changes for the same inputs (e.g. what {@link #trim} removes). */
    private static final String CACHE_FORMAT = "2";
    private static final Pattern SUITE = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"),
            Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/sbin"));
    private static final int LOG_TAIL = 25;

    private final DebianMirror mirror;
    private final String suite;
    private final Path cacheDir;
    private final Consumer<String> progress;
    private final Path debootstrap;

    /**
     * @param mirror   where debootstrap downloads from
     * @param suite    the Debian suite, e.g. {@code bookworm}
     * @param cacheDir where packed layers are cached ({@link #DEFAULT_CACHE} on a real host)
     * @param progress receives one line per stage of the build
     */
    public DebianBenchImageBuilder(DebianMirror mirror, String suite, Path cacheDir, Consumer<String> progress) {
        this(mirror, suite, cacheDir, progress, null);
    }

    /** As the public constructor, with the debootstrap executable given (tests), or {@code null} to search for it. */
    DebianBenchImageBuilder(DebianMirror mirror, String suite, Path cacheDir, Consumer<String> progress,
                            Path debootstrap) {
        this.mirror = Objects.requireNonNull(mirror, "mirror");
        this.suite = requireSuite(suite);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.debootstrap = debootstrap;
    }

    /** The builder for this host: the {@link DebianMirror#forHost host's mirror}, bookworm, the default cache. */
    public static DebianBenchImageBuilder forHost(Consumer<String> progress) throws IOException {
        return new DebianBenchImageBuilder(DebianMirror.forHost(DEFAULT_SUITE), DEFAULT_SUITE, DEFAULT_CACHE, progress);
    }

    /** The mirror. */
    public DebianMirror mirror() {
        return mirror;
    }

    /** Where the packed layer is (or will be, after the first build) cached. */
    public Path cachedLayer() {
        return cacheDir.resolve(cacheName(suite, Platform.host().architecture(), PACKAGES) + ".tar");
    }

    /**
     * Builds the image into {@code store} and names it {@code name}: from the cached layer when there
     * is one, else by running debootstrap (and caching its layer).
     */
    public Image build(ImageStore store, ImageReference name) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(name, "name");
        Path cached = cachedLayer();
        if (Files.isRegularFile(cached)) {
            progress.accept("debian-bench: using the cached layer " + cached);
        } else {
            bootstrap(store, cached);
        }
        progress.accept("debian-bench: importing the layer");
        Descriptor blob;
        try (InputStream in = Files.newInputStream(cached)) {
            blob = store.blobs().write(MediaTypes.OCI_LAYER_TAR, in);
        }
        ImageConfig config = new ImageConfig(Platform.host(), null, List.of(BusyboxImageBuilder.PATH), List.of(),
                CMD, null, null, Set.of(), Map.of("io.drydock.debian.suite", suite), null,
                List.of(blob.digest()),
                List.of(new HistoryEntry(null, "drydock: " + String.join(" ",
                        debootstrapCommand(Path.of("debootstrap"), suite, PACKAGES, Path.of("ROOTFS"), mirror)), null, false)));
        return store.commit(config, List.of(blob), List.of(name));
    }

    // ------------------------------------------------------------------ pure parts

    /**
     * The debootstrap command line:
     * {@code debootstrap --variant=minbase --include=a,b suite target mirror}.
     */
    static List<String> debootstrapCommand(Path debootstrap, String suite, List<String> packages, Path target,
                                           DebianMirror mirror) {
        requireSuite(suite);
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("debian package name '" + p + "' is not a Debian package name");
            }
        }
        List<String> command = new ArrayList<>(List.of(debootstrap.toString(), "--variant=" + VARIANT));
        if (!packages.isEmpty()) {
            command.add("--include=" + String.join(",", packages));
        }
        command.addAll(List.of(suite, target.toString(), mirror.uri()));
        return command;
    }

    /** The cache file's base name: {@code <suite>-<arch>-minbase-<12 hex of the inputs' sha256>}. */
    static String cacheName(String suite, String architecture, List<String> packages) {
        String inputs = String.join("\n", CACHE_FORMAT, suite, architecture, VARIANT,
                String.join(",", packages.stream().sorted().toList()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
            return suite + "-" + architecture + "-" + VARIANT + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The debootstrap executable on {@code searchPath}, as root's PATH would find it. */
    static Path findDebootstrap(List<Path> searchPath) throws ImageException {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve("debootstrap");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new ImageException(OPERATION, "debootstrap",
                "not installed (looked in " + searchPath + "): run apt-get install debootstrap");
    }

    private static String requireSuite(String suite) {
        Objects.requireNonNull(suite, "suite");
        if (!SUITE.matcher(suite).matches()) {
            throw new IllegalArgumentException("debian suite '" + suite + "' is not a suite name like bookworm");
        }
        return suite;
    }

    // ------------------------------------------------------------------ the build

    private void bootstrap(ImageStore store, Path cached) throws IOException {
        Path debootstrap = this.debootstrap != null ? this.debootstrap : findDebootstrap(searchPath());
        checkMirror(mirror, suite);
        Files.createDirectories(cacheDir);
        Path log = cacheDir.resolve(cached.getFileName().toString().replaceFirst("\\.tar$", "") + ".log");
        Leftovers leftovers = new Leftovers(store.scratch("debian-bench"));
        Path tree = leftovers.scratch.resolve("rootfs");
        // Ctrl-C or kill does not unwind finally blocks: the hook stops debootstrap and removes the tree.
        Thread onExit = new Thread(() -> {
            leftovers.shuttingDown = true;
            try {
                leftovers.cleanUp();
            } catch (IOException e) {
                System.err.println("drydock: could not remove " + leftovers.scratch + ": " + e.getMessage());
            }
        }, "drydock-debian-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        Throwable failure = null;
        try {
            List<String> command = debootstrapCommand(debootstrap, suite, PACKAGES, tree, mirror);
            progress.accept("debian-bench: debootstrap " + suite + " from " + mirror + " (takes minutes; log "
                    + log + ")");
            runDebootstrap(command, tree, log, leftovers);
            trim(tree);
            progress.accept("debian-bench: packing the tree into " + cached);
            Path partial = Files.createTempFile(cacheDir, ".partial-", ".tar");
            leftovers.partial = partial;
            try (OutputStream out = Files.newOutputStream(partial)) {
                new LayerPacker().pack(tree, out);
            }
            // another build may have finished first: either file is a good layer
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(log);
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now; cleanUp below waits for it
            }
            try {
                leftovers.cleanUp();
            } catch (IOException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * What a debootstrap run leaves to remove: the scratch tree, a half-written cache file, a
     * running debootstrap. Removed once, by the build when it ends or by the shutdown hook,
     * whichever comes first; the other waits for it and then does nothing.
     */
    private static final class Leftovers {
        final Path scratch;
        volatile Process process;
        volatile Path partial;
        volatile boolean shuttingDown;
        private boolean cleaned;

        Leftovers(Path scratch) {
            this.scratch = scratch;
        }

        synchronized void cleanUp() throws IOException {
            if (cleaned) {
                return;
            }
            cleaned = true;
            Process p = process;
            if (p != null && p.isAlive()) {
                stop(p);
            }
            IOException failure = null;
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial); // moved into place unless the build failed
                }
            } catch (IOException e) {
                failure = e;
            }
            try {
                discard(scratch);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>(SEARCH_PATH);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }

    private void runDebootstrap(List<String> command, Path tree, Path log, Leftovers leftovers)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        // debootstrap calls chroot, mount and the like from sbin, which a user's PATH may lack
        builder.environment().merge("PATH", "/usr/sbin:/sbin", (old, extra) -> old + ":" + extra);
        Process process;
        try (BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            writer.write("$ " + String.join(" ", command) + "\n");
            process = builder.start();
            leftovers.process = process;
            AtomicReference<IOException> pumpFailure = new AtomicReference<>();
            Thread pump = Thread.ofPlatform().daemon().name("drydock-debootstrap-output").start(() -> {
                DebootstrapProgress stages = new DebootstrapProgress();
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        writer.write(line);
                        writer.write('\n');
                        stages.accept(line).ifPresent(s -> progress.accept("debian-bench: " + s));
                    }
                } catch (IOException e) {
                    pumpFailure.set(e);
                }
            });
            int exit;
            try {
                exit = process.waitFor();
                pump.join();
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new ImageException(OPERATION, tree.toString(), "interrupted while debootstrap ran", e);
            }
            if (pumpFailure.get() != null) {
                throw new ImageException(OPERATION, log.toString(), "could not log debootstrap's output", pumpFailure.get());
            }
            if (exit == 0) {
                return;
            }
            if (leftovers.shuttingDown) {
                throw new ImageException(OPERATION, tree.toString(), "stopped: drydock is shutting down");
            }
            // debootstrap's own log has the details (wget's and dpkg's errors) that its output lacks
            Path own = tree.resolve("debootstrap/debootstrap.log");
            if (Files.isRegularFile(own)) {
                writer.write("---- " + own + " ----\n");
                writer.write(Files.readString(own, StandardCharsets.ISO_8859_1));
            }
            writer.flush();
            String tail = tail(log, LOG_TAIL);
            String reason = tail.contains("Failed getting release file") || tail.contains("Couldn't download")
                    ? "debootstrap could not download from the mirror " + mirror + " (set " + DebianMirror.ENV
                        + " to a reachable Debian mirror)"
                    : "debootstrap exited with status " + exit;
            throw new ImageException(OPERATION, log.toString(), reason + "; the log (kept at " + log
                    + ") ends with:\n" + tail);
        }
    }

    /** Checks that {@code mirror} serves {@code dists/<suite>/Release}, to fail early with the mirror's name. */
    static void checkMirror(DebianMirror mirror, String suite) throws ImageException {
        String url = mirror.uri() + "/dists/" + suite + "/Release";
        String advice = " (set " + DebianMirror.ENV + " to a reachable Debian mirror)";
        URI uri = URI.create(url);
        if (uri.getScheme().equals("file")) {
            if (!Files.isRegularFile(Path.of(uri))) {
                throw new ImageException(OPERATION, "mirror " + mirror, "has no " + url + advice);
            }
            return;
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL);
        proxy(uri.getScheme()).ifPresent(client::proxy);
        HttpRequest head = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build();
        try (HttpClient http = client.build()) {
            int status = http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new ImageException(OPERATION, "mirror " + mirror, "answered HTTP " + status + " for " + url
                        + " (no suite " + suite + " there?)" + advice);
            }
        } catch (IOException e) {
            if (e instanceof ImageException image) {
                throw image;
            }
            throw new ImageException(OPERATION, "mirror " + mirror, "unreachable: " + e + advice, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException(OPERATION, "mirror " + mirror, "interrupted while checking it", e);
        }
    }

    /** The proxy debootstrap's wget would use: {@code http_proxy}/{@code https_proxy} from the environment. */
    private static Optional<ProxySelector> proxy(String scheme) {
        String value = System.getenv(scheme + "_proxy");
        if (value == null || value.isBlank()) {
            value = System.getenv(scheme.toUpperCase(Locale.ROOT) + "_PROXY");
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI p = URI.create(value.contains("://") ? value : "http://" + value);
            if (p.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(ProxySelector.of(
                    new InetSocketAddress(p.getHost(), p.getPort() > 0 ? p.getPort() : 80)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // wget would not use it either
        }
    }

    /**
     * Removes what an image should not carry: downloaded .debs, apt lists, the host's resolv.conf
     * and hostname, and the device nodes in /dev (the runtime mounts a container's own /dev, as
     * OCI runtimes do; and a layer's ptmx node cannot even be chmod-ed by Java outside a devpts).
     */
    private static void trim(Path tree) throws IOException {
        detachMounts(tree); // debootstrap unmounts /proc and /sys on success; never delete through a mount
        List<Path> devices;
        try (Stream<Path> s = Files.list(tree.resolve("dev"))) {
            devices = s.toList();
        }
        for (Path d : devices) {
            Trees.delete(d);
        }
        deleteFiles(tree.resolve("var/cache/apt/archives"), name -> name.endsWith(".deb"));
        deleteFiles(tree.resolve("var/cache/apt"), name -> name.endsWith(".bin"));
        deleteFiles(tree.resolve("var/lib/apt/lists"), name -> !name.equals("lock"));
        // copied from the host by debootstrap; the runtime writes a container's own
        Files.deleteIfExists(tree.resolve("etc/resolv.conf"));
        Files.deleteIfExists(tree.resolve("etc/hostname"));
    }

    private static void deleteFiles(Path dir, Predicate<String> which) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> which.test(p.getFileName().toString())).toList();
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    /** Stops debootstrap and what it started (chroot, dpkg, maintainer scripts). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Detaches mounts left under {@code scratch} (debootstrap mounts /proc and /sys in the tree), then deletes it. */
    static void discard(Path scratch) throws IOException {
        if (!Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        detachMounts(scratch);
        Trees.delete(scratch);
    }

    private static void detachMounts(Path dir) throws IOException {
        for (Path mount : mountsUnder(dir.toRealPath())) {
            Process umount = new ProcessBuilder("umount", "--lazy", mount.toString()).redirectErrorStream(true).start();
            try {
                String out = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (umount.waitFor() != 0 && mountsUnder(mount).contains(mount)) {
                    // deleting through a live mount would delete the host's files
                    throw new ImageException("remove debootstrap tree", mount.toString(),
                            "still mounted and umount failed: " + out + "; not deleting " + dir);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageException("remove debootstrap tree", mount.toString(), "interrupted while unmounting", e);
            }
        }
    }

    /** Mount points at or under {@code dir}, deepest first, from /proc/self/mountinfo. */
    private static List<Path> mountsUnder(Path dir) throws IOException {
        List<Path> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                Path point = Path.of(unescapeOctal(fields[4]));
                if (point.startsWith(dir)) {
                    mounts.add(point);
                }
            }
        }
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return mounts;
    }

    /** proc(5): mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
    private static String unescapeOctal(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String tail(Path log, int lines) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            s.forEach(line -> {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return String.join("\n", last);
    }
}
