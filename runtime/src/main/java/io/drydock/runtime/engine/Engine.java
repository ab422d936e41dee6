package io.drydock.runtime.engine;

import io.drydock.runtime.sys.SignalName;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.ContainerStatus;
import io.drydock.runtime.container.CreatorMarks;
import io.drydock.runtime.container.CreateRequest;
import io.drydock.runtime.container.ExecRequest;
import io.drydock.runtime.container.KillPoint;
import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.DiskUsage;
import io.drydock.runtime.image.DockerArchive;
import io.drydock.runtime.image.HistoryEntry;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageRemoval;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerPacker;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.OciArchive;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.EtcNetworkFiles;
import io.drydock.runtime.network.HostPortProbe;
import io.drydock.runtime.network.NetworkAttachment;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkException;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.NetworkPrune;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.network.PortUnavailableException;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Containers as a Docker user knows them: {@code run} an image by name with an overlay root
 * filesystem, a network and logs; {@code ps}, {@code stop}, {@code kill}, {@code rm},
 * {@code exec}; and the image commands that need to know about containers ({@code commit},
 * {@code rmi}, {@code df}). Each call works on the state on disk, and a container seen to have
 * exited is tidied (overlay unmounted, network detached, removed if it was started with
 * {@code --rm}) by the next call that looks at it, unless a long-running process (drydock's
 * daemon) waits for it with {@link #waitForExit}, which records its exit code.
 *
 * <p>State: the image store ({@code /var/lib/drydock}) holds images, snapshots (each container's
 * upper and work directories) and, under {@code containers/}, each container's record and log:
 * what must outlive a reboot for {@code ps -a}, {@code logs}, {@code commit} and {@code rm}. The
 * state root ({@code /run/drydock/engine}, tmpfs on a usual host) holds what a container needs
 * only while it exists, as docker and podman keep it on tmpfs too: under {@code bundles/<id>/} its
 * {@code config.json} and the {@code hosts}, {@code hostname} and {@code resolv.conf} bound into
 * it, under {@code rootfs/<id>} its overlay's mount point, under {@code runtime/} the runtime's
 * state, and the network's IPAM and cache.
 */
public final class Engine implements AutoCloseable {
    /** The default state root. */
    public static final Path DEFAULT_STATE_ROOT = Path.of("/run/drydock/engine");

    /**
     * Where the engine keeps things.
     *
     * @param imageRoot the image store root (images, snapshots, container records)
     * @param stateRoot runtime and network state (tmpfs is right: it does not outlive a reboot)
     * @param network   the bridge network containers join in {@code bridge} mode
     * @param cgroupParent the cgroup containers are placed under ({@code /drydock}: each in
     *                  {@code <parent>/<id>} of every hierarchy)
     */
    public record Config(Path imageRoot, Path stateRoot, NetworkConfig network, String cgroupParent) {
        public Config {
            Objects.requireNonNull(imageRoot, "imageRoot");
            Objects.requireNonNull(stateRoot, "stateRoot");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(cgroupParent, "cgroupParent");
            // Checked as the runtime will read it: absolute, no "." or "..", not the root.
            cgroupParent = io.drydock.runtime.cgroup.CgroupPath.of(cgroupParent).value();
        }

        /** The given roots and network, containers' cgroups under {@code /drydock}. */
        public Config(Path imageRoot, Path stateRoot, NetworkConfig network) {
            this(imageRoot, stateRoot, network, io.drydock.runtime.cgroup.CgroupPath.DEFAULT_PARENT);
        }

        /** The same, with containers' cgroups under {@code parent} (a test's own, say). */
        public Config withCgroupParent(String parent) {
            return new Config(imageRoot, stateRoot, network, parent);
        }

        /** The defaults: {@code /var/lib/drydock}, {@code /run/drydock/engine}, network {@code drydock}. */
        public static Config defaults() {
            return of(ImageStore.DEFAULT_ROOT, DEFAULT_STATE_ROOT);
        }

        /** The given roots with the default network, its state under {@code stateRoot}. */
        public static Config of(Path imageRoot, Path stateRoot) {
            return new Config(imageRoot, stateRoot, NetworkConfig.defaults(stateRoot));
        }
    }

    private final Config config;
    private final Syscalls sys;
    private final ImageStore images;
    private final ContainerRuntime runtime;
    private final ContainerCatalog catalog;
    private final BridgeNetwork network;
    private final EtcNetworkFiles etcFiles = new EtcNetworkFiles(Path.of("/etc/resolv.conf"));
    private final ContainerNames names = new ContainerNames();
    private final CreatorMarks creators;
    /** Containers a {@link #waitForExit} of this process waits for. */
    private final java.util.Set<String> waited = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Engine(Config config, Syscalls sys, ImageStore images, ContainerRuntime runtime, ContainerCatalog catalog,
                   BridgeNetwork network) {
        this.config = config;
        this.creators = new CreatorMarks(config.stateRoot().resolve("creating"), ContainerNames::isId);
        this.sys = sys;
        this.images = images;
        this.runtime = runtime;
        this.catalog = catalog;
        this.network = network;
    }

    /** Opens the engine on this host (root needed to run containers). */
    public static Engine open(Config config) throws EngineException {
        Syscalls sys = new LinuxSyscalls();
        try {
            ImageStore images = new ImageStore(config.imageRoot(), mountRoot(config.stateRoot()), LayerUnpacker.forHost(),
                    new SyscallOverlayMounter(sys));
            ContainerRuntime runtime = ContainerRuntime.open(config.stateRoot().resolve("runtime"));
            ContainerCatalog catalog = new ContainerCatalog(config.imageRoot().resolve("containers"));
            return new Engine(config, sys, images, runtime, catalog, BridgeNetwork.onHost(config.network()));
        } catch (IOException | ContainerException e) {
            throw new EngineException("open engine", config.imageRoot().toString(), e.getMessage(), e);
        }
    }

    /** Where a store opened beside an engine with state root {@code stateRoot} mounts container root filesystems. */
    public static Path mountRoot(Path stateRoot) {
        return stateRoot.resolve("rootfs");
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The image store. */
    public ImageStore images() {
        return images;
    }

    /** The bridge network. */
    public BridgeNetwork network() {
        return network;
    }

    // ------------------------------------------------------------------ images

    /**
     * The image {@code nameOrId} names. The {@link BaseImages} ({@code busybox} from the host's
     * busybox-static, {@code debian-bench} by debootstrap) are built when missing, with progress on
     * standard error.
     */
    public Image image(String nameOrId) throws IOException {
        return image(nameOrId, line -> System.err.println("drydock: " + line));
    }

    /** As {@link #image(String)}, with a base image build's progress lines going to {@code progress}. */
    public Image image(String nameOrId, Consumer<String> progress) throws IOException {
        return BaseImages.forHost().resolve(images, nameOrId, progress);
    }

    /** Removes an image or one of its names; an image a container uses is refused unless {@code force}. */
    public ImageRemoval removeImage(String nameOrId, boolean force) throws IOException {
        List<EngineContainer> all = catalog.list();
        return images.remove(nameOrId, force,
                img -> all.stream().anyMatch(c -> c.imageId().equals(img.manifestDigest().toString())));
    }

    /** Where the bytes are: layers shared by containers and each container's private upper directory. */
    public DiskUsage diskUsage() throws IOException {
        return images.diskUsage();
    }

    /** Saves images to a tar: {@code oci} for an OCI layout, else a docker-archive. */
    public void save(List<String> namesOrIds, Path tar, boolean oci) throws IOException {
        if (oci) {
            new OciArchive(images).save(namesOrIds, tar);
        } else {
            new DockerArchive(images).save(namesOrIds, tar);
        }
    }

    /** Loads a docker-archive or OCI layout tar (gzip or not), telling them apart by their files. */
    public List<Image> load(Path tar) throws IOException {
        if (isOciLayout(tar)) {
            return new OciArchive(images).load(tar, null);
        }
        return new DockerArchive(images).load(tar);
    }

    private static boolean isOciLayout(Path tar) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tar))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            try (TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                    String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                    if (name.equals("oci-layout")) {
                        return true;
                    }
                    if (name.equals("manifest.json")) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Makes the container's changes (its upper directory) a new layer on top of its image's, and
     * an image of them named {@code newName} (or unnamed when {@code null}).
     */
    public Image commit(String container, String newName) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(container);
        Image base = images.image(io.drydock.runtime.image.Digest.parse(c.imageId()));
        Snapshot snap = images.snapshots().get(c.id());
        // A running container is paused while its upper layer is packed, as docker commit does:
        // otherwise a process in it could swap a directory the packer has listed for a symlink to
        // a host directory, and the host's file would be read into the image (CVE-2018-15664 class).
        boolean paused = false;
        if (isRunning(c.id())) {
            try {
                runtime.pause(c.id());
            } catch (ContainerException e) {
                throw new EngineException("commit", c.name(), "cannot pause the container: " + e.getMessage(), e);
            }
            paused = true;
        }
        Descriptor layer;
        try {
            layer = new LayerPacker().pack(snap.upper(), images.blobs());
        } finally {
            if (paused) {
                try {
                    runtime.resume(c.id());
                } catch (ContainerException e) {
                    throw new EngineException("commit", c.name(), "cannot resume the container: " + e.getMessage(), e);
                }
            }
        }
        ImageConfig old = base.config();
        List<io.drydock.runtime.image.Digest> diffIds = new ArrayList<>(old.diffIds());
        diffIds.add(layer.digest());
        List<HistoryEntry> history = new ArrayList<>(old.history());
        history.add(new HistoryEntry(Instant.now(), "drydock commit " + c.name(), null, false));
        ImageConfig config = new ImageConfig(old.platform(), Instant.now(), old.env(), old.entrypoint(), old.cmd(),
                old.workingDir(), old.user(), old.exposedPorts(), old.labels(), old.stopSignal(), diffIds, history);
        List<Descriptor> layers = new ArrayList<>(base.manifest().layers());
        layers.add(layer);
        List<ImageReference> refs = newName == null ? List.of() : List.of(ImageReference.parse(newName));
        return images.commit(config, layers, refs);
    }

    // ------------------------------------------------------------------ run

    /** Runs a container in the background; returns its record (id, name, ports). Output goes to its log. */
    public EngineContainer runDetached(RunOptions options) throws IOException, EngineException {
        return start(create(options), options);
    }

    /**
     * Records a container for {@code options} without running it, as {@code docker create} does;
     * {@link #start} runs it. A record left in state {@code created} is tidied as exited by the
     * first look at it a minute later.
     */
    public EngineContainer create(RunOptions options) throws IOException, EngineException {
        return reserve(options);
    }

    /**
     * Starts a container {@link #create} recorded, in the background with its output going to its
     * log; returns the record as running (ports and address filled in).
     */
    public EngineContainer start(EngineContainer rec, RunOptions options) throws IOException, EngineException {
        return startDetached(rec, options, -1, false);
    }

    /**
     * As {@link #start(EngineContainer, RunOptions)}, with {@code stdinFd} as the container's
     * standard input instead of {@code /dev/null} ({@code docker run -i}); the caller keeps and
     * closes its fd.
     */
    public EngineContainer start(EngineContainer rec, RunOptions options, int stdinFd) throws IOException, EngineException {
        return startDetached(rec, options, stdinFd, false);
    }

    /**
     * Starts again a container that ran and exited ({@code docker start} of an exited container,
     * {@code docker restart}), on its own root filesystem with what it wrote kept, in the
     * background with its output appended to its log; returns the record as running. If the start
     * fails the container stays, recorded as exited.
     *
     * @param options what the container was created with
     */
    public EngineContainer startAgain(EngineContainer rec, RunOptions options) throws IOException, EngineException {
        EngineContainer now = observe(catalog.resolve(rec.id()));
        if (now == null) {
            throw new NoSuchContainerException(rec.id());
        }
        if (!now.state().equals(EngineContainer.EXITED)) {
            throw new EngineException("start", now.name(), "container is " + now.state() + ", not exited");
        }
        if (images.snapshots().find(now.id()).isEmpty()) {
            throw new EngineException("start", now.name(), "its root filesystem is gone");
        }
        return startDetached(now, options, -1, true);
    }

    private EngineContainer startDetached(EngineContainer rec, RunOptions options, int stdinFd, boolean again)
            throws IOException, EngineException {
        int devNull = -1;
        int log = -1;
        try {
            Path logFile = catalog.logFile(rec.id());
            try {
                if (stdinFd < 0) {
                    devNull = sys.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
                }
                log = sys.open(logFile.toString(),
                        Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_APPEND | Syscalls.O_CLOEXEC, 0640);
            } catch (SyscallException e) {
                if (!again) {
                    discard(rec, null);
                }
                throw new EngineException("run", rec.name(), "cannot open its log " + logFile + ": " + e.getMessage(), e);
            }
            return createAndStart(rec, options, Stdio.of(stdinFd >= 0 ? stdinFd : devNull, log, log), again);
        } finally {
            closeQuietly(devNull);
            closeQuietly(log);
        }
    }

    /**
     * Runs a container in the foreground with {@code stdio}, waits for it and returns its exit
     * code (128 + signal when killed). It stays, exited, unless {@code --rm} was given.
     *
     * @param onStarted called with the record once the container runs (may be null)
     */
    public int runForeground(RunOptions options, Stdio stdio, java.util.function.Consumer<EngineContainer> onStarted)
            throws IOException, EngineException {
        EngineContainer rec = createAndStart(reserve(options), options, stdio, false);
        if (onStarted != null) {
            onStarted.accept(rec);
        }
        int code;
        try {
            code = runtime.waitForExit(rec.id());
        } catch (ContainerException e) {
            throw new EngineException("run", rec.name(), e.getMessage(), e);
        }
        settle(catalog.resolve(rec.id()), code);
        return code;
    }

    /**
     * Waits for a container this process started (it must be the container's subreaper) and records
     * its exit code, tidying it up and removing it when it was started with {@code --rm}.
     *
     * @return the exit code (128 + signal when killed)
     */
    public int waitForExit(String id) throws IOException, EngineException {
        // While a waiter owns the container, a look at it (ps, stop) must not tidy it: the
        // runtime's delete reaps the init, and the waiter's waitpid(2) would lose the exit code.
        waited.add(id);
        try {
            int code;
            try {
                code = runtime.waitForExit(id);
            } catch (ContainerException e) {
                throw new EngineException("wait", id, e.getMessage(), e);
            }
            EngineContainer c;
            try {
                c = catalog.resolve(id);
            } catch (NoSuchContainerException e) {
                return code; // removed meanwhile
            }
            settle(c, code);
            return code;
        } finally {
            waited.remove(id);
        }
    }

    /** Checks the options against the host and records the container under a free name. */
    private EngineContainer reserve(RunOptions o) throws IOException, EngineException {
        Image image = image(o.image());
        if (o.network() == NetworkMode.BRIDGE) {
            precheckPorts(o.ports());
        }
        String id = names.newId();
        String hostname = ContainerNames.shortId(id);
        List<String> ports = o.ports().stream().map(PortMapping::toString).toList();
        EngineContainer reserved = catalog.locked(() -> {
            List<String> taken = catalog.list().stream().map(EngineContainer::name).toList();
            String name = o.name() != null ? o.name() : names.newName(taken);
            EngineContainer rec = new EngineContainer(id, name, o.image(), image.manifestDigest().toString(),
                    Instant.now().toString(), List.of(), hostname, o.network().toString(), ports, null, o.autoRemove(),
                    o.detach(), EngineContainer.CREATED, null, null);
            // Before the record: a record in state "created" whose creator is gone is a create
            // that was killed, which prune removes at once instead of waiting for it.
            try {
                creators.mark(id);
            } catch (IOException e) {
                throw new EngineException("run", name, namingFullDisk(reason(e)), e);
            }
            catalog.add(rec);
            return rec;
        });
        KillPoint.reach(sys, KillPoint.RECORD);
        return reserved;
    }

    /** A taken host port is refused before anything is made for the container. */
    private void precheckPorts(List<PortMapping> ports) throws EngineException {
        try {
            List<PortMapping> mapped = new ArrayList<>();
            for (NetworkAttachment a : network.attachments()) {
                mapped.addAll(a.portMappings());
            }
            HostPortProbe probe = new HostPortProbe();
            for (PortMapping p : ports) {
                for (PortMapping m : mapped) {
                    if (m.clashesWith(p)) {
                        throw new EngineException("run", "-p " + p, "host port " + p.hostEndpoint()
                                + " is mapped already by another container");
                    }
                }
                if (!p.hostPortChosenLater()) {
                    probe.reserve(p);
                }
            }
        } catch (PortUnavailableException e) {
            throw new EngineException("run", "-p " + e.mapping(), e.getMessage(), e);
        } catch (NetworkException e) {
            throw new EngineException("run", "network " + config.network().name(), e.getMessage(), e);
        }
    }

    /**
     * Makes and starts the runtime container of {@code rec}: on a new snapshot, or {@code again} on
     * the snapshot of its earlier run. A failure undoes everything (the record too), or {@code
     * again} only this run's runtime state, network and bundle, the container staying as exited.
     */
    private EngineContainer createAndStart(EngineContainer rec, RunOptions o, Stdio stdio, boolean again)
            throws IOException, EngineException {
        String id = rec.id();
        Path bundle = bundleDir(id);
        boolean created = false;
        AtomicReference<NetworkAttachment> attachment = new AtomicReference<>();
        try {
            Image image = images.image(io.drydock.runtime.image.Digest.parse(rec.imageId()));
            Snapshot snap = again ? images.snapshots().find(id).orElseThrow(() -> new IOException("snapshot " + id + " is gone"))
                    : images.prepareRootfs(image, id);
            if (!again || !images.snapshots().isMounted(id)) {
                images.snapshots().mount(id);
            }
            ImageUser user = ImageUser.resolve(o.user() != null ? o.user() : image.config().user(),
                    readInside(snap.rootfs(), "etc/passwd"), readInside(snap.rootfs(), "etc/group"));
            // The bundle holds the etc files too: all of it is needed only while the container exists.
            Files.createDirectories(bundle);
            Path etc = bundle;
            etcFiles.write(etc, rec.hostname(), null, o.network());
            Spec spec = SpecTranslator.toSpec(image.config(), o, snap.rootfs(), user, rec.hostname(), etc);
            if (!config.cgroupParent().equals(io.drydock.runtime.cgroup.CgroupPath.DEFAULT_PARENT)) {
                spec = spec.withLinux(spec.linux().withCgroupsPath(config.cgroupParent() + "/" + id));
            }
            SpecJson.writeConfig(spec, bundle.resolve(SpecJson.CONFIG_FILE));
            CreateRequest request = CreateRequest.builder().bundle(bundle).stdio(stdio).onInit(pid -> {
                Inet4Address address = null;
                if (o.network() == NetworkMode.BRIDGE) {
                    NetworkAttachment a = network.attachContainer(id, Path.of("/proc/" + pid + "/ns/net"), o.ports());
                    attachment.set(a);
                    KillPoint.reach(sys, KillPoint.NETWORK);
                    address = a.address();
                } else if (o.network() == NetworkMode.NONE) {
                    loopbackUp(pid);
                }
                etcFiles.write(etc, rec.hostname(), address, o.network());
            }).build();
            runtime.create(id, request);
            created = true;
            NetworkAttachment a = attachment.get();
            EngineContainer running = rec.withNetwork(
                    a == null ? List.of() : a.portMappings().stream().map(PortMapping::toString).toList(),
                    a == null ? null : a.address().getHostAddress());
            running = new EngineContainer(running.id(), running.name(), running.image(), running.imageId(),
                    running.created(), spec.process().args(), running.hostname(), running.network(), running.ports(),
                    running.address(), running.autoRemove(), running.detached(), EngineContainer.RUNNING, null, null);
            catalog.save(running);
            runtime.start(id);
            creators.clear(id);
            return running;
        } catch (IOException | ContainerException | SpecException | NetworkException | RuntimeException e) {
            EngineException failure = new EngineException(again ? "start" : "run", rec.name(), namingFullDisk(reason(e)), e);
            if (again) {
                try {
                    settle(rec, rec.exitCode());
                } catch (IOException | EngineException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            } else {
                discard(rec, failure);
            }
            throw failure;
        }
    }

    /** Undoes whatever a failed run made for {@code rec}; problems are added to {@code failure}. */
    private void discard(EngineContainer rec, Exception failure) {
        try {
            if (runtime.list().stream().anyMatch(s -> s.id().equals(rec.id()))) {
                runtime.delete(rec.id(), true);
            }
        } catch (ContainerException e) {
            suppress(failure, e);
        }
        try {
            network.detach(rec.id());
        } catch (NetworkException e) {
            suppress(failure, e);
        }
        try {
            removeSnapshot(rec.id());
        } catch (IOException e) {
            suppress(failure, e);
        }
        try {
            removeBundle(rec.id());
        } catch (IOException e) {
            suppress(failure, e);
        }
        try {
            catalog.remove(rec.id());
            creators.clear(rec.id());
        } catch (IOException e) {
            suppress(failure, e);
        }
    }

    // ------------------------------------------------------------------ ps, inspect, logs

    /** Containers, running ones only unless {@code all}; exited ones are tidied first. */
    public List<EngineContainer> list(boolean all) throws IOException, EngineException {
        List<EngineContainer> out = new ArrayList<>();
        for (EngineContainer c : catalog.list()) {
            EngineContainer now = observe(c);
            if (now != null && (all || !now.state().equals(EngineContainer.EXITED))) {
                out.add(now);
            }
        }
        return out;
    }

    /** The container a name, id or id prefix names, its state brought up to date. */
    public EngineContainer container(String nameOrId) throws IOException, EngineException {
        EngineContainer c = observe(catalog.resolve(nameOrId));
        if (c == null) {
            throw new NoSuchContainerException(nameOrId);
        }
        return c;
    }

    /** The container's log file (stdout and stderr of a detached container). */
    public Path logFile(String nameOrId) throws IOException, EngineException {
        return catalog.logFile(catalog.resolve(nameOrId).id());
    }

    /** Whether the container's process is still alive. */
    public boolean isRunning(String id) {
        try {
            ContainerStatus s = runtime.status(id);
            return s == ContainerStatus.RUNNING || s == ContainerStatus.CREATED || s == ContainerStatus.CREATING;
        } catch (ContainerException e) {
            return false;
        }
    }

    /** The host pid of a container's init while it has one. */
    public java.util.Optional<Integer> initPid(String nameOrId) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        try {
            return isRunning(c.id()) ? runtime.initPid(c.id()) : java.util.Optional.empty();
        } catch (ContainerException e) {
            return java.util.Optional.empty();
        }
    }

    /** The port mappings in force for a container. */
    public List<PortMapping> ports(String nameOrId) throws IOException, EngineException {
        EngineContainer c = container(nameOrId);
        return c.ports().stream().map(PortMapping::parse).toList();
    }

    /** Brings a record up to date: an exited container is tidied (and removed with --rm, then null). */
    private EngineContainer observe(EngineContainer c) throws IOException, EngineException {
        if (c.state().equals(EngineContainer.EXITED) || waited.contains(c.id()) || isRunning(c.id())) {
            return c;
        }
        if (c.state().equals(EngineContainer.CREATED) && creatorMayBeAlive(c)) {
            return c; // a run in another process may still be setting it up
        }
        if (c.state().equals(EngineContainer.CREATED) && creators.creatorAlive(c.id()).isPresent()) {
            // Its creator was killed: prune removes all of it, as a failed run's. Settled as
            // exited instead (a look by a restarted daemon), it would be kept as a container
            // that ran, with its creator's mark.
            return c;
        }
        return settle(c, null);
    }

    /** Tidies an exited container: runtime state, network, overlay mount; removes it with --rm. */
    private EngineContainer settle(EngineContainer c, Integer exitCode) throws IOException, EngineException {
        EngineException failure = null;
        try {
            if (runtime.list().stream().anyMatch(s -> s.id().equals(c.id()))) {
                runtime.delete(c.id(), true);
            }
        } catch (ContainerException e) {
            failure = new EngineException("clean up", c.name(), e.getMessage(), e);
        }
        try {
            network.detach(c.id());
        } catch (NetworkException e) {
            failure = chain(failure, c, e);
        }
        try {
            if (images.snapshots().find(c.id()).isPresent() && images.snapshots().isMounted(c.id())) {
                images.snapshots().unmount(c.id());
            }
        } catch (IOException e) {
            failure = chain(failure, c, e);
        }
        try {
            removeBundle(c.id());
        } catch (IOException e) {
            failure = chain(failure, c, e);
        }
        if (failure != null) {
            throw failure;
        }
        if (c.autoRemove()) {
            removeSnapshot(c.id());
            catalog.remove(c.id());
            return null;
        }
        // Two may settle one container at once (a daemon's waiter with the exit code, and a look
        // at it that saw it gone): a code recorded by the one is kept by the other.
        return catalog.locked(() -> {
            EngineContainer now;
            try {
                now = catalog.resolve(c.id());
            } catch (NoSuchContainerException e) {
                return null; // removed meanwhile
            }
            if (now.state().equals(EngineContainer.EXITED) && now.exitCode() != null && exitCode == null) {
                return now;
            }
            EngineContainer exited = c.withState(EngineContainer.EXITED, exitCode,
                    now.finished() != null ? now.finished() : Instant.now().toString());
            catalog.save(exited);
            return exited;
        });
    }

    /**
     * Whether the run creating {@code c} (recorded as "created") may still be at work: its creator
     * lives, or, for a record without a creator's mark, it is less than a minute old.
     */
    private boolean creatorMayBeAlive(EngineContainer c) throws IOException {
        java.util.Optional<Boolean> alive = creators.creatorAlive(c.id());
        if (alive.isPresent()) {
            return alive.get();
        }
        return Duration.between(Instant.parse(c.created()), Instant.now()).compareTo(Duration.ofMinutes(1)) < 0;
    }

    // ------------------------------------------------------------------ prune

    /**
     * What {@link #prune} removed.
     *
     * @param containers  containers removed whose create was killed (ids)
     * @param runtimeStates runtime states (with their cgroups and processes) no container record owns
     * @param snapshots   snapshots (overlay mounts and upper dirs) no container record owns
     * @param bundles     bundles (config.json and etc files) no container record owns
     * @param network     what the network prune removed
     */
    public record PruneReport(List<String> containers, List<String> runtimeStates, List<String> snapshots,
                              List<String> bundles, NetworkPrune.Report network) {
        public PruneReport {
            containers = List.copyOf(containers);
            runtimeStates = List.copyOf(runtimeStates);
            snapshots = List.copyOf(snapshots);
            bundles = List.copyOf(bundles);
        }
    }

    /**
     * Recovers from a drydock killed at any point: removes containers whose create was killed
     * (their creator is gone), tidies exited ones, removes runtime states, snapshots, bundles and
     * creator marks that no container record owns, then prunes the network. A live container, and
     * a container another process is still creating, are never touched: everything a container
     * owns is made after its record, and the scan for orphans holds the catalog lock that a new
     * record needs, so whatever it finds without a record is an orphan.
     */
    public PruneReport prune() throws IOException, EngineException {
        List<String> killedCreates = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (EngineContainer c : catalog.list()) {
            try {
                if (c.state().equals(EngineContainer.CREATED)
                        && creators.creatorAlive(c.id()).map(alive -> !alive).orElse(false)) {
                    // Nobody will finish or start it: whatever the runtime says (an init may
                    // still wait for "go" or on its exec fifo), all of it goes, as a failed run's would.
                    EngineException failure = new EngineException("prune", c.name(), "removing a half-created container failed");
                    discard(c, failure);
                    if (failure.getSuppressed().length > 0) {
                        failures.add(failure);
                    } else {
                        killedCreates.add(c.id());
                    }
                } else {
                    observe(c);
                }
            } catch (IOException | EngineException e) {
                failures.add(e);
            }
        }
        List<String> states = new ArrayList<>();
        List<String> snapshots = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        catalog.locked(() -> {
            java.util.Set<String> owned = new java.util.HashSet<>();
            catalog.list().forEach(c -> owned.add(c.id()));
            try {
                for (var s : runtime.list()) {
                    if (ContainerNames.isId(s.id()) && !owned.contains(s.id())) {
                        runtime.delete(s.id(), true);
                        states.add(s.id());
                    }
                }
            } catch (ContainerException e) {
                failures.add(e);
            }
            for (Snapshot snap : images.snapshots().list()) {
                String key = snap.key();
                if (ContainerNames.isId(key) && !owned.contains(key)) {
                    try {
                        removeSnapshot(key);
                        snapshots.add(key);
                    } catch (IOException e) {
                        failures.add(e);
                    }
                }
            }
            Path bundleRoot = config.stateRoot().resolve("bundles");
            if (Files.isDirectory(bundleRoot)) {
                try (var dirs = Files.list(bundleRoot)) {
                    for (Path b : dirs.toList()) {
                        String id = b.getFileName().toString();
                        if (ContainerNames.isId(id) && !owned.contains(id)) {
                            removeBundle(id);
                            bundles.add(id);
                        }
                    }
                }
            }
            for (String id : creators.ids()) {
                if (!owned.contains(id)) {
                    creators.clear(id);
                }
            }
            return null;
        });
        NetworkPrune.Report net = null;
        try {
            net = pruneNetwork();
        } catch (EngineException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            EngineException first = new EngineException("prune", config.imageRoot().toString(),
                    reason(failures.get(0)), failures.get(0));
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return new PruneReport(killedCreates, states, snapshots, bundles, net);
    }

    // ------------------------------------------------------------------ stop, kill, rm, exec

    /**
     * Stops a container: its stop signal (SIGTERM unless the image says otherwise), then SIGKILL to
     * all of its processes after {@code timeout}.
     */
    public EngineContainer stop(String nameOrId, Duration timeout) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        if (isRunning(c.id())) {
            int signal = 15;
            try {
                String stopSignal = images.image(io.drydock.runtime.image.Digest.parse(c.imageId())).config().stopSignal();
                if (stopSignal != null) {
                    signal = SignalName.parse(stopSignal);
                }
            } catch (IOException | IllegalArgumentException e) {
                // image gone or odd stop signal: SIGTERM, as docker does
            }
            signal(c, signal, false);
            if (!awaitExit(c.id(), timeout)) {
                signal(c, 9, true);
                awaitExit(c.id(), Duration.ofSeconds(10));
            }
        }
        EngineContainer now = observe(c);
        return now == null ? c : now;
    }

    /** Sends {@code signal} to a running container's init. */
    public void kill(String nameOrId, int signal) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        if (!isRunning(c.id())) {
            throw new EngineException("kill", c.name(), "container is not running");
        }
        // Only the signal: whoever waits for the container (a foreground run) or looks next (ps)
        // records its end and tidies up.
        signal(c, signal, false);
    }

    /**
     * Removes a container: its runtime state, network attachment, overlay and changes, record and
     * log. A running one is refused unless {@code force}, which kills it first.
     */
    public void remove(String nameOrId, boolean force) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        if (isRunning(c.id())) {
            if (!force) {
                throw new EngineException("rm", c.name(), "container is running: stop it first or use rm -f");
            }
            signal(c, 9, true);
            awaitExit(c.id(), Duration.ofSeconds(10));
        }
        settle(c.withState(c.state(), c.exitCode(), c.finished()), c.exitCode());
        removeSnapshot(c.id());
        catalog.remove(c.id());
        creators.clear(c.id());
    }

    /** Runs {@code command} in a running container with {@code stdio}; returns its exit code. */
    public int exec(String nameOrId, List<String> command, Stdio stdio) throws IOException, EngineException {
        return exec(nameOrId, command, List.of(), null, null, stdio);
    }

    /**
     * Runs {@code command} in a running container with {@code stdio}, as {@code docker exec -e -u
     * -w} does; returns its exit code.
     *
     * @param env     {@code KEY=VALUE} entries added to (and overriding) the container's
     * @param user    {@code user[:group]} (names or ids, resolved with the container's own
     *                {@code /etc/passwd} and {@code /etc/group}), or {@code null} for the container's
     * @param workdir the working directory (absolute), or {@code null} for the container's
     */
    public int exec(String nameOrId, List<String> command, List<String> env, String user, String workdir, Stdio stdio)
            throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        if (!isRunning(c.id())) {
            throw new EngineException("exec", c.name(), "container is not running");
        }
        if (command.isEmpty()) {
            throw new EngineException("exec", c.name(), "no command given");
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw new EngineException("exec", c.name(), "working directory '" + workdir + "' is not absolute");
        }
        ExecRequest.Builder req = ExecRequest.builder().args(command).env(env).cwd(workdir).stdio(stdio);
        if (user != null) {
            Snapshot snap = images.snapshots().find(c.id())
                    .orElseThrow(() -> new EngineException("exec", c.name(), "its root filesystem is gone"));
            ImageUser u;
            try {
                u = ImageUser.resolve(user, readInside(snap.rootfs(), "etc/passwd"), readInside(snap.rootfs(), "etc/group"));
            } catch (IllegalArgumentException e) {
                throw new EngineException("exec", c.name(), e.getMessage(), e);
            }
            // The user's own groups, never the container process's: an empty list would keep those.
            List<Integer> groups = new ArrayList<>();
            groups.add(Math.toIntExact(u.gid()));
            u.additionalGids().forEach(g -> groups.add(Math.toIntExact(g)));
            req.user(u.uid() + ":" + u.gid()).additionalGids(groups);
        }
        try {
            return runtime.exec(c.id(), req.build());
        } catch (ContainerException | IllegalArgumentException e) {
            throw new EngineException("exec", c.name(), e.getMessage(), e);
        }
    }

    /** Removes what a killed drydock left on the network (attachments of gone containers, rules, addresses). */
    public NetworkPrune.Report pruneNetwork() throws EngineException {
        try {
            return new NetworkPrune(network).prune();
        } catch (NetworkException e) {
            throw new EngineException("network prune", config.network().name(), e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }

    // ------------------------------------------------------------------ helpers

    private void signal(EngineContainer c, int signal, boolean all) throws EngineException {
        try {
            runtime.kill(c.id(), signal, all);
        } catch (ContainerException e) {
            if (isRunning(c.id())) {
                throw new EngineException("kill", c.name(), e.getMessage(), e);
            }
        }
    }

    private boolean awaitExit(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(id)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(id);
            }
        }
        return true;
    }

    /** {@code --network none}: only lo, but up, as docker leaves it (ip-link(8) inside the namespace). */
    private static void loopbackUp(int pid) throws EngineException {
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=/proc/" + pid + "/ns/net", "ip", "link", "set", "lo", "up")
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new EngineException("run", "--network none", "bringing up lo failed: " + out);
            }
        } catch (IOException e) {
            throw new EngineException("run", "--network none", "bringing up lo failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("run", "--network none", "interrupted while bringing up lo", e);
        }
    }

    /**
     * Where a container's bundle lives while it exists: its {@code config.json} and its
     * {@code hosts}, {@code hostname} and {@code resolv.conf}.
     */
    public Path bundleDir(String id) {
        return config.stateRoot().resolve("bundles").resolve(ContainerNames.checkId(id));
    }

    /**
     * Where the bytes of container {@code nameOrId} are: on disk its upper directory (its writes),
     * its log, and the rest of its snapshot and its record; on the state root its bundle, its
     * runtime state and its mount point. For accounting ({@code df}, the disk benchmark).
     */
    public ContainerStorage storage(String nameOrId) throws IOException, EngineException {
        EngineContainer c = catalog.resolve(nameOrId);
        Snapshot snap = images.snapshots().find(c.id()).orElse(null);
        Path upper = snap == null ? null : snap.upper();
        List<Path> snapshot = snap == null ? List.of() : images.snapshots().entries(c.id());
        List<Path> run = new ArrayList<>(List.of(bundleDir(c.id()), config.stateRoot().resolve("runtime").resolve(c.id())));
        if (snap != null && snapshot.stream().noneMatch(snap.rootfs()::startsWith)) {
            run.add(snap.rootfs());
        }
        return new ContainerStorage(c.id(), upper, catalog.logFile(c.id()), snapshot, catalog.recordFile(c.id()), run);
    }

    private void removeBundle(String id) throws IOException {
        Path bundle = bundleDir(id);
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(bundle)) { // flat: config.json and the etc files, no links followed
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void removeSnapshot(String id) throws IOException {
        if (images.snapshots().find(id).isEmpty()) {
            return;
        }
        if (images.snapshots().isMounted(id)) {
            images.snapshots().unmount(id);
        }
        images.snapshots().remove(id);
    }

    /** A small text file of the image, read only if it is a regular file (a symlink could leave the rootfs). */
    /**
     * The regular file {@code relative} of a container's root filesystem, read from the host, or ""
     * when it is missing, not a regular file, or not inside {@code rootfs} once symlinks are
     * resolved: an image or a running container may make {@code etc} a link to a host directory,
     * and the host's own files must never stand in for the container's.
     */
    static String readInside(Path rootfs, String relative) throws IOException {
        Path file = rootfs.resolve(relative);
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        }
        if (!real.startsWith(rootfs.toRealPath())) {
            return "";
        }
        return readRegular(real);
    }

    private static String readRegular(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4 * 1024 * 1024) {
            return "";
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                sys.close(fd);
            } catch (SyscallException e) {
                // nothing useful to do: the fd is gone either way
            }
        }
    }

    /**
     * A write that failed with ENOSPC says so without the path (write(2) has only an fd): name the
     * root that is full, so the one-line error says where space must be freed.
     */
    private String namingFullDisk(String reason) {
        if (!reason.contains("No space left on device")) {
            return reason;
        }
        for (Path root : List.of(config.stateRoot(), config.imageRoot())) {
            try {
                if (Files.getFileStore(root).getUsableSpace() < 64 * 1024) {
                    return reason + " (" + root + " is full)";
                }
            } catch (IOException e) {
                // cannot tell: the reason alone
            }
        }
        return reason;
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void suppress(Exception failure, Exception e) {
        if (failure != null) {
            failure.addSuppressed(e);
        }
    }

    private static EngineException chain(EngineException first, EngineContainer c, Exception next) {
        if (first == null) {
            return new EngineException("clean up", c.name(), next.getMessage(), next);
        }
        first.addSuppressed(next);
        return first;
    }
}
