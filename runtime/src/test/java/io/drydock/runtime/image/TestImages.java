package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: stores and images made from crafted layer tars. */
final class TestImages {
    private TestImages() {
    }

    static ImageStore store(Path root, OverlayMounter mounter) throws IOException {
        return new ImageStore(root, new LayerUnpacker(new RecordingSpecialFileWriter(), false), mounter);
    }

    static ImageStore store(Path root) throws IOException {
        return store(root, new RecordingOverlayMounter());
    }

    /** Commits an image of the given uncompressed layer tars (bottom first) named {@code name}. */
    static Image commit(ImageStore store, String name, byte[]... tars) throws IOException {
        return commit(store, name, false, tars);
    }

    static Image commit(ImageStore store, String name, boolean gzip, byte[]... tars) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] tar : tars) {
            diffIds.add(Digest.of(tar));
            layers.add(gzip ? store.blobs().write(MediaTypes.OCI_LAYER_TAR_GZIP, LayerTar.gzip(tar))
                    : store.blobs().write(MediaTypes.OCI_LAYER_TAR, tar));
        }
        ImageConfig config = ImageConfig.minimal(new Platform("linux", "amd64", null), diffIds);
        return store.commit(config, layers, name == null ? List.of() : List.of(ImageReference.parse(name)));
    }
}
