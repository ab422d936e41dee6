package io.drydock.platform;

import io.drydock.platform.container.NativeContainerPlatform;
import io.drydock.platform.oci.DaemonRuncPlatform;
import io.drydock.platform.oci.OciRuntimePlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Creates platforms by the names results use; says clearly what is missing when one cannot be had. */
public final class Platforms {
    /** Every container and host platform name, in the order comparisons list them. */
    public static final List<String> CONTAINER_PLATFORMS = List.of("host", "unshare", "drydock", "drydock-runc",
        DaemonRuncPlatform.NAME, "crun", "runc");

    /** System property naming drydock's distribution dir (set by bin/drydock), where bin/drydock-runc lives. */
    public static final String HOME_PROPERTY = "drydock.home";

    private Platforms() {}

    /**
     * A platform by name. {@code work} is a fresh directory the platform may own.
     *
     * @throws PlatformException naming what is missing (a binary, the distribution)
     */
    public static Platform create(String name, Path work) throws PlatformException {
        return switch (name) {
            case "host" -> HostProcessPlatform.host();
            case "unshare" -> HostProcessPlatform.unshare();
            case "drydock" -> new NativeContainerPlatform(work);
            case "drydock-runc" -> new OciRuntimePlatform(name, List.of(drydockRunc().orElseThrow(() -> new PlatformException(name,
                "bin/drydock-runc not found: set -D" + HOME_PROPERTY + " to drydock's distribution (./drydock sets it)")).toString()), work);
            case DaemonRuncPlatform.NAME -> DaemonRuncPlatform.start(drydockRunc().orElseThrow(() -> new PlatformException(name,
                "bin/drydock-runc not found: set -D" + HOME_PROPERTY + " to drydock's distribution (./drydock sets it)"))
                .getParent().getParent(), work);
            case "runc", "crun" -> new OciRuntimePlatform(name, List.of(onPath(name).orElseThrow(() -> new PlatformException(name,
                name + " is not installed (apt-get install " + name + ")")).toString()), work);
            case io.drydock.platform.vm.VmPlatform.NAME -> io.drydock.platform.vm.VmPlatform.onHost(work);
            default -> throw new PlatformException(name, "unknown platform; known: " + String.join(", ", CONTAINER_PLATFORMS) + ", vm");
        };
    }

    /** The distribution's drydock-runc, if this process knows where drydock is installed. */
    public static Optional<Path> drydockRunc() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            return Optional.empty();
        }
        Path p = Path.of(home, "bin", "drydock-runc");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** A binary on $PATH (or the sbin dirs), if present. */
    public static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String d : path.split(":")) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, binary);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
