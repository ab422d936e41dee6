package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user types first, through the distribution's {@code drydock} on an empty store (a
 * fresh {@code --root} and {@code --state-root} under a temporary directory): {@code build} of a
 * Containerfile {@code FROM busybox} and {@code pull busybox} make busybox on this host from the
 * catalogue and never talk to a registry.
 */
class BaseImageCommandsIT {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();

    @TempDir
    Path tmp;
    Path root;
    Path state;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(DRYDOCK), "the distribution is built by `package` before integration tests");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (overlay mounts, RUN containers)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        root = tmp.resolve("store");
        state = tmp.resolve("state");
    }

    @AfterEach
    void nothingMountedIsLeft() throws Exception {
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(tmp.toString());
    }

    @Test
    void build_fromBusybox_onAnEmptyStore_makesBusyboxHere_andPullsNothing() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), "FROM busybox\nRUN echo made-here > /greeting\n");

        Result r = drydock("build", "-t", "demo", context.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Making busybox on this host from the host's busybox-static")
                .doesNotContain("Pulling");
        assertThat(r.err()).doesNotContain("registry").doesNotContain("could not be pulled");
        ImageStore store = new ImageStore(root, LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
        Image demo = store.inspect("demo");
        assertThat(store.unpack(demo).getLast().resolve("greeting")).hasContent("made-here");
    }

    @Test
    void pull_ofACatalogueName_saysItIsMadeHere_andStoresIt() throws Exception {
        Result r = drydock("pull", "busybox");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("busybox is not pulled: drydock makes it on this host from the host's"
                + " busybox-static");
        assertThat(r.out().strip()).matches("sha256:[0-9a-f]{64}");
        ImageStore store = new ImageStore(root, LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
        assertThat(store.find(BusyboxImageBuilder.DEFAULT_NAME)).hasValueSatisfying(
                image -> assertThat(image.manifestDigest().toString()).isEqualTo(r.out().strip()));
        Result again = drydock("pull", "docker.io/library/busybox:latest");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).as("the same image, found in the store").isEqualTo(r.out());
    }

    private Result drydock(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DRYDOCK.toString()));
        cmd.add(args[0]);
        cmd.addAll(List.of("--root", root.toString(), "--state-root", state.toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
