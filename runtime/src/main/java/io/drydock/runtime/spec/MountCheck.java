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
            f.containerPath(mounts.get(i).destination(), "mounts[" + i + "].destination");
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
