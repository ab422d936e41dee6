/**
 * Images and copy-on-write layering: content-addressed blobs in an OCI image layout
 * ({@link io.drydock.runtime.image.BlobStore}), layers unpacked once per DiffID and shared
 * ({@link io.drydock.runtime.image.LayerStore}, {@link io.drydock.runtime.image.LayerUnpacker}),
 * per-container overlayfs snapshots ({@link io.drydock.runtime.image.OverlaySnapshotter}), the
 * image store facade ({@link io.drydock.runtime.image.ImageStore}), docker-archive and OCI layout
 * import and export ({@link io.drydock.runtime.image.DockerArchive},
 * {@link io.drydock.runtime.image.OciArchive}) and the base images made without a registry
 * ({@link io.drydock.runtime.image.BaseImages}: {@link io.drydock.runtime.image.BusyboxImageBuilder}
 * from busybox-static, {@link io.drydock.runtime.image.DebianBenchImageBuilder} by debootstrap).
 *
 * <p>Kernel work is behind two interfaces the runtime implements with its Syscalls:
 * {@link io.drydock.runtime.image.OverlayMounter} (mount/umount of overlayfs) and
 * {@link io.drydock.runtime.image.SpecialFileWriter} (mknod for devices and whiteouts).
 * JSON wire types live in {@code io.drydock.runtime.image.wire}.
 */
package io.drydock.runtime.image;
