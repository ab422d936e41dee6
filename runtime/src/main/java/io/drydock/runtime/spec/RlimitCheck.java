package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each rlimit has a known type, appears once (the spec requires an error for duplicates), and soft &lt;= hard. */
final class RlimitCheck implements SpecCheck {
    @Override
    public String name() {
        return "rlimits";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        if (spec.process() == null) {
            return f.list();
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Rlimit> rlimits = spec.process().rlimits();
        for (int i = 0; i < rlimits.size(); i++) {
            Rlimit r = rlimits.get(i);
            String at = "process.rlimits[" + i + "]";
            if (f.require(r.type(), at + ".type")) {
                if (RlimitType.byName(r.type()).isEmpty()) {
                    f.add(at + ".type", "unknown rlimit type '" + r.type() + "'");
                } else {
                    Integer first = seen.putIfAbsent(r.type(), i);
                    if (first != null) {
                        f.add(at + ".type", "duplicate rlimit type '" + r.type()
                            + "' (already at process.rlimits[" + first + "])");
                    }
                }
            }
            boolean soft = f.require(r.soft(), at + ".soft");
            boolean hard = f.require(r.hard(), at + ".hard");
            if (soft && hard && Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                f.add(at + ".soft", "soft limit " + Long.toUnsignedString(r.soft())
                    + " is above the hard limit " + Long.toUnsignedString(r.hard()));
            }
        }
        return f.list();
    }
}
