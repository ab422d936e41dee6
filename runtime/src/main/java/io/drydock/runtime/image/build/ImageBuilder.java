package io.drydock.runtime.image.build;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import io.drydock.runtime.image.BaseImageException;
import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.HistoryEntry;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageException;
import io.drydock.runtime.image.ImageNotFoundException;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerPacker;
import io.drydock.runtime.image.Platform;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.spec.CapabilitySets;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Root;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds images from Containerfiles. A RUN step runs in a container of drydock's runtime whose
 * root is an overlay snapshot of the image so far; the snapshot's upper directory (with overlay
 * whiteouts for deletions) becomes the step's layer. COPY and ADD copy build-context files into
 * such a snapshot the same way. Config-only instructions (ENV, CMD...) change the image config.
 * Each step is looked up in the {@link BuildCache} first ("--> Using cache").
 *
 * <p>Instances are not thread-safe; one build at a time.
 */
public final class ImageBuilder {

    /** What a RUN step may do: docker's default capability set. */
    static final List<String> RUN_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ImageStore store;
    private final ContainerRunner runtime;
    private final BuildCache cache;
    private final PrintStream out;
    private final Stdio runStdio;
    private final BaseImages baseImages;
    private final BaseImagePuller puller;
    private final LayerPacker packer = new LayerPacker();
    /** The stages of the build under way, by alias and by index ("0", "1"...), for FROM and COPY --from. */
    private final Map<String, Stage> stages = new java.util.HashMap<>();

    /**
     * @param store    where base images are found and the result goes
     * @param runtime  runs RUN steps
     * @param cache    the build cache
     * @param out      where the step log goes
     * @param runStdio the stdio of RUN processes, or null for /dev/null
     */
    public ImageBuilder(ImageStore store, ContainerRuntime runtime, BuildCache cache, PrintStream out, Stdio runStdio) {
        this(store, (ContainerRunner) runtime::run, cache, out, runStdio);
    }

    /** As the other constructor, with RUN steps run by {@code runner}. */
    public ImageBuilder(ImageStore store, ContainerRunner runner, BuildCache cache, PrintStream out, Stdio runStdio) {
        this(store, runner, cache, out, runStdio, null);
    }

    /**
     * As the other constructors, and a FROM image missing from the store that is not one of
     * {@link BaseImages#forHost() this host's base images} is fetched by {@code puller} (null: such
     * a build fails).
     */
    public ImageBuilder(ImageStore store, ContainerRunner runner, BuildCache cache, PrintStream out, Stdio runStdio,
                        BaseImagePuller puller) {
        this(store, runner, cache, out, runStdio, BaseImages.forHost(), puller);
    }

    /**
     * As the other constructors, with the catalogue a FROM image missing from the store is made
     * from before {@code puller} is asked (null: such a build fails).
     */
    public ImageBuilder(ImageStore store, ContainerRunner runner, BuildCache cache, PrintStream out, Stdio runStdio,
                        BaseImages baseImages, BaseImagePuller puller) {
        this.baseImages = Objects.requireNonNull(baseImages, "baseImages");
        this.puller = puller;
        this.store = Objects.requireNonNull(store, "store");
        this.runtime = Objects.requireNonNull(runner, "runner");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.out = Objects.requireNonNull(out, "out");
        this.runStdio = runStdio;
    }

    /** The conventional cache location of a store: {@code <store root>/build-cache}. */
    public static BuildCache cacheOf(ImageStore store) throws IOException {
        return new BuildCache(store.root().resolve("build-cache"));
    }

    /** The image config while a stage is built. */
    private static final class Stage {
        Digest key;
        Platform platform = Platform.host();
        final List<Descriptor> layers = new ArrayList<>();
        final List<Digest> diffIds = new ArrayList<>();
        final List<HistoryEntry> history = new ArrayList<>();
        final LinkedHashMap<String, String> env = new LinkedHashMap<>();
        final Map<String, String> args = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        boolean cmdSet;
        String workdir;
        String user;
        final Set<String> ports = new LinkedHashSet<>();
        final Map<String, String> labels = new LinkedHashMap<>();
        String stopSignal;
        Instant created;

        /** A new stage that starts where this one stands ({@code FROM <earlier stage>}). */
        Stage copy() {
            Stage c = new Stage();
            c.key = key;
            c.platform = platform;
            c.layers.addAll(layers);
            c.diffIds.addAll(diffIds);
            c.history.addAll(history);
            c.env.putAll(env);
            c.entrypoint = entrypoint;
            c.cmd = cmd;
            c.workdir = workdir;
            c.user = user;
            c.ports.addAll(ports);
            c.labels.putAll(labels);
            c.stopSignal = stopSignal;
            c.created = created;
            return c;
        }

        Map<String, String> variables() {
            Map<String, String> v = new LinkedHashMap<>(args);
            v.putAll(env);
            return v;
        }

        List<String> envList() {
            List<String> list = new ArrayList<>();
            env.forEach((k, v) -> list.add(k + "=" + v));
            return list;
        }

        ImageConfig config() {
            return new ImageConfig(platform, created, envList(), entrypoint, cmd, workdir, user, ports, labels,
                    stopSignal, diffIds, history);
        }
    }

    /**
     * Builds the image {@code request} describes and names it with its tags.
     *
     * @throws ContainerfileException naming the line of the instruction that failed
     */
    public BuildResult build(BuildRequest request) throws IOException {
        try {
            return buildSteps(request);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device") || e.getMessage().contains(" is full")) {
                throw e;
            }
            // write(2) names no path: say which store must be given room.
            throw new ImageException("build", request.containerfile().toString(), e.getMessage() + " (the image store "
                    + store.root() + " is full)", e);
        }
    }

    /**
     * A RUN's own writes go to the image store (its snapshot's upper directory): when a RUN failed
     * and the store has next to no room left, the likely reason, said; else nothing.
     */
    private String fullStoreNote() {
        try {
            if (Files.getFileStore(store.root()).getUsableSpace() < 64 * 1024) {
                return " (No space left on device: the image store " + store.root() + " is full)";
            }
        } catch (IOException e) {
            // cannot tell: no note
        }
        return "";
    }

    private BuildResult buildSteps(BuildRequest request) throws IOException {
        Path context = request.context().toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new ImageException("build", context.toString(), "the build context is not a directory");
        }
        if (!Files.isRegularFile(request.containerfile())) {
            throw new ImageException("build", request.containerfile().toString(), "no such Containerfile");
        }
        Containerfile file = Containerfile.read(request.containerfile());
        ContextIgnore ignore = ContextIgnore.of(context);
        List<Instruction> steps = file.instructions();
        Map<String, String> globalArgs = new LinkedHashMap<>();
        Stage stage = null;
        int cached = 0;
        int stageIndex = 0;
        stages.clear();
        for (int i = 0; i < steps.size(); i++) {
            Instruction step = steps.get(i);
            out.println("STEP " + (i + 1) + "/" + steps.size() + ": " + step.text());
            out.flush();
            try {
                if (step instanceof Instruction.From from) {
                    stage = from(file, from, globalArgs);
                    stages.put(Integer.toString(stageIndex++), stage);
                    if (from.alias() != null) {
                        stages.put(from.alias(), stage);
                    }
                    continue;
                }
                if (stage == null) { // an ARG before the first FROM
                    Instruction.Arg arg = (Instruction.Arg) step;
                    String value = request.buildArgs().containsKey(arg.name()) ? request.buildArgs().get(arg.name())
                            : arg.defaultValue() == null ? null : BuildVariables.expand(arg.defaultValue(), globalArgs);
                    globalArgs.put(arg.name(), value == null ? "" : value);
                    continue;
                }
                if (step(file, context, ignore, request, stage, step, globalArgs)) {
                    cached++;
                }
            } catch (IllegalArgumentException e) {
                throw new ContainerfileException("build", file.name(), step.line(), e.getMessage(), e);
            } catch (ContainerfileException e) {
                throw e;
            } catch (ImageException e) {
                // Name the instruction: an unknown USER, a COPY onto a file, a blob gone bad...
                throw new ContainerfileException("build", file.name(), step.line(), e.getMessage(), e);
            }
        }
        stage.created = stage.created == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : stage.created;
        Image image = store.commit(stage.config(), stage.layers, request.tags());
        out.println("COMMIT " + request.tags().stream().map(ImageReference::familiar).reduce((a, b) -> a + " " + b)
                .orElse(""));
        out.println("--> " + image.id().shortHex());
        out.println("Successfully built " + image.id().shortHex() + " (" + image.manifestDigest() + ")");
        out.flush();
        return new BuildResult(image, steps.size(), cached);
    }

    private Stage from(Containerfile file, Instruction.From from, Map<String, String> globalArgs) throws IOException {
        String name = BuildVariables.expand(from.image(), globalArgs);
        if (name.equals("scratch")) {
            Stage stage = new Stage();
            stage.key = BuildCacheKeys.base(null);
            stage.env.put("PATH", DEFAULT_PATH.substring("PATH=".length()));
            return stage;
        }
        Stage earlier = stages.get(name);
        if (earlier != null && !name.matches("[0-9]+")) {
            return earlier.copy();
        }
        Image base = image(file, from.line(), name);
        out.println("--> " + base.id().shortHex());
        return stageOf(base);
    }

    /**
     * The image {@code name}: from the store; else, for a {@link BaseImages} name, made on this host
     * (never pulled); else pulled, when a puller was given.
     */
    private Image image(Containerfile file, int line, String name) throws IOException {
        Optional<BaseImages.Entry> base = baseImages.lookup(name);
        try {
            if (base.isPresent() && store.find(base.get().name()).isEmpty()) {
                out.println("Making " + name + " on this host " + base.get().origin());
                out.flush();
            }
            return baseImages.resolve(store, name, progress -> {
                out.println(progress);
                out.flush();
            });
        } catch (BaseImageException e) {
            throw new ContainerfileException("build", file.name(), line, "base image '" + name
                    + "' is not in the store and could not be made on this host: " + e.reason(), e);
        } catch (ImageNotFoundException e) {
            if (puller == null) {
                throw new ContainerfileException("build", file.name(), line, "base image '" + name
                        + "' is not in the store (drydock pull it first)", e);
            }
            ImageReference ref;
            try {
                ref = ImageReference.parse(name);
            } catch (IllegalArgumentException bad) {
                throw new ContainerfileException("build", file.name(), line, bad.getMessage(), bad);
            }
            out.println("Pulling " + ref);
            out.flush();
            try {
                return puller.pull(ref);
            } catch (IOException pullFailure) {
                throw new ContainerfileException("build", file.name(), line, "base image '" + name
                        + "' is not in the store and could not be pulled: " + pullFailure.getMessage(), pullFailure);
            }
        }
    }

    private static Stage stageOf(Image base) {
        Stage stage = new Stage();
        ImageConfig c = base.config();
        stage.key = BuildCacheKeys.base(base.manifestDigest());
        stage.platform = c.platform();
        stage.layers.addAll(base.manifest().layers());
        stage.diffIds.addAll(c.diffIds());
        stage.history.addAll(c.history());
        for (String variable : c.env()) {
            int eq = variable.indexOf('=');
            stage.env.put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        stage.entrypoint = c.entrypoint();
        stage.cmd = c.cmd();
        stage.workdir = c.workingDir();
        stage.user = c.user();
        stage.ports.addAll(c.exposedPorts());
        stage.labels.putAll(c.labels());
        stage.stopSignal = c.stopSignal();
        stage.created = c.created();
        return stage;
    }

    /** Runs one step after FROM; returns whether it came from the cache. */
    private boolean step(Containerfile file, Path context, ContextIgnore ignore, BuildRequest request, Stage stage,
                         Instruction step,
                         Map<String, String> globalArgs) throws IOException {
        Map<String, String> vars = stage.variables();
        String expanded;
        Digest content = null;
        List<Path> sources = List.of();
        switch (step) {
            case Instruction.Arg arg -> {
                String value = request.buildArgs().containsKey(arg.name()) ? request.buildArgs().get(arg.name())
                        : arg.defaultValue() != null ? BuildVariables.expand(arg.defaultValue(), vars)
                        : globalArgs.get(arg.name());
                stage.args.put(arg.name(), value == null ? "" : value);
                expanded = "ARG " + arg.name() + "=" + stage.args.get(arg.name());
            }
            case Instruction.Run run -> expanded = run.text() + "\0" + BuildCacheKeys.environment(vars)
                    + "\0user=" + stage.user + "\0workdir=" + stage.workdir;
            case Instruction.Copy copy when copy.from() != null -> {
                Stage source = copySource(file, copy, stage, vars);
                // The source stage's key stands for its whole content.
                content = BuildCacheKeys.step(source.key, "COPY --from", null);
                expanded = "COPY --from chown=" + expandOrNull(copy.chown(), vars) + " "
                        + copy.sources().stream().map(s -> BuildVariables.expand(s, vars)).toList() + " "
                        + BuildVariables.expand(copy.destination(), vars) + "\0workdir=" + stage.workdir;
            }
            case Instruction.Copy copy -> {
                sources = sources(file, context, ignore, copy, vars);
                content = BuildCacheKeys.content(sources, ignore::excluded);
                expanded = (copy.add() ? "ADD" : "COPY") + " chown=" + expandOrNull(copy.chown(), vars) + " "
                        + copy.sources().stream().map(s -> BuildVariables.expand(s, vars)).toList() + " "
                        + BuildVariables.expand(copy.destination(), vars) + "\0workdir=" + stage.workdir;
            }
            default -> expanded = step.text() + "\0" + BuildCacheKeys.environment(vars);
        }
        Digest key = BuildCacheKeys.step(stage.key, expanded, content);
        Optional<BuildCache.Entry> hit = request.noCache() ? Optional.empty() : cache.get(key);
        if (hit.isPresent() && step.addsLayer()
                && (hit.get().layer() == null || !store.blobs().contains(hit.get().layer().digest()))) {
            hit = Optional.empty(); // the layer was garbage-collected since
        }
        BuildCache.Entry entry;
        if (hit.isPresent()) {
            entry = hit.get();
            out.println("--> Using cache " + key.hex());
        } else {
            Descriptor layer = switch (step) {
                case Instruction.Run run -> run(file, stage, run);
                case Instruction.Copy copy when copy.from() != null ->
                        copyFrom(file, stage, copy, copySource(file, copy, stage, vars), vars);
                case Instruction.Copy copy -> copy(file, stage, copy, sources, vars, ignore);
                default -> null;
            };
            entry = new BuildCache.Entry(layer, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            cache.put(key, entry);
        }
        applyConfig(stage, step, vars);
        stage.created = entry.created();
        String createdBy = step instanceof Instruction.Run r && r.shellForm()
                ? "/bin/sh -c " + r.command().get(0) : step.text();
        stage.history.add(new HistoryEntry(entry.created(), createdBy, "drydock build", !step.addsLayer()));
        if (step.addsLayer()) {
            stage.layers.add(entry.layer());
            stage.diffIds.add(entry.layer().digest()); // our layers are uncompressed: digest = DiffID
            stage.key = BuildCacheKeys.afterLayer(key, entry.layer().digest());
            if (hit.isEmpty()) {
                out.println("--> " + entry.layer().digest().shortHex());
            }
        } else {
            stage.key = key;
        }
        out.flush();
        return hit.isPresent();
    }

    private static String expandOrNull(String text, Map<String, String> vars) {
        return text == null ? null : BuildVariables.expand(text, vars);
    }

    /** The config changes of a config-only instruction. */
    private static void applyConfig(Stage stage, Instruction step, Map<String, String> vars) {
        switch (step) {
            case Instruction.Env env -> {
                // Each assignment sees the ones before it on the same line, as in docker.
                for (Map.Entry<String, String> e : env.variables().entrySet()) {
                    Map<String, String> now = stage.variables();
                    stage.env.remove(e.getKey());
                    stage.env.put(e.getKey(), BuildVariables.expand(e.getValue(), now));
                }
            }
            case Instruction.Workdir w -> {
                String path = BuildVariables.expand(w.path(), vars);
                stage.workdir = path.startsWith("/") ? path
                        : (stage.workdir == null ? "/" : stage.workdir + "/") + path;
                stage.workdir = Path.of(stage.workdir).normalize().toString();
            }
            case Instruction.User u -> stage.user = BuildVariables.expand(u.user(), vars);
            case Instruction.Expose e -> {
                for (String port : e.ports()) {
                    String p = BuildVariables.expand(port, vars).toLowerCase(java.util.Locale.ROOT);
                    stage.ports.add(p.contains("/") ? p : p + "/tcp");
                }
            }
            case Instruction.Cmd c -> {
                stage.cmd = c.command();
                stage.cmdSet = true;
            }
            case Instruction.Entrypoint e -> {
                stage.entrypoint = e.command();
                if (!stage.cmdSet) {
                    stage.cmd = List.of(); // an inherited CMD does not fit a new ENTRYPOINT
                }
            }
            case Instruction.Label l -> l.labels().forEach((k, v) ->
                    stage.labels.put(BuildVariables.expand(k, vars), BuildVariables.expand(v, vars)));
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- layer steps

    private Descriptor run(Containerfile file, Stage stage, Instruction.Run run) throws IOException {
        List<String> args = run.shellForm() ? List.of("/bin/sh", "-c", run.command().get(0)) : run.command();
        Map<String, String> env = new LinkedHashMap<>(stage.args);
        env.putAll(stage.env); // ARGs are in RUN's environment, not in the image's
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        if (!env.containsKey("PATH")) {
            envList.add(DEFAULT_PATH);
        }
        return inSnapshot(stage, rootfs -> {
            String cwd = stage.workdir == null ? "/" : stage.workdir;
            RootfsPaths.createDirectories(rootfs, cwd);
            RootfsPaths.Owner owner = stage.user == null || stage.user.isEmpty() ? new RootfsPaths.Owner(0, 0)
                    : RootfsPaths.owner(rootfs, stage.user);
            Path bundle = Files.createTempDirectory(store.root().resolve("tmp"), "build-bundle-");
            String id = "drydock-build-" + UUID.randomUUID().toString().substring(0, 12);
            try {
                Spec base = DefaultSpec.standard();
                ContainerProcess process = base.process().withTerminal(false).withArgs(args).withEnv(envList)
                        .withCwd(cwd).withUser(User.of(owner.uid(), owner.gid()))
                        .withCapabilities(new CapabilitySets(RUN_CAPABILITIES, RUN_CAPABILITIES, List.of(),
                                RUN_CAPABILITIES, List.of()));
                Spec spec = base.withProcess(process).withRoot(new Root(rootfs.toString(), false))
                        .withHostname("drydock-build");
                try {
                    SpecJson.writeConfig(spec, bundle.resolve("config.json"));
                } catch (io.drydock.runtime.spec.SpecException e) {
                    throw new ContainerfileException("build", file.name(), run.line(), "RUN spec: " + e.getMessage(), e);
                }
                CreateRequest.Builder req = CreateRequest.builder().bundle(bundle);
                if (runStdio == null) {
                    req.discardStdio();
                } else {
                    req.stdio(runStdio);
                }
                int code;
                try {
                    code = runtime.run(id, req.build());
                } catch (ContainerException e) {
                    throw new ContainerfileException("build", file.name(), run.line(), "RUN could not run: "
                            + e.getMessage(), e);
                }
                if (code != 0) {
                    throw new ContainerfileException("build", file.name(), run.line(), "RUN " + args
                            + " exited with status " + code + fullStoreNote(), null);
                }
            } finally {
                deleteTree(bundle);
            }
        });
    }

    private List<Path> sources(Containerfile file, Path context, ContextIgnore ignore, Instruction.Copy copy,
                               Map<String, String> vars) throws IOException {
        List<Path> result = new ArrayList<>();
        for (String raw : copy.sources()) {
            String source = BuildVariables.expand(raw, vars);
            Path path = context.resolve(source.startsWith("/") ? source.substring(1) : source).normalize();
            if (!path.startsWith(context)) {
                throw new ContainerfileException("build", file.name(), copy.line(), "source '" + source
                        + "' is outside the build context " + context, null);
            }
            if (path.getFileName() != null && path.getFileName().toString().matches(".*[*?\\[].*")) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(path.getParent(),
                        path.getFileName().toString())) {
                    List<Path> sorted = new ArrayList<>();
                    matches.forEach(m -> {
                        if (!ignore.excluded(m)) {
                            sorted.add(m);
                        }
                    });
                    sorted.sort(null);
                    if (sorted.isEmpty()) {
                        throw new ContainerfileException("build", file.name(), copy.line(), "no file of the build "
                                + "context matches '" + source + "'", null);
                    }
                    result.addAll(sorted);
                }
                continue;
            }
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new ContainerfileException("build", file.name(), copy.line(), "source '" + source
                        + "' does not exist in the build context " + context, null);
            }
            if (!path.equals(context) && ignore.excluded(path)) {
                throw new ContainerfileException("build", file.name(), copy.line(), "source '" + source
                        + "' is excluded by the context's .containerignore/.dockerignore", null);
            }
            result.add(path);
        }
        return result;
    }

    /** The stage (alias or index) or image {@code COPY --from} names. */
    private Stage copySource(Containerfile file, Instruction.Copy copy, Stage current, Map<String, String> vars)
            throws IOException {
        String name = BuildVariables.expand(copy.from(), vars);
        Stage source = stages.get(name);
        if (source == current) {
            throw new ContainerfileException("build", file.name(), copy.line(), "COPY --from=" + name
                    + " names the stage it is in", null);
        }
        return source != null ? source : stageOf(image(file, copy.line(), name));
    }

    /** COPY --from: mounts a snapshot of the source stage and copies from its root filesystem. */
    private Descriptor copyFrom(Containerfile file, Stage stage, Instruction.Copy copy, Stage source,
                                Map<String, String> vars) throws IOException {
        unpack(source);
        String key = "drydock-build-" + UUID.randomUUID().toString().substring(0, 12);
        Snapshot snapshot = store.snapshots().prepare(key, source.diffIds);
        try {
            store.snapshots().mount(key);
            try {
                List<Path> paths = new ArrayList<>();
                for (String raw : copy.sources()) {
                    String path = BuildVariables.expand(raw, vars);
                    Path resolved = RootfsPaths.resolve(snapshot.rootfs(), path.startsWith("/") ? path : "/" + path);
                    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
                        throw new ContainerfileException("build", file.name(), copy.line(), "'" + path
                                + "' does not exist in " + copy.from(), null);
                    }
                    paths.add(resolved);
                }
                return copy(file, stage, copy, paths, vars, ContextIgnore.parse(snapshot.rootfs(), List.of()));
            } finally {
                store.snapshots().unmount(key);
            }
        } finally {
            store.snapshots().remove(key);
        }
    }

    private Descriptor copy(Containerfile file, Stage stage, Instruction.Copy copy, List<Path> sources,
                            Map<String, String> vars, ContextIgnore ignore) throws IOException {
        String dest = BuildVariables.expand(copy.destination(), vars);
        String chown = expandOrNull(copy.chown(), vars);
        boolean intoDirectory = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.") || dest.equals("..")
                || dest.endsWith("/..") || sources.size() > 1;
        String absolute = dest.startsWith("/") ? dest : (stage.workdir == null ? "/" : stage.workdir + "/") + dest;
        return inSnapshot(stage, rootfs -> {
            RootfsPaths.Owner owner = chown == null ? new RootfsPaths.Owner(0, 0) : RootfsPaths.owner(rootfs, chown);
            Path target = RootfsPaths.resolve(rootfs, absolute);
            boolean targetIsDir = intoDirectory || Files.isDirectory(target)
                    || (sources.size() == 1 && Files.isDirectory(sources.get(0), LinkOption.NOFOLLOW_LINKS));
            if (targetIsDir) {
                target = RootfsPaths.createDirectories(rootfs, absolute);
            } else {
                String parent = Path.of(absolute).normalize().getParent() == null ? "/"
                        : Path.of(absolute).normalize().getParent().toString();
                RootfsPaths.createDirectories(rootfs, parent);
            }
            for (Path source : sources) {
                if (copy.add() && LocalArchiveExtractor.isArchive(source)) {
                    // ADD unpacks local archives into the destination directory.
                    String dir = targetIsDir ? absolute : Path.of(absolute).normalize().toString();
                    LocalArchiveExtractor.extract(source, rootfs, dir, chown == null ? null : owner);
                    continue;
                }
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    copyTree(source, target, owner, ignore);
                } else {
                    Path to = targetIsDir ? target.resolve(source.getFileName().toString()) : target;
                    copyEntry(source, to, owner);
                }
            }
        });
    }

    /** Copies the contents of {@code dir} into {@code target}. */
    private static void copyTree(Path dir, Path target, RootfsPaths.Owner owner, ContextIgnore ignore)
            throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.filter(p -> !p.equals(dir) && !ignore.excluded(p)).sorted().toList();
        }
        for (Path p : entries) {
            copyEntry(p, target.resolve(dir.relativize(p).toString()), owner);
        }
    }

    private static void copyEntry(Path source, Path to, RootfsPaths.Owner owner) throws IOException {
        if (Files.isSymbolicLink(to) || (Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                && !(Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)))) {
            deleteTree(to); // never write through a link of the image
        }
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(to);
            }
            Files.setAttribute(to, "unix:mode", (Integer) Files.getAttribute(source, "unix:mode") & 07777);
        } else {
            Files.copy(source, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(to, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    @FunctionalInterface
    private interface RootfsWork {
        void accept(Path rootfs) throws IOException;
    }

    /**
     * Mounts a snapshot of the stage's layers, lets {@code work} change it, and packs the changes
     * (the snapshot's upper directory) as a layer.
     */
    private Descriptor inSnapshot(Stage stage, RootfsWork work) throws IOException {
        unpack(stage);
        String key = "drydock-build-" + UUID.randomUUID().toString().substring(0, 12);
        Snapshot snapshot = store.snapshots().prepare(key, stage.diffIds);
        IOException failure = null;
        Descriptor layer = null;
        try {
            store.snapshots().mount(key);
            try {
                work.accept(snapshot.rootfs());
            } finally {
                store.snapshots().unmount(key);
            }
            layer = packer.pack(snapshot.upper(), store.blobs());
        } catch (IOException e) {
            failure = e;
        } finally {
            try {
                store.snapshots().remove(key);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return layer;
    }

    /** Unpacks the stage's layers that are not unpacked yet. */
    private void unpack(Stage stage) throws IOException {
        for (int i = 0; i < stage.layers.size(); i++) {
            Digest diffId = stage.diffIds.get(i);
            if (!store.layers().contains(diffId)) {
                try (InputStream in = store.blobs().open(stage.layers.get(i).digest())) {
                    store.layers().unpack(diffId, in);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(root)) {
                all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } else {
            Files.delete(root);
        }
    }
}
