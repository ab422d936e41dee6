package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime-spec {@code config.json} (v1.2, Linux), as parsed by {@link SpecJson}.
 *
 * <p>The model keeps the spec's JSON names and string-typed enumerations (namespace types,
 * capability names, seccomp names): a value the runtime does not know is a validation error
 * reported by {@link SpecValidator} with its field path, not a parse failure. Absent objects are
 * {@code null}; absent lists and maps are empty. Unknown properties are ignored, as the spec asks.
 *
 * @param ociVersion  the spec version the bundle follows (SemVer), required
 * @param process     the container process; required for {@code start}
 * @param root        the root file system; {@code path} relative to the bundle or absolute
 * @param hostname    the UTS hostname (needs a {@code uts} namespace)
 * @param domainname  the UTS NIS domain name (needs a {@code uts} namespace)
 * @param mounts      extra mounts, in order, on top of the root
 * @param hooks       lifecycle hooks
 * @param annotations arbitrary metadata
 * @param linux       Linux-specific configuration
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Spec(
        String ociVersion,
        ContainerProcess process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    /** The version of the runtime-spec this model follows and {@link DefaultSpec} writes. */
    public static final String OCI_VERSION = "1.2.0";

    public Spec {
        mounts = Copies.list("mounts", mounts);
        annotations = Copies.map("annotations", annotations);
    }

    /** A copy with another process. */
    public Spec withProcess(ContainerProcess newProcess) {
        return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    /** A copy with another root. */
    public Spec withRoot(Root newRoot) {
        return new Spec(ociVersion, process, newRoot, hostname, domainname, mounts, hooks, annotations, linux);
    }

    /** A copy with another hostname. */
    public Spec withHostname(String newHostname) {
        return new Spec(ociVersion, process, root, newHostname, domainname, mounts, hooks, annotations, linux);
    }

    /** A copy with other mounts. */
    public Spec withMounts(List<Mount> newMounts) {
        return new Spec(ociVersion, process, root, hostname, domainname, newMounts, hooks, annotations, linux);
    }

    /** A copy with other hooks. */
    public Spec withHooks(Hooks newHooks) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, newHooks, annotations, linux);
    }

    /** A copy with other annotations. */
    public Spec withAnnotations(Map<String, String> newAnnotations) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, newAnnotations, linux);
    }

    /** A copy with another Linux section. */
    public Spec withLinux(Linux newLinux) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, newLinux);
    }
}
