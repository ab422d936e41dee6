package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/** {@code hostname} and {@code domainname} need a UTS namespace, or they would rename the host. */
final class HostnameCheck implements SpecCheck {
    @Override
    public String name() {
        return "hostname";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        boolean uts = spec.linux() != null && spec.linux().has(NamespaceType.UTS);
        if (!uts && spec.hostname() != null && !spec.hostname().isEmpty()) {
            f.add("hostname", "setting the hostname needs a uts namespace in linux.namespaces");
        }
        if (!uts && spec.domainname() != null && !spec.domainname().isEmpty()) {
            f.add("domainname", "setting the domainname needs a uts namespace in linux.namespaces");
        }
        return f.list();
    }
}
