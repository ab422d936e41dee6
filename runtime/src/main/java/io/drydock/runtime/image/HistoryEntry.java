package io.drydock.runtime.image;

import java.time.Instant;

/**
 * One step of an image's history.
 *
 * @param created    when, or {@code null}
 * @param createdBy  the command that made it, or {@code null}
 * @param comment    a comment, or {@code null}
 * @param emptyLayer whether this step produced no layer
 */
public record HistoryEntry(Instant created, String createdBy, String comment, boolean emptyLayer) {
}
