package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One entry of {@code mounts}.
 *
 * @param destination absolute path inside the container; required
 * @param source      device name, directory (for binds) or a dummy such as {@code "proc"}
 * @param options     {@code mount(8)}-style options; see {@link io.drydock.runtime.rootfs.MountOptions}
 * @param type        the file-system type ({@code "proc"}, {@code "tmpfs"}, {@code "bind"}...)
 * @param uidMappings id-mapped mount uid mappings
 * @param gidMappings id-mapped mount gid mappings
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"destination", "type", "source", "options"})
public record Mount(
        String destination,
        String source,
        List<String> options,
        String type,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings) {

    public Mount {
        options = Copies.list("options", options);
        uidMappings = Copies.list("uidMappings", uidMappings);
        gidMappings = Copies.list("gidMappings", gidMappings);
    }

    /** A mount without id mappings. */
    public static Mount of(String destination, String type, String source, List<String> options) {
        return new Mount(destination, source, options, type, List.of(), List.of());
    }
}
