/**
 * The OCI distribution API client ({@link io.drydock.runtime.image.registry.RegistryClient}): pull
 * into and push from an {@link io.drydock.runtime.image.ImageStore} over {@code java.net.http}.
 * Depends on {@code io.drydock.runtime.image} only.
 */
package io.drydock.runtime.image.registry;
