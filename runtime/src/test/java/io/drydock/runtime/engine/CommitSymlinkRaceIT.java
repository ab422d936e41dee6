package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker CVE-2018-15664 class for drydock's equivalent of {@code docker cp} out of a running
 * container, {@code commit}: a process in the container swaps a directory of its upper layer with
 * a symlink to a host directory while the engine packs that layer. The engine must never read the
 * host file through the swapped symlink: no committed layer may hold the host file's content.
 * (drydock has no {@code cp} command; copying into a container happens only in builds, whose
 * COPY resolves paths inside the rootfs - see RootfsPathsTest.)
 */
class CommitSymlinkRaceIT {
    @TempDir
    static Path temp;

    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    /** As many bytes as the file it stands in for, so that a size check cannot catch the swap. */
    private static final String HOST_SECRET = "SECRET\n";
    private static final String INSIDE = "inside\n";
    private static final int COMMITS = 12;
    private static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: overlay mounts and namespaces");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static for the busybox image");
        Path state = temp.resolve("state");
        // Containers here run with --network none; the network is named for this test all the same.
        NetworkConfig net = NetworkConfig.of("drydock-it-" + SUFFIX, "drydock" + SUFFIX,
            Ipv4Subnet.parse("10.89.251.0/24"), state);
        engine = Engine.open(new Engine.Config(temp.resolve("images"), state, net));
    }

    @AfterAll
    static void close() throws Exception {
        if (engine == null) {
            return;
        }
        for (EngineContainer c : engine.list(true)) {
            engine.remove(c.id(), true);
        }
        engine.close();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(temp.toString());
    }

    @Test
    void commit_whileTheContainerSwapsADirectoryForAHostSymlink_neverPacksTheHostFile() throws Exception {
        Path host = Files.createDirectories(temp.resolve("host"));
        Files.writeString(host.resolve("f"), HOST_SECRET);
        // a and b trade places without end: each is by turns the directory holding f and a symlink
        // to the host directory, so a path the packer listed under a directory soon runs through
        // the symlink.
        String script = "mkdir -p /race/a && echo inside > /race/a/f && ln -s " + host + " /race/b && "
            + "touch /race/ready && while :; do mv /race/a /race/t; mv /race/b /race/a; mv /race/t /race/b; done";
        RunOptions o = new RunOptions("busybox", List.of("sh", "-c", script), true, false, "race-" + SUFFIX,
            List.of(), null, null, null, null, null, false, NetworkMode.NONE, List.of());
        EngineContainer c = engine.runDetached(o);
        Path upper = engine.images().snapshots().get(c.id()).upper();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(upper.resolve("race/ready")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(upper.resolve("race/ready")).as("the swapping loop started").exists();

        List<String> leaks = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int insideSeen = 0;
        for (int i = 0; i < COMMITS; i++) {
            Image image;
            try {
                image = engine.commit(c.id(), null);
            } catch (IOException e) {
                failed.add(e.getMessage());
                continue;
            }
            List<Descriptor> layers = image.manifest().layers();
            try (InputStream in = engine.images().blobs().open(layers.get(layers.size() - 1).digest());
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.isFile()) {
                        String content = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                        if (content.equals(HOST_SECRET)) {
                            leaks.add("commit " + i + ": " + e.getName());
                        } else if (content.equals(INSIDE)) {
                            insideSeen++;
                        }
                    }
                }
            }
            engine.removeImage(image.manifestDigest().toString(), false);
        }
        engine.remove(c.id(), true);

        assertThat(leaks).as("layer entries holding the host file read through the swapped symlink").isEmpty();
        // Commit pauses the container, so every commit sees one consistent upper layer.
        assertThat(failed).as("commits that failed").isEmpty();
        assertThat(insideSeen).as("the container's own file, packed by every commit").isEqualTo(COMMITS);
        assertThat(Files.readString(host.resolve("f"))).isEqualTo(HOST_SECRET);
    }
}
