package io.drydock.runtime.image;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The images drydock makes on this host without a registry, built the first time their name is
 * used: {@code busybox} ({@link BusyboxImageBuilder}, from the host's busybox-static, instant) and
 * {@code debian-bench} ({@link DebianBenchImageBuilder}, debootstrap with the benchmark tools,
 * minutes the first time, then cached).
 */
public final class BaseImages {

    private BaseImages() {
    }

    /** The names of the images made here, fully qualified (docker.io/library/...:latest). */
    public static List<ImageReference> names() {
        return List.of(BusyboxImageBuilder.DEFAULT_NAME, DebianBenchImageBuilder.DEFAULT_NAME);
    }

    /** Whether drydock can make the image {@code ref} names. */
    public static boolean isBaseImage(ImageReference ref) {
        return names().contains(ref);
    }

    /**
     * Builds the image {@code ref} names into {@code store}, or returns empty when it is not one of
     * {@link #names()}.
     *
     * @param progress receives a line per stage of a long build
     */
    public static Optional<Image> build(ImageReference ref, ImageStore store, Consumer<String> progress)
            throws IOException {
        Objects.requireNonNull(ref, "ref");
        if (ref.equals(BusyboxImageBuilder.DEFAULT_NAME)) {
            return Optional.of(new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, ref));
        }
        if (ref.equals(DebianBenchImageBuilder.DEFAULT_NAME)) {
            return Optional.of(DebianBenchImageBuilder.forHost(progress).build(store, ref));
        }
        return Optional.empty();
    }
}
