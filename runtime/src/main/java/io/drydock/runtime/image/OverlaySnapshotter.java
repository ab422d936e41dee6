package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.SnapshotJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives each container an overlayfs root filesystem over its image's unpacked layers, plus a
 * private upper and work directory: {@code <root>/<key>/{upper,work,snapshot.json}}, and
 * {@code empty/} for an image without layers (overlayfs needs one lower directory). The merged tree
 * is mounted at {@code <root>/<key>/rootfs}, or, given a mount root, at {@code <mountRoot>/<key>},
 * made on mount and removed on unmount: a mount point is needed only while mounted, so it can live
 * on tmpfs ({@code /run}) and cost the disk nothing. Lower directories are named by the layers'
 * short links ({@link LayerStore#link}) so that the mount data stays within a page even for images
 * with many layers. The upper directory's size is the container's copy-on-write footprint.
 */
public final class OverlaySnapshotter {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final String ROOTFS = "rootfs";

    private final Path root;
    private final Path mountRoot;
    private final LayerStore layers;
    private final OverlayMounter mounter;

    /**
     * Snapshots mounted inside their own directory ({@code <root>/<key>/rootfs}).
     *
     * @param root    directory holding one subdirectory per snapshot
     * @param layers  where the layers are unpacked
     * @param mounter mounts the overlays
     */
    public OverlaySnapshotter(Path root, LayerStore layers, OverlayMounter mounter) throws IOException {
        this(root, null, layers, mounter);
    }

    /**
     * Snapshots mounted under {@code mountRoot} ({@code <mountRoot>/<key>}), or inside their own
     * directory when it is {@code null}. A snapshot that has a {@code rootfs} directory of its own
     * (made by a store without a mount root) is still mounted there.
     *
     * @param root      directory holding one subdirectory per snapshot
     * @param mountRoot directory for the mount points (tmpfs is right), or {@code null}
     * @param layers    where the layers are unpacked
     * @param mounter   mounts the overlays
     */
    public OverlaySnapshotter(Path root, Path mountRoot, LayerStore layers, OverlayMounter mounter) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        this.mountRoot = mountRoot;
        this.layers = Objects.requireNonNull(layers, "layers");
        this.mounter = Objects.requireNonNull(mounter, "mounter");
        Files.createDirectories(root);
    }

    /**
     * Creates the snapshot's directories over {@code diffIds} (bottom first; each must already be
     * unpacked in the layer store). Does not mount.
     *
     * @throws ImageException if the key is taken or a layer is not unpacked
     */
    public Snapshot prepare(String key, List<Digest> diffIds) throws IOException {
        checkKey(key);
        for (Digest diffId : diffIds) {
            if (!layers.contains(diffId)) {
                throw new ImageException("prepare snapshot", key, "layer " + diffId + " is not unpacked");
            }
        }
        Path dir = root.resolve(key);
        Path temp = root.resolve(".prepare-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp);
            Files.createDirectory(temp.resolve("upper"));
            Files.setAttribute(temp.resolve("upper"), "unix:mode", 0755);
            Files.createDirectory(temp.resolve("work"));
            if (mountRoot == null) {
                Files.createDirectory(temp.resolve(ROOTFS));
            }
            if (diffIds.isEmpty()) {
                Files.createDirectory(temp.resolve("empty"));
            }
            Files.write(temp.resolve("snapshot.json"),
                    ImageJson.write(new SnapshotJson(1, diffIds.stream().map(Digest::toString).toList())));
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("prepare snapshot", key, "a snapshot of that name exists");
            }
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) { // lost a race: rename(2) said ENOTEMPTY
                    throw new ImageException("prepare snapshot", key, "a snapshot of that name exists", e);
                }
                throw e;
            }
        } finally {
            Trees.delete(temp);
        }
        return snapshot(key, diffIds);
    }

    /**
     * Mounts the snapshot's overlay at its {@code rootfs} and returns it.
     *
     * @throws ImageException if it is already mounted (a second overlay would stack on the first)
     */
    public Snapshot mount(String key) throws IOException {
        Snapshot s = get(key);
        if (isMounted(key)) {
            throw new ImageException("mount snapshot", key, "its rootfs " + s.rootfs() + " is already mounted");
        }
        boolean madeMountPoint = !Files.isDirectory(s.rootfs(), LinkOption.NOFOLLOW_LINKS);
        if (madeMountPoint) {
            Files.createDirectories(s.rootfs());
        }
        try {
            mounter.mount(overlayMount(s));
        } catch (IOException | RuntimeException e) {
            if (madeMountPoint) {
                try {
                    Files.deleteIfExists(s.rootfs());
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return s;
    }

    /** The overlay mount {@link #mount} performs for {@code snapshot}. */
    public OverlayMount overlayMount(Snapshot snapshot) {
        List<Path> lowers = new ArrayList<>();
        for (int i = snapshot.layers().size() - 1; i >= 0; i--) {
            lowers.add(layers.link(snapshot.layers().get(i)));
        }
        if (lowers.isEmpty()) {
            lowers.add(root.resolve(snapshot.key()).resolve("empty")); // overlayfs needs one lower dir
        }
        return new OverlayMount(lowers, snapshot.upper(), snapshot.work(), snapshot.rootfs());
    }

    /** Unmounts the snapshot's rootfs (and removes its mount point when that lives under the mount root). */
    public void unmount(String key) throws IOException {
        Snapshot s = get(key);
        mounter.unmount(s.rootfs());
        removeMountPoint(s);
    }

    /** Whether something is mounted on the snapshot's rootfs. */
    public boolean isMounted(String key) throws IOException {
        Path rootfs = rootfs(checkKey(key));
        if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            return false; // no mount point (yet, or any more): nothing can be mounted there
        }
        Object outer = Files.getAttribute(rootfs.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Object inner = Files.getAttribute(rootfs, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        return !outer.equals(inner);
    }

    /**
     * Deletes the snapshot and the container's changes, if it exists.
     *
     * @throws ImageException if its rootfs is still mounted
     */
    public void remove(String key) throws IOException {
        Path dir = root.resolve(checkKey(key));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (isMounted(key)) {
            throw new ImageException("remove snapshot", key, "its rootfs " + dir.resolve("rootfs") + " is still mounted");
        }
        Path doomed = root.resolve(".remove-" + UUID.randomUUID());
        Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        Trees.delete(doomed);
        if (mountRoot != null) {
            Files.deleteIfExists(mountRoot.resolve(key)); // an empty mount point left by a crash
        }
    }

    /** The snapshot named {@code key}. */
    public Snapshot get(String key) throws IOException {
        return find(key).orElseThrow(() -> new ImageException("find snapshot", key, "no such snapshot"));
    }

    /** The snapshot named {@code key}, if any. */
    public Optional<Snapshot> find(String key) throws IOException {
        Path file = root.resolve(checkKey(key)).resolve("snapshot.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        SnapshotJson json = ImageJson.read(bytes, SnapshotJson.class, file.toString());
        if (json.version() != 1) {
            throw new ImageException("read snapshot", file.toString(), "unknown version " + json.version());
        }
        List<Digest> diffIds = new ArrayList<>();
        for (String d : json.layers()) {
            try {
                diffIds.add(Digest.parse(d));
            } catch (IllegalArgumentException e) {
                throw new ImageException("read snapshot", file.toString(), e.getMessage(), e);
            }
        }
        return Optional.of(snapshot(key, diffIds));
    }

    /** Every snapshot, by key. */
    public List<Snapshot> list() throws IOException {
        List<Snapshot> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (KEY.matcher(name).matches()) {
                    find(name).ifPresent(result::add);
                }
            }
        }
        result.sort(java.util.Comparator.comparing(Snapshot::key));
        return result;
    }

    /** The DiffIDs of every layer some snapshot stands on: these must not be removed. */
    public TreeSet<Digest> layersInUse() throws IOException {
        TreeSet<Digest> result = new TreeSet<>();
        for (Snapshot s : list()) {
            result.addAll(s.layers());
        }
        return result;
    }

    /**
     * The container's copy-on-write footprint: apparent bytes in its upper directory, hard links
     * counted once.
     */
    public long upperSize(String key) throws IOException {
        return Trees.apparentSize(get(key).upper());
    }

    private Snapshot snapshot(String key, List<Digest> diffIds) {
        Path dir = root.resolve(key);
        return new Snapshot(key, diffIds, dir.resolve("upper"), dir.resolve("work"), rootfs(key));
    }

    /** Inside the snapshot when it has a rootfs directory of its own or there is no mount root, else under the mount root. */
    private Path rootfs(String key) {
        Path own = root.resolve(key).resolve(ROOTFS);
        if (mountRoot == null || Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
            return own;
        }
        return mountRoot.resolve(key);
    }

    private void removeMountPoint(Snapshot s) throws IOException {
        if (mountRoot != null && s.rootfs().startsWith(mountRoot)) {
            Files.deleteIfExists(s.rootfs());
        }
    }

    private static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("snapshot key '" + key
                    + "' must be 1-128 of letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        return key;
    }
}
