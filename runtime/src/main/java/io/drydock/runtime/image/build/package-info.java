/**
 * Building images from Containerfiles: the parser ({@link io.drydock.runtime.image.build.Containerfile},
 * {@link io.drydock.runtime.image.build.Instruction}), the builder
 * ({@link io.drydock.runtime.image.build.ImageBuilder}: RUN in a container of drydock's runtime on an
 * overlay snapshot whose upper directory becomes the layer; COPY/ADD of build-context files), and the
 * build cache ({@link io.drydock.runtime.image.build.BuildCache},
 * {@link io.drydock.runtime.image.build.BuildCacheKeys}). Depends on {@code io.drydock.runtime.image}
 * and {@code io.drydock.runtime.container}; nothing in those depends on it.
 */
package io.drydock.runtime.image.build;
