package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.SnapshotJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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
 * private upper and work directory. A snapshot is a few entries side by side in the root, with no
 * directory of its own (which would cost the disk a block per container):
 * {@code <key>.json} (its record: the layers), {@code <key>.upper/}, {@code <key>.work/}, and
 * {@code <key>.empty/} for an image without layers (overlayfs needs one lower directory). The
 * merged tree is mounted at {@code <root>/<key>.rootfs}, or, given a mount root, at
 * {@code <mountRoot>/<key>}, made on mount and removed on unmount: a mount point is needed only
 * while mounted, so it can live on tmpfs ({@code /run}) and cost the disk nothing.
 * Snapshots of the earlier layout, a directory per snapshot
 * ({@code <key>/{upper,work,snapshot.json}}, maybe {@code rootfs} and {@code empty}), are still
 * found, mounted and removed; new ones are never made so.
 * Lower directories are named by the layers' short links ({@link LayerStore#link}) so that the
 * mount data stays within a page even for images with many layers. The upper directory's size is
 * the container's copy-on-write footprint.
 */
public final class OverlaySnapshotter {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final String RECORD = ".json";
    private static final String UPPER = ".upper";
    private static final String WORK = ".work";
    private static final String EMPTY = ".empty";
    private static final String ROOTFS = ".rootfs";
    /** The record of a snapshot in the directory layout, which marks such a directory. */
    private static final String DIRECTORY_RECORD = "snapshot.json";

    private final Path root;
    private final Path mountRoot;
    private final LayerStore layers;
    private final OverlayMounter mounter;

    /**
     * Snapshots mounted beside their upper directory ({@code <root>/<key>.rootfs}).
     *
     * @param root    directory holding the snapshots
     * @param layers  where the layers are unpacked
     * @param mounter mounts the overlays
     */
    public OverlaySnapshotter(Path root, LayerStore layers, OverlayMounter mounter) throws IOException {
        this(root, null, layers, mounter);
    }

    /**
     * Snapshots mounted under {@code mountRoot} ({@code <mountRoot>/<key>}), or beside their upper
     * directory when it is {@code null}. A snapshot that has a rootfs directory of its own (made by
     * a store without a mount root) is still mounted there.
     *
     * @param root      directory holding the snapshots
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
        if (isDirectoryLayout(key) || Files.exists(part(key, RECORD), LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageException("prepare snapshot", key, "a snapshot of that name exists");
        }
        // Making the upper directory claims the key (mkdir(2) fails if it exists); the record comes
        // last, by rename, so the snapshot exists only once it is complete.
        Path upper = part(key, UPPER);
        try {
            Files.createDirectory(upper);
        } catch (FileAlreadyExistsException e) {
            throw new ImageException("prepare snapshot", key, "a snapshot of that name exists (" + upper + ")", e);
        }
        List<Path> made = new ArrayList<>(List.of(upper));
        Path temp = root.resolve(".prepare-" + UUID.randomUUID() + RECORD);
        try {
            Files.setAttribute(upper, "unix:mode", 0755);
            made.add(Files.createDirectory(part(key, WORK)));
            if (mountRoot == null) {
                made.add(Files.createDirectory(part(key, ROOTFS)));
            }
            if (diffIds.isEmpty()) {
                made.add(Files.createDirectory(part(key, EMPTY)));
            }
            Files.write(temp, ImageJson.write(new SnapshotJson(1, diffIds.stream().map(Digest::toString).toList())));
            Files.move(temp, part(key, RECORD), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            for (Path p : made.reversed()) {
                try {
                    Trees.delete(p);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        } finally {
            Files.deleteIfExists(temp);
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
            // overlayfs needs one lower dir
            lowers.add(isDirectoryLayout(snapshot.key()) ? root.resolve(snapshot.key()).resolve("empty")
                    : part(snapshot.key(), EMPTY));
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
     * Deletes the snapshot and the container's changes, if it exists, and what an interrupted
     * prepare or remove of it left.
     *
     * @throws ImageException if its rootfs is still mounted
     */
    public void remove(String key) throws IOException {
        checkKey(key);
        if (isMounted(key)) {
            throw new ImageException("remove snapshot", key, "its rootfs " + rootfs(key) + " is still mounted");
        }
        if (isDirectoryLayout(key)) {
            doom(root.resolve(key));
        } else {
            Files.deleteIfExists(part(key, RECORD)); // from here on the snapshot is gone
            for (String suffix : List.of(UPPER, WORK, EMPTY, ROOTFS)) {
                doom(part(key, suffix));
            }
        }
        if (mountRoot != null) {
            Files.deleteIfExists(mountRoot.resolve(key)); // an empty mount point left by a crash
        }
    }

    /**
     * The snapshot's entries in the snapshot root, those that exist: its record, upper, work and
     * (if made) empty lower and rootfs directories, or its one directory in the earlier layout. A
     * mount point under the mount root is not among them. For accounting.
     */
    public List<Path> entries(String key) {
        checkKey(key);
        if (isDirectoryLayout(key)) {
            return List.of(root.resolve(key));
        }
        List<Path> result = new ArrayList<>();
        for (String suffix : List.of(RECORD, UPPER, WORK, EMPTY, ROOTFS)) {
            if (Files.exists(part(key, suffix), LinkOption.NOFOLLOW_LINKS)) {
                result.add(part(key, suffix));
            }
        }
        return result;
    }

    /** The snapshot named {@code key}. */
    public Snapshot get(String key) throws IOException {
        return find(key).orElseThrow(() -> new ImageException("find snapshot", key, "no such snapshot"));
    }

    /** The snapshot named {@code key}, if any. */
    public Optional<Snapshot> find(String key) throws IOException {
        Path file = part(checkKey(key), RECORD);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!isDirectoryLayout(key)) {
                return Optional.empty();
            }
            file = root.resolve(key).resolve(DIRECTORY_RECORD);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed meanwhile
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
        TreeSet<String> keys = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(RECORD) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    name = name.substring(0, name.length() - RECORD.length());
                } else if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (KEY.matcher(name).matches()) {
                    keys.add(name);
                }
            }
        }
        List<Snapshot> result = new ArrayList<>();
        for (String key : keys) {
            find(key).ifPresent(result::add); // a directory that is no snapshot (its upper, say) finds none
        }
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
        if (isDirectoryLayout(key)) {
            Path dir = root.resolve(key);
            return new Snapshot(key, diffIds, dir.resolve("upper"), dir.resolve("work"), rootfs(key));
        }
        return new Snapshot(key, diffIds, part(key, UPPER), part(key, WORK), rootfs(key));
    }

    /**
     * Beside the upper directory (inside the snapshot's directory in the earlier layout) when the
     * snapshot has a rootfs directory of its own or there is no mount root, else under the mount root.
     */
    private Path rootfs(String key) {
        Path own = isDirectoryLayout(key) ? root.resolve(key).resolve("rootfs") : part(key, ROOTFS);
        if (mountRoot == null || Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
            return own;
        }
        return mountRoot.resolve(key);
    }

    /** Whether {@code key} is a snapshot of the earlier layout: a directory with its record inside. */
    private boolean isDirectoryLayout(String key) {
        return Files.isRegularFile(root.resolve(key).resolve(DIRECTORY_RECORD), LinkOption.NOFOLLOW_LINKS);
    }

    /** The snapshot's entry named {@code <key><suffix>}. */
    private Path part(String key, String suffix) {
        return root.resolve(key + suffix);
    }

    /** Renames {@code path}, if it exists, out of the way, then deletes it: a crash leaves a {@code .remove-} leftover. */
    private void doom(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path doomed = root.resolve(".remove-" + UUID.randomUUID());
        try {
            Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // removed meanwhile
        }
        Trees.delete(doomed);
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
