package io.drydock.runtime.image;

/** Media types of the OCI image spec and their Docker schema 2 counterparts. */
public final class MediaTypes {
    /** OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** OCI image index. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** OCI image configuration. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** Uncompressed OCI layer. */
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    /** Gzip-compressed OCI layer. */
    public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** Zstd-compressed OCI layer (recognised, not unpacked). */
    public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Docker schema 2 manifest. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** Docker manifest list. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** Docker image configuration. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** Docker gzip layer. */
    public static final String DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private MediaTypes() {
    }

    /** Whether {@code mediaType} names an image manifest (OCI or Docker). */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** Whether {@code mediaType} names an index or manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }
}
