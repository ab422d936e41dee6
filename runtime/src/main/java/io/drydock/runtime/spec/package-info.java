/**
 * The OCI runtime-spec (v1.2, Linux) documents drydock reads and writes: the {@code config.json}
 * model ({@link io.drydock.runtime.spec.Spec} and its parts), the container {@link io.drydock.runtime.spec.State},
 * the {@link io.drydock.runtime.spec.Features} structure, and what checks them.
 *
 * <p>Typical use by {@code create}:
 * <pre>{@code
 * Spec spec = SpecValidator.standard().load(bundle);   // parse + validate, or SpecException
 * ContainerId id = ContainerId.of(args.id());           // IllegalArgumentException if malformed
 * }</pre>
 * {@link io.drydock.runtime.spec.SpecJson} is the only owner of the Jackson mapper. This package
 * depends only on {@code io.drydock.runtime.security} and Jackson.
 */
package io.drydock.runtime.spec;
