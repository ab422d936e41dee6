package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount destinations that reach out of the rootfs through symlinks inside it. */
class MountSymlinkCheckTest {
    private final SpecValidator validator = SpecValidator.standard();

    @TempDir
    Path bundle;

    private Path rootfs;
    private final List<Path> links = new ArrayList<>();

    @BeforeEach
    void rootfs() throws Exception {
        rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("usr/share"));
        Files.createDirectories(rootfs.resolve("run"));
    }

    /** The default spec plus one bind mount at {@code destination} (mounts[7]). */
    private List<Violation> validateWithMountAt(String destination) {
        Spec spec = DefaultSpec.standard();
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(Mount.of(destination, "bind", bundle.toString(), List.of("rbind")));
        return validator.validate(spec.withMounts(mounts), bundle);
    }

    private void link(String at, String target) throws Exception {
        links.add(Files.createSymbolicLink(rootfs.resolve(at), Path.of(target)));
    }

    /** Removes our links first, so @TempDir cleanup never meets one pointing at /etc or /dev. */
    @AfterEach
    void removeLinks() throws Exception {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void plainDirectories_accepted() {
        assertThat(validateWithMountAt("/usr/share/data")).isEmpty();
    }

    @Test
    void missingComponents_acceptedBecauseRuntimeCreatesThem() {
        assertThat(validateWithMountAt("/not/yet/there")).isEmpty();
    }

    @Test
    void relativeLinkStayingInside_accepted() throws Exception {
        link("data", "usr/share");
        assertThat(validateWithMountAt("/data/x")).isEmpty();
    }

    @Test
    void relativeLinkWithDotDotStayingInside_accepted() throws Exception {
        link("usr/lib", "../run");
        assertThat(validateWithMountAt("/usr/lib/x")).isEmpty();
    }

    @Test
    void relativeLinkClimbingOut_rejectedNamingDestination() throws Exception {
        link("data", "../../../../../../../../etc");
        List<Violation> v = validateWithMountAt("/data/x");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).field()).isEqualTo("mounts[7].destination");
        assertThat(v.get(0).check()).isEqualTo("symlinkEscape");
        assertThat(v.get(0).message()).contains("/data/x").contains("climbs above the rootfs");
    }

    @Test
    void relativeLinkClimbingOutByOneLevel_rejected() throws Exception {
        link("usr/share/up", "../../..");
        assertThat(validateWithMountAt("/usr/share/up/rootfs-sibling")).hasSize(1);
    }

    @Test
    void absoluteLinkToHostPath_rejected() throws Exception {
        link("run/lock", "/etc");
        List<Violation> v = validateWithMountAt("/run/lock/x");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).field()).isEqualTo("mounts[7].destination");
        assertThat(v.get(0).message()).contains("/run/lock -> /etc").contains("outside the rootfs");
    }

    @Test
    void absoluteContainerStyleLink_rejectedAsDocumented() throws Exception {
        // /var/run -> /run is harmless after pivot_root, but a mount made before it would land on the host's /run.
        Files.createDirectories(rootfs.resolve("var"));
        link("var/run", "/run");
        assertThat(validateWithMountAt("/var/run/x")).hasSize(1);
    }

    @Test
    void finalComponentIsEscapingLink_rejected() throws Exception {
        link("usr/share/target", "/tmp");
        assertThat(validateWithMountAt("/usr/share/target")).hasSize(1);
    }

    @Test
    void absoluteLinkIntoTheRootfsHostPath_accepted() throws Exception {
        link("data", rootfs.toRealPath().resolve("usr/share").toString());
        assertThat(validateWithMountAt("/data/x")).isEmpty();
    }

    @Test
    void absoluteLinkIntoRootfsThenDotDotOut_rejected() throws Exception {
        link("data", rootfs.toRealPath().resolve("usr/../..").toString());
        assertThat(validateWithMountAt("/data/x")).hasSize(1);
    }

    @Test
    void chainOfLinks_lastOneEscaping_rejected() throws Exception {
        link("a", "b");
        link("b", "usr/c");
        link("usr/c", "../../outside");
        assertThat(validateWithMountAt("/a/x")).hasSize(1);
    }

    @Test
    void symlinkLoop_rejected() throws Exception {
        link("loop1", "loop2");
        link("loop2", "loop1");
        List<Violation> v = validateWithMountAt("/loop1/x");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).message()).contains("more than 40 symlinks");
    }

    @Test
    void rootfsItselfBehindSymlink_resolvedFirst() throws Exception {
        Path real = Files.createDirectories(bundle.resolve("real-rootfs/usr"));
        links.add(Files.createSymbolicLink(bundle.resolve("linked"), bundle.resolve("real-rootfs")));
        links.add(Files.createSymbolicLink(real.resolve("in"), Path.of("../usr")));
        Spec spec = DefaultSpec.standard().withRoot(new Root("linked", true));
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(Mount.of("/usr/in/x", "bind", "/tmp", List.of("bind")));
        assertThat(validator.validate(spec.withMounts(mounts), bundle)).isEmpty();
    }

    @Test
    void deviceNodeThroughEscapingLink_rejectedNamingDevicePath() throws Exception {
        link("dev", "/dev");
        Spec spec = DefaultSpec.standard();
        Linux l = spec.linux();
        Linux withDevice = new Linux(l.namespaces(), l.uidMappings(), l.gidMappings(),
            List.of(new LinuxDevice("c", "/dev/fuse", 10L, 229L, 0666, 0L, 0L)), l.cgroupsPath(), l.resources(),
            l.sysctl(), l.seccomp(), l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), null, null);
        // /dev -> /dev is also what every default mount passes through: mounts[1..4] are reported too.
        List<Violation> v = validator.validate(spec.withLinux(withDevice), bundle);
        assertThat(v).extracting(Violation::field).contains("linux.devices[0].path", "mounts[1].destination");
    }

    @Test
    void escape_directCall_pathsUnderRootOnly() throws Exception {
        Path root = rootfs.toRealPath();
        link("up", "..");
        assertThat(MountSymlinkCheck.escape(root, "/usr/share")).isEmpty();
        assertThat(MountSymlinkCheck.escape(root, "/up")).isPresent();
        assertThat(MountSymlinkCheck.escape(root, "/")).isEmpty();
    }
}
