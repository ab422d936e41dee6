package io.drydock.runtime.image;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The catalogue of images drydock makes on this host without a registry, each built the first
 * time its name is used: {@code busybox} ({@link BusyboxImageBuilder}, from the host's
 * busybox-static, instant) and {@code debian-bench} ({@link DebianBenchImageBuilder}, debootstrap
 * with the benchmark tools, minutes the first time, then cached).
 *
 * <p>Every path that turns a name into an image (the engine's {@code run}, {@code build}'s FROM,
 * {@code pull}, {@code vm run}) asks {@link #resolve} here: the store first, then the catalogue,
 * and only a name that is in neither is a registry's business. A catalogue name is therefore never
 * pulled, and a registry failure is never what a user of a catalogue image sees.
 */
public final class BaseImages {

    /** Makes one catalogue image into a store. */
    @FunctionalInterface
    public interface Maker {
        /**
         * Builds the image into {@code store}, names it {@code name} and returns it.
         *
         * @param progress receives a line per stage of a long build
         */
        Image make(ImageStore store, ImageReference name, Consumer<String> progress) throws IOException;
    }

    /**
     * One image of the catalogue.
     *
     * @param name   its name, fully qualified (docker.io/library/...:latest)
     * @param origin how it is made, for people, following "made on this host": "from the host's
     *               busybox-static"
     * @param maker  makes it
     */
    public record Entry(ImageReference name, String origin, Maker maker) {
        /** Validates. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(maker, "maker");
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException("base image " + name + ": origin must not be blank");
            }
        }
    }

    private static final BaseImages HOST = new BaseImages(List.of(
            new Entry(BusyboxImageBuilder.DEFAULT_NAME,
                    "from the host's busybox-static (" + BusyboxImageBuilder.HOST_BUSYBOX + ")",
                    (store, name, progress) -> new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX)
                            .build(store, name)),
            new Entry(DebianBenchImageBuilder.DEFAULT_NAME,
                    "by debootstrap: Debian " + DebianBenchImageBuilder.DEFAULT_SUITE + " with "
                            + String.join(", ", DebianBenchImageBuilder.PACKAGES) + " (minutes the first time,"
                            + " then cached in " + DebianBenchImageBuilder.DEFAULT_CACHE + ")",
                    (store, name, progress) -> DebianBenchImageBuilder.forHost(progress).build(store, name))));

    private final List<Entry> entries;

    /** A catalogue of {@code entries}, whose names must differ. */
    public BaseImages(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        if (this.entries.stream().map(Entry::name).distinct().count() != this.entries.size()) {
            throw new IllegalArgumentException("base images: a name is listed twice in " + names());
        }
    }

    /** The catalogue of this host: busybox and debian-bench. */
    public static BaseImages forHost() {
        return HOST;
    }

    /** The names of the images made here, fully qualified (docker.io/library/...:latest). */
    public List<ImageReference> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** Whether drydock can make the image {@code ref} names. */
    public boolean isBaseImage(ImageReference ref) {
        return entry(ref).isPresent();
    }

    /**
     * The catalogue entry {@code name} refers to ({@code busybox}, {@code busybox:latest} and
     * {@code docker.io/library/busybox} are one), or empty when it is not one, or not a name at all.
     */
    public Optional<Entry> lookup(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return entry(ImageReference.parse(name));
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
    }

    private Optional<Entry> entry(ImageReference ref) {
        Objects.requireNonNull(ref, "ref");
        return entries.stream().filter(e -> e.name().equals(ref)).findFirst();
    }

    /**
     * The image {@code nameOrId} names in {@code store}; a catalogue image the store lacks is made
     * first.
     *
     * @param progress receives a line per stage of a long build
     * @throws ImageNotFoundException when the name is neither in the store nor in the catalogue
     * @throws BaseImageException     when a catalogue image could not be made
     */
    public Image resolve(ImageStore store, String nameOrId, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(progress, "progress");
        try {
            return store.inspect(nameOrId);
        } catch (ImageNotFoundException missing) {
            Optional<Entry> entry = lookup(nameOrId);
            if (entry.isEmpty()) {
                throw missing;
            }
            return make(entry.get(), nameOrId, store, progress);
        }
    }

    /**
     * Makes the image {@code ref} names into {@code store} (again, if it is there already), or
     * returns empty when it is not in the catalogue.
     *
     * @param progress receives a line per stage of a long build
     * @throws BaseImageException when it could not be made
     */
    public Optional<Image> build(ImageReference ref, ImageStore store, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(progress, "progress");
        Optional<Entry> entry = entry(ref);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(make(entry.get(), ref.familiar(), store, progress));
    }

    /** Makes {@code entry}; {@code asWritten} is its name as the user wrote it, for the error. */
    private static Image make(Entry entry, String asWritten, ImageStore store, Consumer<String> progress)
            throws IOException {
        try {
            return entry.maker().make(store, entry.name(), progress);
        } catch (IOException | RuntimeException e) {
            throw new BaseImageException(asWritten, entry.origin(), e);
        }
    }
}
