package io.drydock.bench;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A container engine of the benchmarks' own: image store and state in a scratch directory, a
 * network with a unique name, bridge and free subnet, so that a benchmark neither sees nor
 * disturbs the host's containers; {@link #close} removes every container, the network and the
 * directory.
 */
final class EngineFixture implements AutoCloseable {
    final Engine engine;
    final Path work;
    private final boolean stateOnTmpfs;

    EngineFixture(Path work) throws IOException, EngineException {
        this(work, false);
    }

    /**
     * @param stateOnTmpfs mount a tmpfs of its own on the state root, as {@code /run} is on a usual
     *                     host (here it may not be), so that what lives there costs no disk
     */
    EngineFixture(Path work, boolean stateOnTmpfs) throws IOException, EngineException {
        this(work, stateOnTmpfs, work.resolve("images"));
    }

    /**
     * @param imageRoot the image store: this fixture's own under {@code work}, or one shared by
     *                  every fork ({@link WorkloadFixture#CACHE}), so that a large image is imported
     *                  and unpacked once per host, not per fork; its containers are removed at close
     */
    EngineFixture(Path work, boolean stateOnTmpfs, Path imageRoot) throws IOException, EngineException {
        this.work = work;
        this.stateOnTmpfs = stateOnTmpfs;
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Path state = Files.createDirectories(work.resolve("state"));
        NetworkConfig net = NetworkConfig.of("drydock-bench-" + suffix, "drydockb" + suffix, freeSubnet(), state);
        if (stateOnTmpfs) {
            run("mount", "-t", "tmpfs", "-o", "mode=0755,size=512m", "drydock-bench-" + suffix, state.toString());
        }
        try {
            this.engine = Engine.open(new Engine.Config(imageRoot, state, net));
        } catch (EngineException | RuntimeException e) {
            if (stateOnTmpfs) {
                try {
                    run("umount", state.toString());
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException, EngineException {
        try {
            Exception failure = null;
            for (EngineContainer c : engine.list(true)) {
                // One failed removal must not leave the others running. A second try gets past a
                // transient failure, such as another engine on the host racing on portmap's shared chains.
                try {
                    removeRetryingOnce(c.id());
                } catch (IOException | EngineException | RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            engine.pruneNetwork();
            if (failure instanceof IOException e) {
                throw e;
            } else if (failure instanceof EngineException e) {
                throw e;
            } else if (failure instanceof RuntimeException e) {
                throw e;
            }
        } catch (IOException | EngineException | RuntimeException e) {
            // The failed removal is the cause; the umount then fails too (busy: overlays still on
            // the state root) and must not hide it.
            try {
                release();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        release();
    }

    private void removeRetryingOnce(String id) throws IOException, EngineException {
        try {
            engine.remove(id, true);
        } catch (IOException | EngineException | RuntimeException e) {
            try {
                engine.remove(id, true);
            } catch (IOException | EngineException | RuntimeException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private void release() throws IOException {
        engine.close();
        if (stateOnTmpfs) {
            run("umount", engine.config().stateRoot().toString());
        }
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Ipv4Subnet freeSubnet() throws IOException {
        String used = run("sh", "-c", "ip -o addr; ip -o route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.89." + third + ".")) {
                return Ipv4Subnet.parse("10.89." + third + ".0/24");
            }
        }
        throw new IOException("no free 10.89.x.0/24 on this host");
    }

    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return out;
    }
}
