package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** {@code ociVersion} is present, SemVer, and of major version 1 (the only one this runtime knows). */
final class OciVersionCheck implements SpecCheck {
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?");

    @Override
    public String name() {
        return "ociVersion";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        String v = spec.ociVersion();
        if (f.require(v, "ociVersion")) {
            var m = SEMVER.matcher(v);
            if (!m.matches()) {
                f.add("ociVersion", "must be a SemVer version like 1.2.0, got '" + v + "'");
            } else if (!m.group(1).equals("1")) {
                f.add("ociVersion", "version " + v + " is not supported (this runtime implements 1.x up to "
                    + Spec.OCI_VERSION + ")");
            }
        }
        return f.list();
    }
}
