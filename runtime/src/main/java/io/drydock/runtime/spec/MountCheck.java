package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * Mount destinations, masked and read-only paths are absolute container paths without
 * {@code ..}. Relative destinations are deprecated by the spec and refused here, as is
 * {@code ..}: neither may name anything outside the rootfs.
 */
final class MountCheck implements SpecCheck {
    @Override
    public String name() {
        return "mounts";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        List<Mount> mounts = spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            f.containerPath(m.destination(), "mounts[" + i + "].destination");
            // A bind mount's source is the host path it shows; without one there is nothing to bind.
            boolean bind = "bind".equals(m.type()) || m.options().contains("bind") || m.options().contains("rbind");
            if (bind && (m.source() == null || m.source().isEmpty())) {
                f.add("mounts[" + i + "].source", "required for a bind mount but missing");
            }
        }
        if (spec.linux() != null) {
            List<String> masked = spec.linux().maskedPaths();
            for (int i = 0; i < masked.size(); i++) {
                f.containerPath(masked.get(i), "linux.maskedPaths[" + i + "]");
            }
            List<String> readonly = spec.linux().readonlyPaths();
            for (int i = 0; i < readonly.size(); i++) {
                f.containerPath(readonly.get(i), "linux.readonlyPaths[" + i + "]");
            }
            List<LinuxDevice> devices = spec.linux().devices();
            for (int i = 0; i < devices.size(); i++) {
                f.containerPath(devices.get(i).path(), "linux.devices[" + i + "].path");
                f.require(devices.get(i).type(), "linux.devices[" + i + "].type");
            }
        }
        return f.list();
    }
}
