package io.drydock.conformance.cow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Requirement;
import io.drydock.conformance.RuntimeUnderTest;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.network.NetworkMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** drydock's image layering: overlayfs over shared layers, with each container's changes in its own upper directory. */
@Conformance(area = Area.COW, engine = true)
public class CopyOnWriteConformance {
    private static EngineFixture fixture;

    @BeforeAll
    static void open(RuntimeUnderTest rt) throws Exception {
        if (rt.drydock()) {
            fixture = EngineFixture.open();
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            EngineFixture f = fixture;
            fixture = null;
            f.close();
        }
    }

    private static RunOptions busybox(String script) {
        return RunOptions.of("busybox", List.of("sh", "-c", script)).networked(NetworkMode.NONE, List.of());
    }

    private static List<String> upperEntries(Snapshot snap) throws Exception {
        try (Stream<Path> walk = Files.walk(snap.upper())) {
            return walk.filter(p -> !p.equals(snap.upper())).map(p -> snap.upper().relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    @DisplayName("a write in one container does not change the image another container sees")
    @Requirement(section = "claim: copy-on-write, the image's layers are never written")
    void write_inOneContainer_doesNotChangeTheImage() throws Exception {
        String name = "certify-writer-" + ProcessHandle.current().pid();
        EngineFixture.Run writer = fixture.run(busybox("echo changed > /etc/passwd").named(name));
        assertEquals(0, writer.exit(), () -> "the writer failed: " + writer.output());
        EngineFixture.Run reader = fixture.run(busybox("cat /etc/passwd").removedOnExit());
        assertTrue(reader.output().startsWith("root:x:0:0:"), () -> "another container of the image reads: " + reader.output());
        fixture.engine().remove(name, true);
    }

    @Test
    @DisplayName("two containers of one image share the lower layer's inodes")
    @Requirement(section = "claim: layers are unpacked once and shared by every container")
    void twoContainers_shareLowerInodes() throws Exception {
        EngineContainer a = fixture.engine().runDetached(busybox("sleep 60").detached());
        EngineContainer b = fixture.engine().runDetached(busybox("sleep 60").detached());
        Path fa = fixture.engine().images().snapshots().get(a.id()).rootfs().resolve("bin/busybox");
        Path fb = fixture.engine().images().snapshots().get(b.id()).rootfs().resolve("bin/busybox");
        assertEquals(Files.getAttribute(fa, "unix:ino"), Files.getAttribute(fb, "unix:ino"), "inode of /bin/busybox in both root filesystems");
        String inA = fixture.exec(a.id(), "stat", "-c", "%i", "/bin/busybox").output().strip();
        String inB = fixture.exec(b.id(), "stat", "-c", "%i", "/bin/busybox").output().strip();
        assertEquals(inA, inB, "inode of /bin/busybox seen inside each container");
        fixture.engine().remove(a.id(), true);
        fixture.engine().remove(b.id(), true);
    }

    @Test
    @DisplayName("deleting a lower file leaves a whiteout that hides it in that container only")
    @Requirement(section = "claim: whiteouts hide lower files (OCI image-spec, layer changesets)")
    void delete_lowerFile_isHiddenByAWhiteout() throws Exception {
        String name = "certify-whiteout-" + ProcessHandle.current().pid();
        EngineFixture.Run deleter = fixture.run(busybox("rm /etc/group && test ! -e /etc/group && echo hidden").named(name));
        assertTrue(deleter.output().contains("hidden"), () -> "the deleted file is still visible: " + deleter.output());
        EngineContainer c = fixture.engine().container(name);
        Path whiteout = fixture.engine().images().snapshots().get(c.id()).upper().resolve("etc/group");
        assertTrue(Files.exists(whiteout, LinkOption.NOFOLLOW_LINKS), "no whiteout at " + whiteout);
        assertEquals(0, ((Number) Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).intValue(),
            "the whiteout's device number (overlayfs whiteouts are 0/0 character devices)");
        EngineFixture.Run other = fixture.run(busybox("cat /etc/group").removedOnExit());
        assertTrue(other.output().contains("root:x:0:"), () -> "another container lost the file: " + other.output());
        fixture.engine().remove(name, true);
    }

    @Test
    @DisplayName("the upper directory holds only the container's changes")
    @Requirement(section = "claim: a container's copy-on-write footprint is its changes")
    void upperDirectory_holdsOnlyTheChanges() throws Exception {
        String name = "certify-upper-" + ProcessHandle.current().pid();
        EngineFixture.Run r = fixture.run(busybox("echo new > /newfile && cat /bin/busybox > /dev/null").named(name));
        assertEquals(0, r.exit(), () -> "the container failed: " + r.output());
        EngineContainer c = fixture.engine().container(name);
        Snapshot snap = fixture.engine().images().snapshots().get(c.id());
        assertEquals(List.of("newfile"), upperEntries(snap), "entries of the upper directory after writing /newfile and reading /bin/busybox");
        fixture.engine().remove(name, true);
    }
}
