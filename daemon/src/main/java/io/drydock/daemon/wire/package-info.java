/**
 * The Docker Engine API's JSON (API version {@link io.drydock.daemon.ApiVersion#CURRENT}), as
 * records named after the reference's schemas. Field names are the API's own (PascalCase, set
 * once by the daemon's mapper); unknown fields sent by a client are tolerated, as the API is a
 * foreign format that grows.
 */
package io.drydock.daemon.wire;
