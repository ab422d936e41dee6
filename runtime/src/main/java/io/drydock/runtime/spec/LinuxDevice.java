package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A device node to create in the container ({@code linux.devices[]}).
 *
 * @param type     {@code c}, {@code b}, {@code u} or {@code p}; required
 * @param path     absolute path in the container; required
 * @param major    major number (not for {@code p})
 * @param minor    minor number (not for {@code p})
 * @param fileMode permission bits
 * @param uid      owner
 * @param gid      group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxDevice(String type, String path, Long major, Long minor, Integer fileMode, Long uid, Long gid) {
}
