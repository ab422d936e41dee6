package io.drydock.runtime.spec;

import io.drydock.runtime.security.Capability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Every name in the five capability sets is a known capability ({@code CAP_} prefix, exact case). */
final class CapabilityCheck implements SpecCheck {
    @Override
    public String name() {
        return "capabilities";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        if (spec.process() == null || spec.process().capabilities() == null) {
            return f.list();
        }
        for (Map.Entry<String, List<String>> set : spec.process().capabilities().byName().entrySet()) {
            List<String> names = set.getValue();
            for (int i = 0; i < names.size(); i++) {
                if (Capability.byName(names.get(i)).isEmpty()) {
                    f.add("process.capabilities." + set.getKey() + "[" + i + "]",
                        "unknown capability '" + names.get(i) + "'");
                }
            }
        }
        return f.list();
    }
}
