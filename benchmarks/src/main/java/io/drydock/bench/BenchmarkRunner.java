package io.drydock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs drydock's JMH benchmarks with a profile and writes JMH's JSON result. Forked JVMs get the
 * same classpath and drydock's system properties. On hosts with hybrid cgroups (controllers on
 * v1 plus an empty v2 mount) the forks run in a private mount namespace without the v2 mount,
 * because crun 1.8 refuses hybrid layouts: every platform in the fork sees the same v1 layout.
 */
public final class BenchmarkRunner {
    private BenchmarkRunner() {}

    /**
     * @param includes   JMH include regexes (benchmark classes or methods)
     * @param params     JMH @Param overrides (name → values); empty keeps each benchmark's own list
     * @param profile    how much to measure
     * @param resultJson where JMH writes its JSON result
     * @param work       a scratch directory the caller removes afterwards: the fork wrapper and the
     *                   forks' temporary files go there
     * @param output     where JMH's own output goes (see {@link JmhProgress}), or null for JMH's default
     */
    public static Path run(List<String> includes, Map<String, List<String>> params, BenchmarkProfile profile,
            Path resultJson, Path work, OutputFormat output) throws IOException, RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
            .shouldFailOnError(true)
            .result(resultJson.toString())
            .resultFormat(ResultFormatType.JSON);
        for (String inc : includes) {
            o.include(inc);
        }
        params.forEach((k, v) -> o.param(k, v.toArray(String[]::new)));
        if (profile.forks() > 0) {
            o.forks(profile.forks());
        }
        if (profile.warmups() >= 0) {
            o.warmupIterations(profile.warmups());
        }
        if (profile.measurements() >= 0) {
            o.measurementIterations(profile.measurements());
        }
        if (profile.iterationSeconds() > 0) {
            o.warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(profile.iterationSeconds()));
            o.measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(profile.iterationSeconds()));
        }
        // The forks' temporary directories (each benchmark's work directory) go under the caller's
        // scratch directory, which it removes however the run ends: a benchmark that fails before
        // its @TearDown, or a fork that is killed, leaves nothing in /tmp.
        // QEMU under libvirt may run as another user and must reach guest files in there: both
        // levels can be passed through (not listed) by others.
        Path forkTmp = Files.createDirectories(work.resolve("tmp"));
        for (Path dir : List.of(work, forkTmp)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-Djava.io.tmpdir=" + forkTmp));
        if (Runtime.version().feature() >= 24) {
            // JMH's use of sun.misc.Unsafe makes every fork print four deprecation warnings (JEP 471/498).
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Benchmarks size their work by the profile (WorkloadScale, the network benchmarks' smoke sizes).
        jvmArgs.add("-D" + BenchmarkProfile.FORK_PROPERTY + "=" + profile.name());
        if (!profile.reads().isEmpty()) {
            jvmArgs.add("-D" + BenchmarkProfile.READS_PROPERTY + "=" + String.join(",", new java.util.TreeSet<>(profile.reads())));
        }
        for (String prop : List.of("drydock.home")) {
            String v = System.getProperty(prop);
            if (v != null) {
                jvmArgs.add("-D" + prop + "=" + v);
            }
        }
        o.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        if (hybridCgroups()) {
            o.jvm(forkWrapper(work).toString());
        }
        Runner runner = output == null ? new Runner(o.build()) : new Runner(o.build(), output);
        try {
            runner.run();
        } finally {
            if (output != null) {
                output.close();
            }
        }
        return resultJson;
    }

    /** True when cgroup controllers are on v1 and an (empty) cgroup2 is mounted at /sys/fs/cgroup/unified. */
    static boolean hybridCgroups() {
        try {
            String mi = Files.readString(Path.of("/proc/self/mountinfo"));
            return mi.contains(" /sys/fs/cgroup/unified ") && mi.lines().anyMatch(l -> l.contains(" - cgroup "));
        } catch (IOException e) {
            return false;
        }
    }

    /** A java launcher that runs the fork in a private mount namespace without /sys/fs/cgroup/unified. */
    static Path forkWrapper(Path work) throws IOException {
        Files.createDirectories(work);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path wrapper = work.resolve("java-private-cgroup-ns");
        Files.writeString(wrapper, """
            #!/bin/sh
            # JMH fork launcher: a private mount namespace without the empty cgroup v2 mount (see BenchmarkRunner).
            exec unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$0" "$@"' %s "$@"
            """.formatted(java));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }
}
