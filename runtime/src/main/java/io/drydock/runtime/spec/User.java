package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The user of the container process, as ids in the container's user namespace.
 *
 * @param uid            user id; required
 * @param gid            group id; required
 * @param umask          file mode creation mask; absent means the runtime default (0022)
 * @param additionalGids supplementary group ids
 * @param username       informational only on Linux
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record User(Long uid, Long gid, Integer umask, List<Long> additionalGids, String username) {
    public User {
        additionalGids = Copies.list("additionalGids", additionalGids);
    }

    /** A user with just uid and gid. */
    public static User of(long uid, long gid) {
        return new User(uid, gid, null, List.of(), null);
    }
}
