package io.drydock.cli;

import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.build.KernelOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the image store and container state live: shared by build, pull and push. */
public final class ImageStoreOptions {

    @Option(names = "--store", description = "Image store root (default: ${DEFAULT-VALUE}).",
        defaultValue = "/var/lib/drydock")
    Path store;

    @Option(names = "--state", description = "Container state root, for RUN steps (default: ${DEFAULT-VALUE}).",
        defaultValue = "/run/drydock")
    Path state;

    @Option(names = "--debug", description = "Print the stack trace of an error.")
    boolean debug;

    /** Opens the store with the host's unpacker and overlay mounts. */
    ImageStore open() throws IOException {
        return new ImageStore(store.toAbsolutePath().normalize(), LayerUnpacker.forHost(), new KernelOverlayMounter(new LinuxSyscalls()));
    }

    /** Where RUN containers keep their state. */
    Path state() {
        return state.toAbsolutePath().normalize();
    }
}
