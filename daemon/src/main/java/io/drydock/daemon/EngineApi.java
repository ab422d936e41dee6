package io.drydock.daemon;

import io.drydock.daemon.wire.ContainerConfigJson;
import io.drydock.daemon.wire.ContainerInspectJson;
import io.drydock.daemon.wire.ContainerStateJson;
import io.drydock.daemon.wire.ContainerSummaryJson;
import io.drydock.daemon.wire.EventJson;
import io.drydock.daemon.wire.ExecConfigJson;
import io.drydock.daemon.wire.ExecInspectJson;
import io.drydock.daemon.wire.ExecStartJson;
import io.drydock.daemon.wire.HostConfigJson;
import io.drydock.daemon.wire.IdResponseJson;
import io.drydock.daemon.wire.ImageInspectJson;
import io.drydock.daemon.wire.ImageSummaryJson;
import io.drydock.daemon.wire.InfoJson;
import io.drydock.daemon.wire.NetworkJson;
import io.drydock.daemon.wire.NetworkSettingsJson;
import io.drydock.daemon.wire.PortBindingJson;
import io.drydock.daemon.wire.PortJson;
import io.drydock.daemon.wire.ProgressJson;
import io.drydock.daemon.wire.VersionJson;
import io.drydock.daemon.wire.WaitResponseJson;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.engine.NoSuchContainerException;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageNotFoundException;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageRemoval;
import io.drydock.runtime.image.build.BuildRequest;
import io.drydock.runtime.image.build.BuildResult;
import io.drydock.runtime.image.build.ContainerfileException;
import io.drydock.runtime.image.build.ImageBuilder;
import io.drydock.runtime.image.registry.PushResult;
import io.drydock.runtime.image.registry.RegistryClient;
import io.drydock.runtime.image.registry.RegistryException;
import io.drydock.runtime.image.registry.RegistryOptions;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.SignalName;
import io.drydock.runtime.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Docker Engine API (v{@value ApiVersion#CURRENT}) over drydock's {@link Engine}: system
 * ({@code _ping}, {@code version}, {@code info}, {@code events}), images (list, inspect, pull,
 * push, tag, remove, save, load, build), containers (create, start, wait, attach, logs, exec,
 * inspect, list, stop, restart, kill, remove) and networks (list, inspect). Parts of the API drydock does
 * not serve answer 501, unknown paths 404, both with the API's {@code {"message": ...}} body.
 *
 * <p>Every container runs with its output in its log file (the engine's detached run): attach
 * and logs follow that file, so standard output and standard error arrive as one stdout stream.
 * Its standard input is {@code /dev/null}, or with {@code OpenStdin} a pipe that an attach with
 * {@code stdin=1} feeds ({@link StdinPipe}). A container that exited can be started again only by
 * the daemon that started it, which keeps what it was created with.
 */
final class EngineApi extends Handler.Abstract {
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9]+\\.[0-9]+)(/.*)");
    private static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    private static final String JSON_STREAM = "application/json";
    /** Go's zero time, which the docker CLI parses where a time is unknown (an empty string it does not). */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final Engine engine;
    private final ContainerSupervisor supervisor;
    private final EventLog events;
    private final Syscalls sys;
    private final Path scratch;
    private final Router router = new Router();
    /** Containers created and not yet started, with what they were created with. */
    private final Map<String, RunOptions> pending = new ConcurrentHashMap<>();
    /** Containers started here, with what they were created with: what a restart starts them with again. */
    private final Map<String, RunOptions> startedWith = new ConcurrentHashMap<>();
    /** The standard input of containers created with OpenStdin, until they exit or are removed. */
    private final Map<String, StdinPipe> stdins = new ConcurrentHashMap<>();
    private final Map<String, ExecSession> execs = new ConcurrentHashMap<>();

    /** One {@code docker exec}: what to run, and once run its exit code. */
    private static final class ExecSession {
        final String id;
        final String container;
        final ExecTranslator.ExecSpec spec;
        volatile boolean running;
        volatile Integer exitCode;

        ExecSession(String id, String container, ExecTranslator.ExecSpec spec) {
            this.id = id;
            this.container = container;
            this.spec = spec;
        }
    }

    EngineApi(Engine engine, ContainerSupervisor supervisor, EventLog events, Syscalls sys, Path scratch) {
        this.engine = engine;
        this.supervisor = supervisor;
        this.events = events;
        this.sys = sys;
        this.scratch = scratch;
        router.add("GET", "/_ping", this::ping).add("HEAD", "/_ping", this::ping)
                .add("GET", "/version", this::version)
                .add("GET", "/info", this::info)
                .add("GET", "/events", this::events)
                .add("GET", "/images/json", this::imageList)
                .add("POST", "/images/create", this::imagePull)
                .add("GET", "/images/get", this::imageSave)
                .add("POST", "/images/load", this::imageLoad)
                .add("GET", "/images/(.+)/json", this::imageInspect)
                .add("GET", "/images/(.+)/get", this::imageSave)
                .add("POST", "/images/(.+)/push", this::imagePush)
                .add("POST", "/images/(.+)/tag", this::imageTag)
                .add("DELETE", "/images/(.+)", this::imageRemove)
                .add("POST", "/build", this::build)
                .add("GET", "/containers/json", this::containerList)
                .add("POST", "/containers/create", this::containerCreate)
                .add("GET", "/containers/([^/]+)/json", this::containerInspect)
                .add("POST", "/containers/([^/]+)/start", this::containerStart)
                .add("POST", "/containers/([^/]+)/wait", this::containerWait)
                .add("POST", "/containers/([^/]+)/attach", this::containerAttach)
                .add("GET", "/containers/([^/]+)/logs", this::containerLogs)
                .add("POST", "/containers/([^/]+)/stop", this::containerStop)
                .add("POST", "/containers/([^/]+)/kill", this::containerKill)
                .add("POST", "/containers/([^/]+)/restart", this::containerRestart)
                .add("DELETE", "/containers/([^/]+)", this::containerRemove)
                .add("POST", "/containers/([^/]+)/exec", this::execCreate)
                .add("POST", "/exec/([^/]+)/start", this::execStart)
                .add("GET", "/exec/([^/]+)/json", this::execInspect)
                .add("GET", "/networks", this::networkList)
                .add("GET", "/networks/([^/]+)", this::networkInspect)
                .unimplemented("/containers/[^/]+/(pause|unpause|rename|update|resize|top|stats|changes|export|archive|attach/ws)")
                .unimplemented("/containers/prune|/images/prune|/images/search|/images/[^/]+/history|/commit|/auth|/system/df")
                .unimplemented("/exec/[^/]+/resize|/networks/(create|prune)|/networks/[^/]+/(connect|disconnect)")
                .unimplemented("/(volumes|swarm|services|nodes|tasks|secrets|configs|plugins|distribution|session)(/.*)?");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Matcher v = VERSIONED.matcher(path);
        if (v.matches()) {
            path = v.group(2);
            if (!ApiVersion.supported(v.group(1))) {
                new Exchange(request, response, callback, List.of()).error(400, "client version " + v.group(1)
                        + " is not supported: this daemon serves API versions " + ApiVersion.MINIMUM + " to "
                        + ApiVersion.CURRENT);
                return true;
            }
        }
        Optional<Router.Match> match = router.match(request.getMethod(), path);
        if (match.isEmpty()) {
            Exchange ex = new Exchange(request, response, callback, List.of());
            if (router.isUnimplemented(path)) {
                ex.error(501, request.getMethod() + " " + path + " is not implemented by drydock");
            } else {
                ex.error(404, "page not found");
            }
            return true;
        }
        Exchange ex = new Exchange(request, response, callback, match.get().params());
        try {
            match.get().action().handle(ex);
        } catch (Exception e) {
            if (!ex.answered()) {
                ex.error(status(e), message(e));
            } else {
                callback.failed(e);
            }
        }
        if (!ex.answered()) {
            ex.empty(204);
        }
        return true;
    }

    private static int status(Exception e) {
        return switch (e) {
            case ApiException a -> a.status();
            case NoSuchContainerException n -> 404;
            case ImageNotFoundException n -> 404;
            case IllegalArgumentException i -> 400;
            case ContainerfileException c -> 400;
            default -> 500;
        };
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchContainerException) {
            return "No such container: " + e.getMessage().replaceFirst("^.*: ", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ------------------------------------------------------------------ system

    private void ping(Exchange ex) {
        ex.header("API-Version", ApiVersion.CURRENT);
        ex.header("Builder-Version", "1");
        ex.header("Docker-Experimental", "false");
        ex.header("OSType", "linux");
        ex.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ex.header("Pragma", "no-cache");
        ex.text(200, "OK");
    }

    private void version(Exchange ex) {
        ex.json(200, new VersionJson(DaemonVersion.VERSION, ApiVersion.CURRENT, ApiVersion.MINIMUM, "drydock",
                "java " + Runtime.version(), "linux", arch(), System.getProperty("os.version"), ""));
    }

    private void info(Exchange ex) throws IOException, EngineException {
        List<EngineContainer> all = engine.list(true);
        int running = (int) all.stream().filter(c -> c.state().equals(EngineContainer.RUNNING)).count();
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        ex.json(200, new InfoJson("drydock", all.size(), running, 0, all.size() - running,
                engine.images().list().size(), "overlay", engine.config().imageRoot().toString(), "cgroupfs",
                v2 ? "2" : "1", System.getProperty("os.version"), "drydock on " + osName(), "linux", arch(),
                Runtime.getRuntime().availableProcessors(), memTotal(), hostname(), DaemonVersion.VERSION,
                "json-file", "drydock"));
    }

    private void events(Exchange ex) throws IOException, ApiException {
        long since = timeNanos(ex.query("since"), 0);
        long until = timeNanos(ex.query("until"), Long.MAX_VALUE);
        EventFilter filter = EventFilter.parse(ex.query("filters"));
        BlockingQueue<EventJson> live = events.subscribe();
        try {
            ex.stream(JSON_STREAM, sink -> {
                long last = 0;
                if (ex.query("since") != null) {
                    for (EventJson e : events.since(since)) {
                        if (e.timeNano() > until) {
                            return;
                        }
                        if (filter.matches(e)) {
                            sink.json(e);
                        }
                        last = e.timeNano();
                    }
                }
                while (sink.isOpen()) {
                    if (System.currentTimeMillis() * 1_000_000L > until) {
                        return;
                    }
                    EventJson e;
                    try {
                        e = live.poll(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (e != null && e.timeNano() > last && e.timeNano() <= until && filter.matches(e)) {
                        sink.json(e);
                    }
                }
            });
        } finally {
            events.unsubscribe(live);
        }
    }

    /** {@code since}/{@code until}: unix seconds, possibly with a fraction. */
    private static long timeNanos(String value, long fallback) throws ApiException {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return (long) (Double.parseDouble(value) * 1e9);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + value + "' is not a unix time in seconds");
        }
    }

    // ------------------------------------------------------------------ images

    private void imageList(Exchange ex) throws IOException {
        List<ImageSummaryJson> out = new ArrayList<>();
        for (Image img : engine.images().list()) {
            List<String> tags = img.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList();
            long created = img.config().created() == null ? 0 : img.config().created().getEpochSecond();
            out.add(new ImageSummaryJson(img.id().toString(), "", tags, List.of(), created, img.layersSize(), -1,
                    img.layersSize(), img.config().labels(), -1));
        }
        ex.json(200, out);
    }

    private Image image(String nameOrId) throws IOException, ApiException {
        try {
            return engine.image(nameOrId, line -> { });
        } catch (ImageNotFoundException e) {
            throw ApiException.notFound("No such image: " + nameOrId);
        }
    }

    private void imageInspect(Exchange ex) throws IOException, ApiException {
        Image img = image(ex.param(0));
        var c = img.config();
        Map<String, Object> exposed = new LinkedHashMap<>();
        c.exposedPorts().forEach(p -> exposed.put(p, Map.of()));
        ex.json(200, new ImageInspectJson(img.id().toString(),
                img.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList(),
                List.of(), c.created() == null ? ZERO_TIME : c.created().toString(), c.platform().architecture(),
                c.platform().os(), img.layersSize(), img.layersSize(),
                new ImageInspectJson.Config(c.env(), c.cmd(), c.entrypoint(), c.workingDir(), c.user(), exposed,
                        c.labels(), c.stopSignal()),
                new ImageInspectJson.RootFs("layers", c.diffIds().stream().map(Object::toString).toList())));
    }

    private RegistryOptions registryOptions(Exchange ex) throws ApiException {
        RegistryOptions options = RegistryOptions.defaults();
        String auth = ex.header("X-Registry-Auth");
        if (auth == null || auth.isBlank()) {
            return options;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(auth.trim().replace('+', '-').replace('/', '_'));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = DaemonJson.read(new java.io.ByteArrayInputStream(json), Map.class);
            Object user = m.get("username");
            Object password = m.get("password");
            if (user instanceof String u && !u.isEmpty() && password instanceof String p) {
                options = options.withCredentials(new RegistryOptions.Credentials(u, p));
            }
            return options;
        } catch (IllegalArgumentException | IOException e) {
            throw ApiException.badRequest("X-Registry-Auth: not base64 JSON (" + e.getMessage() + ")");
        }
    }

    private void imagePull(Exchange ex) throws IOException, ApiException {
        String from = ex.query("fromImage");
        if (from == null || from.isEmpty()) {
            throw new ApiException(501, "import (fromSrc) is not implemented by drydock; give fromImage");
        }
        String tag = ex.query("tag");
        String name = tag == null || tag.isEmpty() || from.contains("@") ? from : from + (tag.startsWith("sha256:") ? "@" : ":") + tag;
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("fromImage: " + e.getMessage());
        }
        RegistryOptions options = registryOptions(ex);
        ex.stream(JSON_STREAM, sink -> {
            try {
                Image img;
                if (BaseImages.forHost().lookup(name).isPresent()) {
                    sink.json(ProgressJson.status(name + " is not pulled: drydock makes it on this host"));
                    img = BaseImages.forHost().resolve(engine.images(), name, line -> json(sink, ProgressJson.status(line)));
                } else {
                    RegistryClient client = RegistryClient.create(options, line -> json(sink, ProgressJson.status(line)));
                    img = client.pull(ref, engine.images());
                }
                sink.json(ProgressJson.status("Digest: " + img.manifestDigest()));
                sink.json(ProgressJson.status("Status: Downloaded newer image for " + ref.familiar()));
                events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
            } catch (IOException | RuntimeException e) {
                sink.json(ProgressJson.error(message(e)));
            }
        });
    }

    private void imagePush(Exchange ex) throws IOException, ApiException {
        String tag = ex.query("tag");
        ImageReference target;
        try {
            target = ImageReference.parse(ex.param(0) + ":" + (tag == null || tag.isEmpty() ? ImageReference.DEFAULT_TAG : tag));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("push: " + e.getMessage());
        }
        Image local = image(target.toString());
        RegistryOptions options = registryOptions(ex);
        ex.stream(JSON_STREAM, sink -> {
            try {
                sink.json(ProgressJson.status("The push refers to repository [" + target.name() + "]"));
                RegistryClient client = RegistryClient.create(options, line -> json(sink, ProgressJson.status(line)));
                PushResult r = client.push(local, target, engine.images(), List.of());
                long size = engine.images().blobs().size(local.manifestDigest());
                sink.json(ProgressJson.status(target.tag() + ": digest: " + r.manifestDigest() + " size: " + size));
                sink.json(ProgressJson.aux(Map.of("Tag", target.tag(), "Digest", r.manifestDigest().toString(),
                        "Size", size)));
                events.publish("image", "push", target.familiar(), Map.of("name", target.familiar()));
            } catch (IOException | RuntimeException e) {
                sink.json(ProgressJson.error(message(e)));
            }
        });
    }

    private void imageTag(Exchange ex) throws IOException, ApiException {
        String repo = ex.query("repo");
        String tag = ex.query("tag");
        if (repo == null || repo.isEmpty()) {
            throw ApiException.badRequest("tag: repo is required");
        }
        image(ex.param(0));
        ImageReference ref;
        try {
            ref = ImageReference.parse(repo + (tag == null || tag.isEmpty() ? "" : ":" + tag));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tag: " + e.getMessage());
        }
        engine.images().tag(ex.param(0), ref);
        events.publish("image", "tag", ref.familiar(), Map.of("name", ref.familiar()));
        ex.empty(201);
    }

    private void imageRemove(Exchange ex) throws IOException, ApiException {
        Image img = image(ex.param(0));
        ImageRemoval r = engine.removeImage(ex.param(0), ex.flag("force"));
        List<Map<String, String>> out = new ArrayList<>();
        r.untagged().forEach(u -> out.add(Map.of("Untagged", u.familiar())));
        if (r.deleted()) {
            out.add(Map.of("Deleted", img.id().toString()));
            events.publish("image", "delete", img.id().toString(), Map.of("name", ex.param(0)));
        }
        ex.json(200, out);
    }

    private void imageSave(Exchange ex) throws IOException, ApiException {
        List<String> names = new ArrayList<>(ex.queryAll("names"));
        if (names.isEmpty()) {
            try {
                names = List.of(ex.param(0));
            } catch (IndexOutOfBoundsException e) {
                throw ApiException.badRequest("images/get: names is required");
            }
        }
        for (String n : names) {
            image(n);
        }
        Files.createDirectories(scratch);
        Path tar = Files.createTempFile(scratch, "save-", ".tar");
        try {
            engine.save(names, tar, false);
            ex.stream("application/x-tar", sink -> {
                try (InputStream in = Files.newInputStream(tar)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sink.write(java.nio.ByteBuffer.wrap(buf, 0, n));
                    }
                }
            });
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private void imageLoad(Exchange ex) throws IOException {
        Files.createDirectories(scratch);
        Path tar = Files.createTempFile(scratch, "load-", ".tar");
        try {
            try (InputStream in = ex.bodyStream()) {
                Files.copy(in, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<Image> loaded = engine.load(tar);
            ex.stream(JSON_STREAM, sink -> {
                for (Image img : loaded) {
                    String name = img.names().isEmpty() ? img.id().toString() : img.names().get(0).familiar();
                    sink.json(ProgressJson.stream("Loaded image" + (img.names().isEmpty() ? " ID: " : ": ") + name + "\n"));
                    events.publish("image", "load", name, Map.of("name", name));
                }
            });
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private void build(Exchange ex) throws IOException, ApiException {
        List<ImageReference> tags = new ArrayList<>();
        for (String t : ex.queryAll("t")) {
            try {
                tags.add(ImageReference.parse(t));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("t: " + e.getMessage());
            }
        }
        Map<String, String> args = new LinkedHashMap<>();
        String buildArgs = ex.query("buildargs");
        if (buildArgs != null && !buildArgs.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = DaemonJson.read(new java.io.ByteArrayInputStream(
                    buildArgs.getBytes(StandardCharsets.UTF_8)), Map.class);
            m.forEach((k, val) -> { if (val != null) { args.put(k, val.toString()); } });
        }
        String dockerfile = ex.query("dockerfile");
        if (ex.query("remote") != null && !ex.query("remote").isEmpty()) {
            throw new ApiException(501, "build from a remote context is not implemented by drydock");
        }
        boolean noCache = ex.flag("nocache");
        try (BuildContext ctx = BuildContext.unpack(ex.bodyStream(), scratch)) {
            Path file = ctx.dir().resolve(dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile).normalize();
            if (!file.startsWith(ctx.dir())) {
                throw ApiException.badRequest("dockerfile '" + dockerfile + "' is outside the build context");
            }
            if (!Files.isRegularFile(file) && (dockerfile == null || dockerfile.isEmpty())
                    && Files.isRegularFile(ctx.dir().resolve("Containerfile"))) {
                file = ctx.dir().resolve("Containerfile");
            }
            if (!Files.isRegularFile(file)) {
                throw ApiException.badRequest("Cannot locate specified Dockerfile: " + ctx.dir().relativize(file));
            }
            Path containerfile = file;
            ex.stream(JSON_STREAM, sink -> {
                PrintStream steps = new PrintStream(new LineStream(line -> json(sink, ProgressJson.stream(line))),
                        true, StandardCharsets.UTF_8);
                try (ContainerRuntime runtime = ContainerRuntime.open(engine.config().stateRoot().resolve("build"));
                     FdPipe runOutput = FdPipe.open(sys, (data, len) ->
                             sink.json(ProgressJson.stream(new String(data, 0, len, StandardCharsets.UTF_8))));
                     DevNull devNull = DevNull.open(sys)) {
                    RegistryClient registry = RegistryClient.create(RegistryOptions.defaults(), steps::println);
                    ImageBuilder builder = new ImageBuilder(engine.images(), runtime::run,
                            ImageBuilder.cacheOf(engine.images()), steps,
                            Stdio.of(devNull.fd(), runOutput.writeFd(), runOutput.writeFd()),
                            ref -> registry.pull(ref, engine.images()));
                    BuildResult r = builder.build(new BuildRequest(ctx.dir(), containerfile, tags, args, noCache));
                    steps.flush();
                    runOutput.close();
                    sink.json(ProgressJson.aux(Map.of("ID", r.image().id().toString())));
                    for (ImageReference t : tags) {
                        sink.json(ProgressJson.stream("Successfully tagged " + t.familiar() + "\n"));
                    }
                    events.publish("image", "build", r.image().id().toString(), Map.of());
                } catch (IOException | io.drydock.runtime.container.ContainerException | RuntimeException e) {
                    steps.flush();
                    sink.json(ProgressJson.error(message(e)));
                }
            });
        }
    }

    /** Writes a JSON message, turning a failed write into an unchecked one (for progress callbacks). */
    private static void json(ResponseSink sink, Object message) {
        try {
            sink.json(message);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ containers

    private void containerList(Exchange ex) throws IOException, EngineException, ApiException {
        boolean all = ex.flag("all");
        List<ContainerSummaryJson> out = new ArrayList<>();
        List<EngineContainer> list = new ArrayList<>(engine.list(all));
        list.sort((a, b) -> b.created().compareTo(a.created()));
        Map<String, List<String>> filters = containerFilters(ex.query("filters"));
        for (EngineContainer c : list) {
            if (!matches(filters, c)) {
                continue;
            }
            out.add(new ContainerSummaryJson(c.id(), List.of("/" + c.name()), c.image(), imageId(c), String.join(" ", c.args()),
                    epoch(c.created()), c.state().equals(EngineContainer.RUNNING) ? portList(c) : List.of(), Map.of(),
                    state(c), status(c),
                    Map.of("NetworkMode", c.network()), List.of()));
        }
        ex.json(200, out);
    }

    /** {@code filters} of the container list: {@code name} (a part of it), {@code id} (a prefix), {@code status}. */
    private static Map<String, List<String>> containerFilters(String json) throws ApiException {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = DaemonJson.read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Map.class);
            for (Map.Entry<String, Object> e : raw.entrySet()) {
                if (!List.of("name", "id", "status").contains(e.getKey())) {
                    throw ApiException.badRequest("filters: '" + e.getKey() + "' is not one of name, id, status");
                }
                List<String> values = e.getValue() instanceof Map<?, ?> m ? m.keySet().stream().map(Object::toString).toList()
                        : e.getValue() instanceof List<?> l ? l.stream().map(Object::toString).toList()
                        : List.of(String.valueOf(e.getValue()));
                out.put(e.getKey(), values);
            }
        } catch (IOException e) {
            throw ApiException.badRequest("filters: not JSON: " + json);
        }
        return out;
    }

    private boolean matches(Map<String, List<String>> filters, EngineContainer c) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            boolean any = f.getValue().stream().anyMatch(v -> switch (f.getKey()) {
                case "name" -> c.name().contains(v.startsWith("/") ? v.substring(1) : v);
                case "id" -> c.id().startsWith(v);
                default -> state(c).equals(v);
            });
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String imageId(EngineContainer c) {
        return c.imageId();
    }

    private String state(EngineContainer c) {
        return switch (c.state()) {
            case EngineContainer.RUNNING -> "running";
            case EngineContainer.EXITED -> "exited";
            default -> "created";
        };
    }

    private String status(EngineContainer c) {
        return switch (c.state()) {
            case EngineContainer.RUNNING -> "Up " + HumanDuration.of(since(c.created()));
            case EngineContainer.EXITED -> "Exited (" + exitCode(c) + ") "
                    + HumanDuration.of(since(c.finished())) + " ago";
            default -> "Created";
        };
    }

    private static int exitCode(EngineContainer c) {
        return c.exitCode() == null ? ContainerSupervisor.UNKNOWN_EXIT : c.exitCode();
    }

    private static Duration since(String iso) {
        return iso == null ? Duration.ZERO : Duration.between(Instant.parse(iso), Instant.now());
    }

    private static long epoch(String iso) {
        return iso == null ? 0 : Instant.parse(iso).getEpochSecond();
    }

    private static List<PortJson> portList(EngineContainer c) {
        List<PortJson> out = new ArrayList<>();
        for (String p : c.ports()) {
            PortMapping m = PortMapping.parse(p);
            out.add(new PortJson(m.hostIp() == null ? "0.0.0.0" : m.hostIp().getHostAddress(), m.containerPort(),
                    m.hostPort(), m.protocol().cniName()));
        }
        return out;
    }

    private void containerCreate(Exchange ex) throws IOException, ApiException, EngineException {
        ContainerConfigJson body = ex.body(ContainerConfigJson.class);
        RunOptions options = CreateTranslator.toRunOptions(body, ex.query("name"));
        if (options.name() != null) {
            for (EngineContainer c : engine.list(true)) {
                if (c.name().equals(options.name())) {
                    throw ApiException.conflict("Conflict. The container name \"/" + options.name()
                            + "\" is already in use by container \"" + c.id() + "\"");
                }
            }
        }
        image(options.image());
        EngineContainer c = engine.create(options);
        if (Boolean.TRUE.equals(body.openStdin())) {
            try {
                stdins.put(c.id(), StdinPipe.open(sys, Boolean.TRUE.equals(body.stdinOnce())));
            } catch (IOException e) {
                engine.remove(c.id(), true);
                throw e;
            }
        }
        pending.put(c.id(), options);
        supervisor.expect(c.id());
        events.publish("container", "create", c.id(), Map.of("name", c.name(), "image", c.image()));
        ex.json(201, new IdResponseJson(c.id(), List.of()));
    }

    private void containerInspect(Exchange ex) throws IOException, EngineException {
        EngineContainer c = engine.container(ex.param(0));
        boolean running = c.state().equals(EngineContainer.RUNNING);
        int pid = running ? engine.initPid(c.id()).orElse(0) : 0;
        ContainerStateJson state = new ContainerStateJson(state(c), running, false, false, false, false, pid,
                c.state().equals(EngineContainer.EXITED) ? exitCode(c) : 0, "", c.created(),
                c.finished() == null ? ZERO_TIME : c.finished());
        Map<String, List<PortBindingJson>> ports = new LinkedHashMap<>();
        for (String p : c.ports()) {
            PortMapping m = PortMapping.parse(p);
            ports.computeIfAbsent(m.containerPort() + "/" + m.protocol().cniName(), k -> new ArrayList<>())
                    .add(new PortBindingJson(m.hostIp() == null ? "0.0.0.0" : m.hostIp().getHostAddress(),
                            Integer.toString(m.hostPort())));
        }
        RunOptions o = pending.getOrDefault(c.id(), startedWith.get(c.id()));
        List<String> args = c.args();
        StdinPipe stdin = stdins.get(c.id());
        ContainerConfigJson config = new ContainerConfigJson(c.image(), o != null ? o.command() : args, List.of(),
                o != null ? o.env() : List.of(), o != null ? o.workdir() : null, o != null ? o.user() : null, false,
                stdin != null, stdin != null && stdin.once(), stdin != null, true, true, c.hostname(), Map.of(), Map.of(),
                null);
        HostConfigJson host = new HostConfigJson(c.autoRemove(), c.network(), Map.of(), null, null, null, null, false,
                List.of());
        ex.json(200, new ContainerInspectJson(c.id(), c.created(), args.isEmpty() ? "" : args.get(0),
                args.size() > 1 ? args.subList(1, args.size()) : List.of(), state, c.imageId(), "/" + c.name(),
                c.hostname(), 0, "overlay", "linux", config, host,
                new NetworkSettingsJson(ports, c.address() == null ? "" : c.address(), "", Map.of()), List.of(),
                engine.logFile(c.id()).toString()));
    }

    private void containerStart(Exchange ex) throws IOException, ApiException, EngineException {
        EngineContainer c = engine.container(ex.param(0));
        if (c.state().equals(EngineContainer.RUNNING)) {
            ex.empty(304);
            return;
        }
        start(c);
        ex.empty(204);
    }

    /** Starts a container created here, or starts again one that ran here and exited. */
    private void start(EngineContainer c) throws IOException, ApiException, EngineException {
        RunOptions options = pending.remove(c.id());
        EngineContainer running;
        if (options != null) {
            StdinPipe stdin = stdins.get(c.id());
            try {
                running = stdin == null ? engine.start(c, options) : engine.start(c, options, stdin.readFd());
            } catch (IOException | EngineException | RuntimeException e) {
                closeStdin(c.id()); // the failed start removed the container
                throw e;
            } finally {
                if (stdin != null) {
                    stdin.closeReadEnd(); // the container holds its own
                }
            }
        } else {
            options = startedWith.get(c.id());
            if (options == null) {
                throw notStartable(c);
            }
            running = engine.startAgain(c, options);
        }
        startedWith.put(c.id(), options);
        supervisor.started(running);
        if (stdins.containsKey(c.id())) {
            // a later start (restart) gets /dev/null, as the pipe's input was this run's
            supervisor.nextExit(c.id()).ifPresent(f -> f.whenComplete((code, err) -> closeStdin(c.id())));
        }
        events.publish("container", "start", c.id(), Map.of("name", c.name(), "image", c.image()));
    }

    private void closeStdin(String id) {
        StdinPipe p = stdins.remove(id);
        if (p != null) {
            p.close();
        }
    }

    private static ApiException notStartable(EngineContainer c) {
        return ApiException.conflict("container " + c.name() + " was not created by this daemon (or the daemon was"
                + " restarted since): what it was created with is not known, so it cannot be started again");
    }

    /** {@code docker restart}: stop (signal, then SIGKILL after {@code t} seconds) and start again. */
    private void containerRestart(Exchange ex) throws IOException, ApiException, EngineException {
        EngineContainer c = engine.container(ex.param(0));
        int t = ex.intQuery("t", 10);
        if (!pending.containsKey(c.id()) && !startedWith.containsKey(c.id())) {
            throw notStartable(c); // before anything is stopped
        }
        if (c.autoRemove()) {
            throw ApiException.conflict("container " + c.name() + " was created with --rm (AutoRemove): stopping it"
                    + " removes it, so drydock does not restart it");
        }
        if (engine.isRunning(c.id())) {
            stop(c, t);
        }
        start(engine.container(c.id()));
        events.publish("container", "restart", c.id(), Map.of("name", c.name(), "image", c.image()));
        ex.empty(204);
    }

    private void containerWait(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        String condition = ex.query("condition") == null || ex.query("condition").isEmpty()
                ? "not-running" : ex.query("condition");
        if (!List.of("not-running", "next-exit", "removed").contains(condition)) {
            throw ApiException.badRequest("condition '" + condition + "' is not not-running, next-exit or removed");
        }
        Optional<CompletableFuture<Integer>> exit = supervisor.nextExit(c.id());
        ex.stream(JSON_STREAM, sink -> {
            int code;
            String error = null;
            if (exit.isPresent() && !(condition.equals("not-running") && c.state().equals(EngineContainer.EXITED))) {
                try {
                    code = exit.get().get();
                } catch (ExecutionException e) {
                    code = -1;
                    error = message((Exception) e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                code = c.exitCode() == null ? (c.state().equals(EngineContainer.EXITED) ? ContainerSupervisor.UNKNOWN_EXIT : 0)
                        : c.exitCode();
            }
            if (condition.equals("removed")) {
                awaitRemoval(c.id(), sink);
            }
            sink.json(new WaitResponseJson(code, error == null ? null : new WaitResponseJson.WaitError(error)));
        });
    }

    private void awaitRemoval(String id, StreamSink sink) {
        while (sink.isOpen()) {
            try {
                engine.container(id);
                Thread.sleep(100);
            } catch (NoSuchContainerException e) {
                return;
            } catch (IOException | EngineException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void containerAttach(Exchange ex) throws IOException, EngineException {
        EngineContainer c = engine.container(ex.param(0));
        Path log = engine.logFile(c.id());
        boolean fromStart = ex.flag("logs") || pending.containsKey(c.id());
        boolean stream = ex.query("stream") == null || ex.flag("stream");
        LogFollower.Source source = LogFollower.Source.open(log, fromStart ? 0 : -1);
        StdinPipe stdin = ex.flag("stdin") ? stdins.get(c.id()) : null;
        ex.hijack(RAW_STREAM, sink -> {
            try (source) {
                source.copy(stream, exited(c.id()), sink, true);
            } catch (IOException e) {
                // the client went away
            }
        }, stdin);
    }

    /** True once the container has exited (or when no daemon watches it and it does not run). */
    private java.util.function.BooleanSupplier exited(String id) {
        Optional<CompletableFuture<Integer>> exit = supervisor.nextExit(id);
        return exit.isPresent() ? () -> exit.get().isDone() : () -> !engine.isRunning(id);
    }

    private void containerLogs(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        if (!ex.flag("stdout") && !ex.flag("stderr")) {
            throw ApiException.badRequest("You must choose at least one stream");
        }
        if (ex.flag("timestamps")) {
            throw ApiException.badRequest("timestamps: drydock's logs carry no timestamps");
        }
        String tail = ex.query("tail");
        int lines = tail == null || tail.isEmpty() || tail.equals("all") ? -1 : ex.intQuery("tail", -1);
        Path log = engine.logFile(c.id());
        LogFollower.Source source = LogFollower.Source.open(log, LogFollower.tailOffset(log, lines));
        boolean follow = ex.flag("follow");
        java.util.function.BooleanSupplier exited = exited(c.id());
        ex.stream(RAW_STREAM, sink -> {
            try (source) {
                source.copy(follow, exited, sink, true);
            }
        });
    }

    private void containerStop(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        if (!engine.isRunning(c.id())) {
            ex.empty(304);
            return;
        }
        stop(c, ex.intQuery("t", 10));
        ex.empty(204);
    }

    /** Stops a running container, {@code t} seconds before SIGKILL, and waits until its exit is recorded. */
    private void stop(EngineContainer c, int t) throws IOException, EngineException {
        events.publish("container", "kill", c.id(), Map.of("name", c.name(), "image", c.image(), "signal", "15"));
        engine.stop(c.id(), Duration.ofSeconds(Math.max(0, t)));
        awaitRecorded(c.id());
        events.publish("container", "stop", c.id(), Map.of("name", c.name(), "image", c.image()));
    }

    /** Waits (briefly) for the waiter to record the exit, so that what the client reads next is up to date. */
    private void awaitRecorded(String id) {
        supervisor.nextExit(id).ifPresent(f -> {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // reported by whoever waits for it
            }
        });
    }

    private void containerKill(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        if (!engine.isRunning(c.id())) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
        String s = ex.query("signal");
        int signal;
        try {
            signal = s == null || s.isEmpty() ? 9 : SignalName.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("signal: " + e.getMessage());
        }
        engine.kill(c.id(), signal);
        events.publish("container", "kill", c.id(), Map.of("name", c.name(), "image", c.image(),
                "signal", Integer.toString(signal)));
        ex.empty(204);
    }

    private void containerRemove(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        if (engine.isRunning(c.id()) && !ex.flag("force")) {
            throw ApiException.conflict("You cannot remove a running container " + c.id()
                    + ". Stop the container before attempting removal or force remove");
        }
        if (engine.isRunning(c.id())) {
            // killed here and recorded by its waiter, which alone reaps it (see Engine.waitForExit)
            engine.kill(c.id(), 9);
            awaitRecorded(c.id());
        }
        engine.remove(c.id(), ex.flag("force"));
        pending.remove(c.id());
        startedWith.remove(c.id());
        closeStdin(c.id());
        supervisor.forget(c.id());
        events.publish("container", "destroy", c.id(), Map.of("name", c.name(), "image", c.image()));
        ex.empty(204);
    }

    // ------------------------------------------------------------------ exec

    private void execCreate(Exchange ex) throws IOException, EngineException, ApiException {
        EngineContainer c = engine.container(ex.param(0));
        ExecTranslator.ExecSpec spec = ExecTranslator.toExec(ex.body(ExecConfigJson.class));
        if (!engine.isRunning(c.id())) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
        String id = HexFormat.of().formatHex(randomBytes());
        execs.put(id, new ExecSession(id, c.id(), spec));
        ex.json(201, new IdResponseJson(id, null));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private ExecSession exec(String id) throws ApiException {
        ExecSession s = execs.get(id);
        if (s == null) {
            throw ApiException.notFound("No such exec instance: " + id);
        }
        return s;
    }

    private void execStart(Exchange ex) throws IOException, ApiException {
        ExecSession s = exec(ex.param(0));
        ExecStartJson body = ex.body(ExecStartJson.class);
        if (s.running || s.exitCode != null) {
            throw ApiException.conflict("exec " + s.id + " has run already");
        }
        s.running = true;
        if (body != null && Boolean.TRUE.equals(body.detach())) {
            Thread t = new Thread(() -> runExec(s, null), "drydock-exec");
            t.setDaemon(true);
            t.start();
            ex.empty(200);
            return;
        }
        ex.hijack(RAW_STREAM, sink -> runExec(s, sink));
    }

    /** Runs an exec with its output framed to {@code sink} (or dropped when null); records its exit code. */
    private void runExec(ExecSession s, StreamSink sink) {
        int code = -1;
        try (DevNull devNull = DevNull.open(sys);
             FdPipe out = FdPipe.open(sys, frames(sink, StreamFrames.STDOUT));
             FdPipe err = FdPipe.open(sys, frames(sink, StreamFrames.STDERR))) {
            try {
                code = engine.exec(s.container, s.spec.cmd(), s.spec.env(), s.spec.user(), s.spec.workingDir(),
                        Stdio.of(devNull.fd(), out.writeFd(), err.writeFd()));
            } finally {
                out.closeWriteEnd();
                err.closeWriteEnd();
            }
        } catch (IOException | EngineException | RuntimeException e) {
            if (sink != null) {
                byte[] m = ("drydock exec: " + message(e) + "\n").getBytes(StandardCharsets.UTF_8);
                try {
                    synchronized (sink) {
                        sink.output(true, StreamFrames.STDERR, m, 0, m.length);
                    }
                } catch (IOException ignored) {
                    // the client went away
                }
            }
            code = 126;
        } finally {
            s.exitCode = code;
            s.running = false;
        }
    }

    private static FdPipe.Output frames(StreamSink sink, int stream) {
        return (data, len) -> {
            if (sink != null) {
                synchronized (sink) {
                    sink.output(true, stream, data, 0, len);
                }
            }
        };
    }

    private void execInspect(Exchange ex) throws ApiException {
        ExecSession s = exec(ex.param(0));
        ex.json(200, new ExecInspectJson(s.id, s.running, s.exitCode, s.container, false, true, true, 0));
    }

    // ------------------------------------------------------------------ networks

    private List<NetworkJson> networks() {
        var net = engine.config().network();
        NetworkJson bridge = new NetworkJson(net.name(), sha(net.name()), ZERO_TIME, "local", "bridge", false,
                new NetworkJson.Ipam("host-local", List.of(Map.of("Subnet", net.subnet().toString(),
                        "Gateway", net.gateway().getHostAddress()))),
                false, false, Map.of(), Map.of("com.docker.network.bridge.name", net.bridge()), Map.of());
        NetworkJson host = new NetworkJson("host", sha("host"), ZERO_TIME, "local", "host", false,
                new NetworkJson.Ipam("default", List.of()), false, false, Map.of(), Map.of(), Map.of());
        NetworkJson none = new NetworkJson("none", sha("none"), ZERO_TIME, "local", "null", false,
                new NetworkJson.Ipam("default", List.of()), false, false, Map.of(), Map.of(), Map.of());
        return List.of(bridge, host, none);
    }

    private static String sha(String name) {
        return io.drydock.runtime.image.Digest.of(("drydock-network-" + name).getBytes(StandardCharsets.UTF_8)).hex();
    }

    private void networkList(Exchange ex) {
        ex.json(200, networks());
    }

    private void networkInspect(Exchange ex) throws ApiException {
        String want = ex.param(0);
        for (NetworkJson n : networks()) {
            if (n.name().equals(want) || n.id().startsWith(want) || (want.equals("bridge") && n.driver().equals("bridge"))) {
                ex.json(200, n);
                return;
            }
        }
        throw ApiException.notFound("network " + want + " not found");
    }

    // ------------------------------------------------------------------ host facts

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Splits what is printed into lines, each handed on with its newline. */
    private static final class LineStream extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineStream(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) {
            buf.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            if (buf.size() > 0) {
                lines.accept(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            }
        }
    }
}
