package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A uid or gid range mapping for a user namespace or an id-mapped mount.
 *
 * @param containerID first id inside the container; required
 * @param hostID      first id on the host; required
 * @param size        number of ids mapped; required
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdMapping(Long containerID, Long hostID, Long size) {

    /** A mapping from plain numbers. */
    public static IdMapping of(long containerId, long hostId, long size) {
        return new IdMapping(containerId, hostId, size);
    }
}
