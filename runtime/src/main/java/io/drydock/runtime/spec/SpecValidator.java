package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a list of {@link SpecCheck}s over a spec and reports every violation, each with its JSON
 * field path. Reads the file system only for paths the spec names: the rootfs (relative to the
 * bundle) and namespace files to join.
 */
public final class SpecValidator {
    private final List<SpecCheck> checks;

    /** A validator running exactly these checks, in order. */
    public SpecValidator(List<SpecCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks every container must pass before {@code create}. */
    public static SpecValidator standard() {
        return new SpecValidator(standardChecks());
    }

    /** The standard checks, for composing a validator with more. */
    public static List<SpecCheck> standardChecks() {
        return List.of(
            new OciVersionCheck(),
            new RootCheck(),
            new ProcessCheck(),
            new CapabilityCheck(),
            new RlimitCheck(),
            new NamespaceCheck(),
            new IdMappingCheck(),
            new HostnameCheck(),
            new MountCheck(),
            new MountSymlinkCheck(),
            new LinuxValuesCheck(),
            new SeccompCheck(),
            new HookCheck());
    }

    /** The checks this validator runs. */
    public List<SpecCheck> checks() {
        return checks;
    }

    /**
     * Runs every check.
     *
     * @param spec   the parsed spec
     * @param bundle the bundle directory ({@code root.path} is relative to it)
     * @return all violations, in check order; empty when the spec is valid
     */
    public List<Violation> validate(Spec spec, Path bundle) {
        List<Violation> all = new ArrayList<>();
        for (SpecCheck check : checks) {
            all.addAll(check.check(spec, bundle));
        }
        return List.copyOf(all);
    }

    /**
     * Runs every check and throws if any failed.
     *
     * @throws SpecValidationException listing every violation, naming {@code <bundle>/config.json}
     */
    public void requireValid(Spec spec, Path bundle) throws SpecValidationException {
        List<Violation> violations = validate(spec, bundle);
        if (!violations.isEmpty()) {
            throw new SpecValidationException(bundle.resolve(SpecJson.CONFIG_FILE), violations);
        }
    }

    /**
     * Runs only the checks that look at the file system ({@link SpecCheck#readsFileSystem}), for a
     * spec whose other checks already passed (the same parsed spec, created from again).
     *
     * @throws SpecValidationException listing every violation, naming {@code <bundle>/config.json}
     */
    public void requireValidOnDisk(Spec spec, Path bundle) throws SpecValidationException {
        List<Violation> all = new ArrayList<>();
        for (SpecCheck check : checks) {
            if (check.readsFileSystem()) {
                all.addAll(check.check(spec, bundle));
            }
        }
        if (!all.isEmpty()) {
            throw new SpecValidationException(bundle.resolve(SpecJson.CONFIG_FILE), List.copyOf(all));
        }
    }

    /**
     * Reads {@code <bundle>/config.json} and validates it: the one call {@code create} needs.
     *
     * @throws SpecException if the file cannot be read or parsed, or fails validation
     */
    public Spec load(Path bundle) throws SpecException {
        Spec spec = SpecJson.readBundle(bundle);
        requireValid(spec, bundle);
        return spec;
    }
}
