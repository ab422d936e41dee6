package io.drydock.results;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.ResultFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Seeded synthetic runs for tests: log-normal noise around known means. */
public final class SyntheticRuns {
    private SyntheticRuns() {
    }

    /** The machine every synthetic run claims. */
    public static MachineInfo machine() {
        return new MachineInfo("Linux 6.18.0 x86_64", "Test CPU @ 3.0GHz", 2, 24L << 30, "hybrid", "tcg",
                new TreeMap<>(Map.of("drydock", "test", "jdk", "25", "runc", "1.1.5")));
    }

    /**
     * A figure whose forks have {@code iterations} values each, drawn around {@code mean} with
     * relative noise {@code cv}.
     */
    public static Figure figure(String benchmark, String platform, double mean, double cv, int forks, int iterations,
                                Random random) {
        List<List<Double>> f = new ArrayList<>();
        for (int i = 0; i < forks; i++) {
            // A per-fork offset (JIT, placement) plus per-iteration noise, as JMH forks show.
            double forkMean = mean * Math.exp(random.nextGaussian() * cv);
            List<Double> it = new ArrayList<>();
            for (int j = 0; j < iterations; j++) {
                it.add(forkMean * Math.exp(random.nextGaussian() * cv / 2));
            }
            f.add(it);
        }
        return new Figure(benchmark, Figure.PRIMARY, "avgt", "ms/op", Better.LOWER, FigureKind.OTHER, platform,
                "default", new TreeMap<>(), f);
    }

    /** A run of {@code n} figures with means 10, 11, 12, ... ms, noise {@code cv}, 5 forks of 3 iterations. */
    public static ResultFile run(int n, double cv, long seed) {
        Random r = new Random(seed);
        List<Figure> figs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            figs.add(figure("io.drydock.bench.Synthetic.b" + i, "runc", 10 + i, cv, 5, 3, r));
        }
        return ResultFile.of(Instant.parse("2026-11-28T06:00:00Z"), machine(), figs);
    }

    /** {@code run} with every value of figure {@code index} multiplied by {@code factor}. */
    public static ResultFile inject(ResultFile run, int index, double factor) {
        List<Figure> figs = new ArrayList<>(run.figures());
        figs.set(index, figs.get(index).scaled(factor));
        return new ResultFile(run.schema(), run.createdAt(), run.machine(), figs);
    }

    /** A JMH fixture from src/test/resources as a result file of {@link #machine()}. */
    public static ResultFile jmhFixture(String resource) throws Exception {
        ResultFile jmh = new io.drydock.results.schema.ResultCodec().read(
                java.nio.file.Path.of(SyntheticRuns.class.getResource("/" + resource).toURI()));
        return ResultFile.of(Instant.parse("2026-11-28T06:00:00Z"), machine(), jmh.figures());
    }
}
