package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKey;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.schema.ResultFormatException;
import java.io.IOException;
import io.drydock.results.schema.Ratio;
import io.drydock.results.stats.Bootstrap;
import io.drydock.results.stats.PeerRatios;
import io.drydock.results.stats.Interval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures of one or more result files, merged for a report or a plan: files may split a run
 * by platform, but a figure may appear in only one of them (two runs of the same figure are a
 * comparison, not a report).
 */
public final class RunSet {
    /** Platforms in the order reports show them: the host, containers, then the VM. */
    public static final List<String> PLATFORM_ORDER = List.of("host", "drydock", "runc", "crun", "vm");

    private final Map<FigureKey, Figure> figures;
    private final List<MachineInfo> machines;
    private final String createdAt;
    private final List<Ratio> ratios;

    private RunSet(Map<FigureKey, Figure> figures, List<MachineInfo> machines, String createdAt, List<Ratio> recorded) {
        this.figures = figures;
        this.machines = machines;
        this.createdAt = createdAt;
        this.ratios = ratiosOf(figures.values(), recorded);
    }

    /**
     * The ratios of the figures, computed afresh (seeded, so the same figures give the same
     * intervals), keeping what the run recorded about reruns (extra forks, capped) where a file
     * recorded the same ratio over the same forks.
     */
    private static List<Ratio> ratiosOf(java.util.Collection<Figure> figures, List<Ratio> recorded) {
        Map<FigureKey, Ratio> byKey = new java.util.HashMap<>();
        recorded.forEach(r -> byKey.put(r.key(), r));
        List<Ratio> out = new ArrayList<>();
        for (Ratio r : PeerRatios.defaults().of(figures)) {
            Ratio rec = byKey.get(r.key());
            boolean same = rec != null && rec.peer().equals(r.peer()) && rec.forks() == r.forks()
                    && rec.peerForks() == r.peerForks();
            out.add(same ? r.withReruns(rec.extraForks(), rec.capped()) : r);
        }
        return List.copyOf(out);
    }

    /**
     * Merges result files.
     *
     * @param results the files with the paths they came from (for messages); at least one
     * @throws ReportInputException when a figure is in two files
     */
    public static RunSet of(Map<Path, ResultFile> results) throws ReportInputException {
        if (results.isEmpty()) {
            throw new ReportInputException("no result files given");
        }
        Map<FigureKey, Figure> all = new TreeMap<>();
        Map<FigureKey, Path> from = new LinkedHashMap<>();
        Set<MachineInfo> machines = new LinkedHashSet<>();
        List<Ratio> recorded = new ArrayList<>();
        String latest = null;
        for (Map.Entry<Path, ResultFile> e : results.entrySet()) {
            machines.add(e.getValue().machine());
            recorded.addAll(e.getValue().ratios());
            String at = e.getValue().createdAt();
            latest = latest == null || at.compareTo(latest) > 0 ? at : latest;
            for (Figure f : e.getValue().figures()) {
                Path before = from.putIfAbsent(f.key(), e.getKey());
                if (before != null) {
                    throw new ReportInputException("the figure " + f.key().label() + " is in both " + before
                            + " and " + e.getKey() + "; a report shows one run of each figure"
                            + " (use 'drydock compare' for two runs)");
                }
                // Runs of two files share names but not a moment: their forks must not pair.
                all.put(f.key(), results.size() > 1 ? f.withSlotsOf(e.getKey().toString()) : f);
            }
        }
        return new RunSet(all, List.copyOf(machines), latest, recorded);
    }

    /**
     * Reads result files (drydock or JMH JSON) and merges them.
     *
     * @throws ResultFormatException naming the file and field of the first malformed file
     * @throws ReportInputException  when a figure is in two files
     * @throws IOException           when a file cannot be read, naming it
     */
    public static RunSet read(List<Path> files) throws ResultFormatException, ReportInputException, IOException {
        ResultCodec codec = new ResultCodec();
        Map<Path, ResultFile> results = new LinkedHashMap<>();
        for (Path f : files) {
            results.put(f, codec.read(f));
        }
        return of(results);
    }

    /** A run set of a single result. */
    public static RunSet of(ResultFile result) {
        try {
            return of(Map.of(Path.of("result"), result));
        } catch (ReportInputException e) {
            throw new IllegalStateException("one validated file cannot repeat a figure", e);
        }
    }

    /** Every figure, in key order. */
    public List<Figure> figures() {
        return List.copyOf(figures.values());
    }

    /** Every platform's figure against its peer's ({@link PeerRatios}), in figure order. */
    public List<Ratio> ratios() {
        return ratios;
    }

    /** The ratio of the figure {@code key} to its peer, if it has one. */
    public java.util.Optional<Ratio> ratioOf(FigureKey key) {
        return ratios.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** The distinct machines, in file order. */
    public List<MachineInfo> machines() {
        return machines;
    }

    /** The newest creation time among the files. */
    public String createdAt() {
        return createdAt;
    }

    /** The platforms present, in {@link #PLATFORM_ORDER} and then alphabetical order. */
    public List<String> platforms() {
        return orderPlatforms(figures.values().stream().map(Figure::platform).distinct().toList());
    }

    /** Sorts platform names as reports show them. */
    public static List<String> orderPlatforms(java.util.Collection<String> platforms) {
        List<String> out = new ArrayList<>();
        PLATFORM_ORDER.stream().filter(platforms::contains).forEach(out::add);
        platforms.stream().filter(p -> !PLATFORM_ORDER.contains(p)).sorted().distinct().forEach(out::add);
        return out;
    }

    /**
     * Figures grouped by everything but the platform, groups in key order, each group's figures by
     * platform.
     */
    public Map<String, Map<String, Figure>> byGroup() {
        Map<String, Map<String, Figure>> groups = new LinkedHashMap<>();
        for (Figure f : figures.values()) {
            groups.computeIfAbsent(f.key().groupLabel(), g -> new LinkedHashMap<>()).put(f.platform(), f);
        }
        return groups;
    }

    /**
     * The 95% bootstrap interval of a figure's mean (seeded: reports are reproducible), or null for a
     * single fork, where resampling would show a zero-width interval that claims a precision never
     * measured.
     */
    public static Interval meanInterval(Figure f) {
        if (f.forks().size() < 2) {
            return null;
        }
        return new Bootstrap(1, 2_000).mean(f.samples(), 0.95);
    }
}
