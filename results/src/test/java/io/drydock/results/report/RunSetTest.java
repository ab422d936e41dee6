package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.ResultFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunSetTest {
    private static final List<String> RUNS = List.of("start-1", "start-2", "start-3", "start-4");

    private static Figure inRuns(Figure f) {
        return new Figure(f.benchmark(), f.metric(), f.mode(), f.unit(), f.better(), f.kind(), f.platform(), f.workload(),
                f.limits(), f.forks(), RUNS);
    }

    @Test
    void ratios_pairForksOfOneFile_butNeverForksOfTwoFilesWhoseRunsShareNames() throws Exception {
        Random random = new Random(4);
        Figure host = inRuns(SyntheticRuns.figure("io.drydock.bench.S.start", "host", 10, 0.05, 4, 2, random));
        Figure runc = inRuns(SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 30, 0.05, 4, 2, random));

        RunSet one = RunSet.of(ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(host, runc)));
        assertThat(one.ratios()).singleElement().satisfies(r -> assertThat(r.paired()).isTrue());

        Map<Path, ResultFile> two = new LinkedHashMap<>();
        two.put(Path.of("a.json"), ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(host)));
        two.put(Path.of("b.json"), ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(runc)));
        RunSet apart = RunSet.of(two);
        assertThat(apart.ratios()).singleElement().satisfies(r -> assertThat(r.paired()).isFalse());
        assertThat(apart.figures()).extracting(f -> f.slots().get(0)).containsExactlyInAnyOrder("a.json/start-1", "b.json/start-1");
    }
}
