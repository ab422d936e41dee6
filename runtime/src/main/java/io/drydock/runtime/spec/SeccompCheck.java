package io.drydock.runtime.spec;

import io.drydock.runtime.security.SeccompAction;
import io.drydock.runtime.security.SeccompArch;
import io.drydock.runtime.security.SeccompFlag;
import io.drydock.runtime.security.SeccompOperator;
import java.nio.file.Path;
import java.util.List;

/**
 * Seccomp names (actions, operators, architectures, flags) are libseccomp's, each rule names at
 * least one syscall, argument indexes are 0..5, and errno values go only with actions that return one.
 */
final class SeccompCheck implements SpecCheck {
    /** Syscalls take at most six arguments. */
    private static final int MAX_ARG_INDEX = 5;

    @Override
    public String name() {
        return "seccomp";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        if (spec.linux() == null || spec.linux().seccomp() == null) {
            return f.list();
        }
        Seccomp s = spec.linux().seccomp();
        String at = "linux.seccomp";
        action(f, s.defaultAction(), s.defaultErrnoRet(), at + ".defaultAction", at + ".defaultErrnoRet");
        for (int i = 0; i < s.architectures().size(); i++) {
            if (SeccompArch.byName(s.architectures().get(i)).isEmpty()) {
                f.add(at + ".architectures[" + i + "]",
                    "unknown seccomp architecture '" + s.architectures().get(i) + "'");
            }
        }
        for (int i = 0; i < s.flags().size(); i++) {
            if (SeccompFlag.byName(s.flags().get(i)).isEmpty()) {
                f.add(at + ".flags[" + i + "]", "unknown seccomp flag '" + s.flags().get(i) + "'");
            }
        }
        if (s.listenerMetadata() != null && s.listenerPath() == null) {
            f.add(at + ".listenerMetadata", "must not be set without listenerPath");
        }
        for (int i = 0; i < s.syscalls().size(); i++) {
            Seccomp.Syscall rule = s.syscalls().get(i);
            String r = at + ".syscalls[" + i + "]";
            if (rule.names().isEmpty()) {
                f.add(r + ".names", "must name at least one syscall");
            }
            action(f, rule.action(), rule.errnoRet(), r + ".action", r + ".errnoRet");
            for (int j = 0; j < rule.args().size(); j++) {
                Seccomp.Arg arg = rule.args().get(j);
                String a = r + ".args[" + j + "]";
                if (f.require(arg.index(), a + ".index") && (arg.index() < 0 || arg.index() > MAX_ARG_INDEX)) {
                    f.add(a + ".index", "must be 0 to " + MAX_ARG_INDEX + ", got " + arg.index());
                }
                f.require(arg.value(), a + ".value");
                if (f.require(arg.op(), a + ".op") && SeccompOperator.byName(arg.op()).isEmpty()) {
                    f.add(a + ".op", "unknown seccomp operator '" + arg.op() + "'");
                }
            }
        }
        return f.list();
    }

    private static void action(Findings f, String name, Integer errno, String field, String errnoField) {
        if (!f.require(name, field)) {
            return;
        }
        var action = SeccompAction.byName(name);
        if (action.isEmpty()) {
            f.add(field, "unknown seccomp action '" + name + "'");
        } else if (errno != null && !action.get().takesErrno()) {
            f.add(errnoField, "an errno is only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not " + name);
        }
    }
}
