/**
 * The layer a Docker or Podman user meets: named containers run from images on an overlay root
 * filesystem, with networking, port mapping and logs ({@link io.drydock.runtime.engine.Engine}).
 * It joins the image store ({@code image}), the OCI runtime ({@code container}) and the bridge
 * network ({@code network}); its pure pieces (option parsing, spec translation, name resolution)
 * are separate classes so that they can be tested without a kernel.
 */
package io.drydock.runtime.engine;
