/**
 * JSON wire types of the OCI image spec (descriptor, manifest, index, image config, image layout)
 * and of docker-archive's {@code manifest.json}, exactly as they travel; the domain model in
 * {@code io.drydock.runtime.image} is translated from and to these by {@code OciTranslator}.
 * These are foreign formats: unknown fields are ignored, as the image spec requires of readers.
 * {@link io.drydock.runtime.image.wire.ImageJson} owns the one ObjectMapper.
 */
package io.drydock.runtime.image.wire;
