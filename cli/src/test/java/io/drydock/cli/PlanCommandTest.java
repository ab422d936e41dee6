package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    @TempDir
    Path tmp;

    @Test
    void plan_printsInstancesPerPlatform_withAssumptions() throws Exception {
        Path r = ResultFixtures.write(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("r.json"));
        CommandRun run = CommandRun.of(new PlanCommand(), "--host-cpus", "16", "--host-memory", "64g",
                "--host-disk", "500g", "--headroom", "20%", r.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Host: 16 CPUs, 64.00 GiB memory, 500.0 GiB disk, 20% headroom")
                .contains("binds first").contains("Assumptions:").contains("headroom")
                .contains("start-all");
        // 64 GiB * 0.8 minus 30 MiB shared, over about 140 MiB per VM: a few hundred VMs.
        String vmLine = run.out().lines().filter(l -> l.startsWith("vm ")).findFirst().orElseThrow();
        long vms = Long.parseLong(vmLine.trim().split("\\s+")[2]);
        assertThat(vms).isBetween(360L, 380L);
    }

    @Test
    void plan_badSize_isAUsageError() throws Exception {
        CommandRun run = CommandRun.of(new PlanCommand(), "--host-cpus", "2", "--host-memory", "sixty",
                "--host-disk", "1g", "r.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("\"sixty\" is not a size");
    }

    @Test
    void plan_noFootprints_exitsFourSayingWhatIsMissing() throws Exception {
        Path jmh = Files.writeString(tmp.resolve("jmh.json"), """
                [ { "benchmark": "a.B.c", "mode": "avgt",
                    "primaryMetric": { "score": 1.0, "scoreError": "NaN", "scoreUnit": "ms/op", "rawData": [[1.0]] },
                    "secondaryMetrics": {} } ]
                """);
        CommandRun run = CommandRun.of(new PlanCommand(), "--host-cpus", "2", "--host-memory", "8g",
                "--host-disk", "10g", jmh.toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("memoryPrivateBytes");
    }
}
