package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Hook paths are absolute (the spec requires it) and timeouts positive. */
final class HookCheck implements SpecCheck {
    @Override
    public String name() {
        return "hooks";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        if (spec.hooks() == null) {
            return f.list();
        }
        for (Map.Entry<String, List<Hook>> e : spec.hooks().byName().entrySet()) {
            List<Hook> hooks = e.getValue();
            for (int i = 0; i < hooks.size(); i++) {
                Hook h = hooks.get(i);
                String at = "hooks." + e.getKey() + "[" + i + "]";
                if (h.path() == null || h.path().isEmpty()) {
                    f.add(at + ".path", "required but missing");
                } else if (!h.path().startsWith("/")) {
                    f.add(at + ".path", "must be an absolute path, got '" + h.path() + "'");
                }
                if (h.timeout() != null && h.timeout() <= 0) {
                    f.add(at + ".timeout", "must be positive, got " + h.timeout());
                }
            }
        }
        return f.list();
    }
}
