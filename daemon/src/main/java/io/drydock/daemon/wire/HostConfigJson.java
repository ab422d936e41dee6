package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** HostConfig: what drydock applies of it (the rest is refused when set, see the daemon's translator). */
public record HostConfigJson(Boolean autoRemove, String networkMode, Map<String, List<PortBindingJson>> portBindings,
                             Long memory, Long nanoCpus, Long pidsLimit, Boolean readonlyRootfs, Boolean privileged,
                             List<String> binds) {
}
