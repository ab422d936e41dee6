package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code process} is present with non-empty {@code args}, an absolute {@code cwd}, {@code KEY=value}
 * environment entries and complete {@code user}/{@code consoleSize} objects.
 */
final class ProcessCheck implements SpecCheck {
    @Override
    public String name() {
        return "process";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        ContainerProcess p = spec.process();
        if (!f.require(p, "process")) {
            return f.list();
        }
        if (p.args().isEmpty()) {
            f.add("process.args", "required and must not be empty");
        } else if (p.args().get(0).isEmpty()) {
            f.add("process.args[0]", "the program to run must not be empty");
        }
        if (p.cwd() == null || p.cwd().isEmpty()) {
            f.add("process.cwd", "required but missing");
        } else if (!p.cwd().startsWith("/")) {
            f.add("process.cwd", "must be an absolute path, got '" + p.cwd() + "'");
        }
        for (int i = 0; i < p.env().size(); i++) {
            String e = p.env().get(i);
            if (e.indexOf('=') <= 0) {
                f.add("process.env[" + i + "]", "must be KEY=value, got '" + e + "'");
            }
        }
        if (p.user() != null) {
            f.require(p.user().uid(), "process.user.uid");
            f.require(p.user().gid(), "process.user.gid");
        }
        if (p.consoleSize() != null) {
            f.require(p.consoleSize().height(), "process.consoleSize.height");
            f.require(p.consoleSize().width(), "process.consoleSize.width");
        }
        return f.list();
    }
}
