package io.drydock.cli;

import io.drydock.bench.BenchmarkCatalog;
import io.drydock.bench.BenchmarkProfile;
import io.drydock.bench.BenchmarkSession;
import io.drydock.bench.PrecisionPolicy;
import io.drydock.bench.StatusLine;
import io.drydock.results.machine.MachineInfoCollector;
import io.drydock.results.report.HeadlineTable;
import io.drydock.results.report.RunRecorder;
import io.drydock.results.report.ValueFormat;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.stats.PeerRatios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drydock bench}: the container-vs-VM comparison. Runs every benchmark this host can run,
 * each as its own JMH run with the platforms available here, then writes the result file, the
 * report and the charts into a new folder and prints the answer by dimension, the classic claims
 * checked and the published comparison (the detail is in the report). In the default profile, a
 * benchmark whose ratios (each platform against its peer, {@link PeerRatios}) have intervals
 * wider than ±5% gets more forks ({@link BenchmarkSession}); a ratio still wider at the caps is
 * printed as a warning and flagged in the result and the report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run the container-vs-VM comparison: every benchmark, on every platform this host has; writes results and a report.",
        "The default profile adds forks until every ratio (each platform against its peer: drydock/crun, runc/host, vm/qemu, ...)"
            + " has a 95%% interval within ±5%%, or a time/fork cap is reached (then the ratio is flagged)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Rough figures in a few minutes (2 forks, 1 for VMs and for disk, density, network-app and disk-io; short iterations; too few forks for compare verdicts).")
    boolean quick;

    @Option(names = "--smoke", description = "One iteration of each benchmark: proves they run, measures nothing.", hidden = true)
    boolean smoke;

    @Option(names = {"-o", "--output"}, description = "Parent folder of the run folder (default: ${DEFAULT-VALUE}).", defaultValue = "drydock-results")
    Path output;

    @Option(names = "--only", split = ",", description = "Run only these benchmarks: startup, boot, cpu, memory, disk-io, density, disk, network, network-app, build (e.g. cpu,memory).")
    List<String> only = new ArrayList<>();

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = TimeBudget.class, defaultValue = "43m",
        description = {"The default profile's time for the whole run (default: ${DEFAULT-VALUE}; e.g. 90s, 25m, 1h30m; 0: no limit).",
            "Each benchmark gets a share of what is left (memory, CPU and disk I/O three times the others'); forks past the first three and"
                + " precision rounds stop at it, and what a benchmark leaves goes to the next; what the last leaves buys"
                + " more rounds for the drydock-against-host goals still open."})
    Duration timeBudget;

    /** How close to the host drydock's CPU and memory bandwidth are read: ±2% at 95%. */
    static final double NATIVE_SPEED_TARGET = 0.02;
    private static final PeerRatios NATIVE_SPEED = new PeerRatios(NATIVE_SPEED_TARGET, 0.95, PeerRatios.DEFAULT_MIN_FORKS,
        new io.drydock.results.stats.Bootstrap(1, 10_000));
    /** The CPU and memory bandwidth figures whose container-to-host ratio the claims "native speed" rest on. */
    static final java.util.Set<String> NATIVE_SPEED_METRICS = java.util.Set.of("oneThreadEventsPerSec",
        "allCoresEventsPerSec", "sha256WorkMs", "copyMiBps", "triadMiBps");

    /** How close to the host drydock's random reads on a volume are read: the run's own ±5% at 95%. */
    private static final PeerRatios VOLUME_READS = PeerRatios.defaults();

    /** The share of the host's random reads on a volume a container should reach: 0.95. */
    static final double VOLUME_READS_FLOOR = 0.95;

    /**
     * The goal ratios of a benchmark beyond its peer ratios, drydock against the host: for cpu and
     * memory every native-speed figure to ±2%, so that the run can say whether a container runs at
     * 1.00 ± 0.02 of the host; for disk-io the 4 KiB random reads on a volume to ±5% and against
     * their floor, so that it can say whether a container reads at least 0.95 of the host's IOPS
     * (the claim that a container does disk I/O at native speed rests on them).
     */
    static List<Ratio> goals(String benchmark, java.util.Collection<Figure> figures) {
        List<Ratio> out = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.platform().equals("drydock")) {
                continue;
            }
            PeerRatios goal;
            java.util.function.UnaryOperator<Ratio> judged;
            if ((benchmark.equals("cpu") || benchmark.equals("memory")) && NATIVE_SPEED_METRICS.contains(f.metric())) {
                goal = NATIVE_SPEED;
                judged = r -> againstBand(r, NATIVE_SPEED_TARGET);
            } else if (benchmark.equals("disk-io") && f.metric().equals("randReadIops")
                    && "volume".equals(f.limits().get("target"))) {
                goal = VOLUME_READS;
                judged = r -> againstFloor(r, VOLUME_READS_FLOOR);
            } else {
                continue;
            }
            figures.stream().filter(h -> h.platform().equals("host") && h.benchmark().equals(f.benchmark())
                    && h.metric().equals(f.metric()) && h.workload().equals(f.workload()) && h.limits().equals(f.limits()))
                .findFirst().flatMap(h -> goal.ratio(f, h)).map(judged).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A native-speed goal ratio judged against the band {@code [1 - t, 1 + t]} itself, not only
     * against its width: 1.002 [0.984, 1.022] is ±1.9% wide but does not show 1.00 ± 0.02. Its
     * interval inside the band: within. Its value inside the band and its interval reaching past it:
     * wide, aiming at the half-width that would fit between the value and the nearer edge, so that
     * the precision rounds buy the forks for it. Its value outside the band, no interval, or too few
     * forks: as it is (a container measurably off native speed is read to ±t like any other ratio).
     */
    static Ratio againstBand(Ratio r, double t) {
        if (!r.hasInterval() || r.precision() == RatioPrecision.TOO_FEW_FORKS || Math.abs(r.value() - 1) >= t) {
            return r;
        }
        if (r.low() >= 1 - t && r.high() <= 1 + t) {
            return r.precision() == RatioPrecision.WITHIN ? r : r.withPrecision(RatioPrecision.WITHIN, t);
        }
        double room = Math.min(1 + t - r.value(), r.value() - (1 - t));
        return r.withPrecision(RatioPrecision.WIDE, room / r.value());
    }

    /**
     * A ratio whose goal is a floor, judged against it: 0.99 [0.93, 1.05] is ±6% wide, and even at
     * ±5% its interval could reach below 0.95, so it does not show "at least 0.95". Its interval's
     * lower end at or above the floor: within. Its value at or above the floor and its interval
     * reaching below: wide, aiming at the half-width that fits between the value and the floor (the
     * precision rounds buy the forks for it), or at the ratio's own target where that is narrower.
     * Its value below the floor, no interval, or too few forks: as it is (a container measurably
     * slower than the floor is read to the ratio's target like any other ratio).
     */
    static Ratio againstFloor(Ratio r, double floor) {
        if (!r.hasInterval() || r.precision() == RatioPrecision.TOO_FEW_FORKS || r.value() < floor) {
            return r;
        }
        if (r.low() >= floor) {
            return r.precision() == RatioPrecision.WITHIN ? r : r.withPrecision(RatioPrecision.WITHIN, r.target());
        }
        return r.withPrecision(RatioPrecision.WIDE, Math.min(r.target(), (r.value() - floor) / r.value()));
    }

    /**
     * Shares of the time budget: memory three (its bandwidth moves by 3-9% between forks on a shared
     * host, so drydock/host to ±2% takes the most forks), CPU three (its best second and fastest round
     * still move 2-3% between forks when neighbours load the host, and a drydock+host pair takes about 37 s;
     * what it does not use goes to memory), disk I/O three (its first three forks run the fio job file on
     * every platform and disk target, about five minutes, and its volume reads need more pairs of
     * drydock and host forks until their interval clears 0.95: about 8 s a pair, each fork running
     * fio's random-read job alone, instead of 22 s with all four jobs); one for the others.
     */
    static double budgetWeight(String benchmark) {
        return switch (benchmark) {
            case "memory", "cpu", "disk-io" -> 3.0;
            default -> 1.0;
        };
    }

    /** {@code 40m}, {@code 90s}, {@code 1h30m}, {@code 0}: a duration for --time-budget. */
    static final class TimeBudget implements picocli.CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip();
            if (v.equals("0")) {
                return Duration.ZERO;
            }
            java.util.regex.Matcher m = FORM.matcher(v);
            if (v.isEmpty() || !m.matches()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is not a duration: hours, minutes and seconds as in 1h30m, 40m or 90s, or 0 for no limit");
            }
            Duration d = Duration.ZERO;
            try {
                if (m.group(1) != null) {
                    d = d.plusHours(Long.parseLong(m.group(1)));
                }
                if (m.group(2) != null) {
                    d = d.plusMinutes(Long.parseLong(m.group(2)));
                }
                if (m.group(3) != null) {
                    d = d.plusSeconds(Long.parseLong(m.group(3)));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is too long a duration");
            }
            if (d.compareTo(Duration.ofDays(7)) > 0) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is more than a week");
            }
            return d;
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant began = Instant.now();
        BenchmarkProfile profile = smoke ? BenchmarkProfile.SMOKE : quick ? BenchmarkProfile.QUICK : BenchmarkProfile.FULL;
        if (smoke) {
            // A smoke run measures nothing, so another JMH run on the host does not spoil it.
            System.setProperty("jmh.ignoreLock", "true");
        }
        List<BenchmarkCatalog.Entry> plan = BenchmarkCatalog.runnableHere(only);
        if (plan.isEmpty()) {
            throw new IllegalStateException("no benchmark can run on this host" + (only.isEmpty() ? "" : " among " + only));
        }
        Path folder = RunRecorder.newRunFolder(output, Instant.now());
        Path work = Files.createTempDirectory("drydock-bench-");
        // Removed however the run ends (a failing benchmark included).
        try {
            PeerRatios peerRatios = PeerRatios.defaults();
            System.out.println("drydock bench: profile " + profile.name() + ", results in " + folder);
            Duration budget = profile.adaptive() && !timeBudget.isZero() ? timeBudget : null;
            // Under TCG a guest's ratio to the host measures emulation: the precision rounds leave it be.
            String accelerator = plan.stream().anyMatch(e -> e.platforms().contains("vm") || e.platforms().contains("qemu"))
                ? probeAccelerator() : null;
            boolean emulated = "tcg".equals(accelerator);
            if (profile.adaptive()) {
                System.out.printf("  every ratio (each platform against its peer) aims at a 95%% interval of ±%.0f%%:"
                    + " benchmarks get more forks until it is, within %.0f times their first run's time%s%n",
                    100 * peerRatios.target(), PrecisionPolicy.DEFAULT.timeBudget(),
                    budget == null ? "" : " and their share of the run's " + PrecisionPolicy.duration(budget)
                        + " (--time-budget)");
                if (emulated) {
                    System.out.println("  VMs run under TCG here (QEMU emulates the CPU): a VM's ratios to the host measure emulation;"
                        + " it runs one fork where the host is its only peer, and those ratios get no extra forks");
                }
            }
            for (BenchmarkCatalog.Skipped s : BenchmarkCatalog.skippedHere(only)) {
                System.out.println("  skipped " + s.name() + ": " + s.reason());
            }
            // JMH's own JSON of every run (first runs and reruns) stays in jmh/ beside the result.
            BenchmarkSession session = new BenchmarkSession(profile, PrecisionPolicy.DEFAULT, peerRatios,
                BenchmarkSession.jmh(folder.resolve("jmh"), work, StatusLine.forConsole()), System.out, System::nanoTime,
                emulated, BenchCommand::goals);
            Map<String, BenchmarkSession.Outcome> outcomes = new LinkedHashMap<>();
            for (int i = 0; i < plan.size(); i++) {
                BenchmarkCatalog.Entry e = plan.get(i);
                System.out.printf("[%d/%d] %s on %s%n", i + 1, plan.size(), e.name(), String.join(", ", e.platforms()));
                Duration share = null;
                if (budget != null) {
                    share = share(budget, began, plan.subList(i, plan.size()), e);
                }
                BenchmarkSession.Outcome o = session.run(e, share);
                outcomes.put(e.name(), o);
                System.out.printf("      done after %s%s%n", PrecisionPolicy.duration(Duration.between(began, Instant.now())),
                    o.extraForks() == 0 ? "" : " (" + o.extraForks() + " extra forks)");
            }
            if (budget != null) {
                moreForGoals(session, plan, budget, began, outcomes);
            }
            List<Figure> figures = new ArrayList<>();
            List<Ratio> ratios = new ArrayList<>();
            for (BenchmarkSession.Outcome o : outcomes.values()) {
                figures.addAll(o.figures());
                ratios.addAll(o.ratios());
            }
            MachineInfo machine = MachineInfoCollector.forThisMachine().collect();
            String measured = accelerator != null ? accelerator : probeAccelerator();
            if (measured != null) {
                machine = machine.withVirtualization(measured);
            }
            RunRecorder.RecordedRun run = new RunRecorder().record(ResultFile.of(Instant.now(), machine, figures, ratios), folder);
            System.out.println();
            System.out.print(run.terminalText());
            System.out.println();
            precisionSummary(profile, ratios, peerRatios.target(), emulated);
            System.out.println("results: " + run.resultFile());
            System.out.println("report:  " + run.reportHtml());
            return 0;
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * The share of the time budget {@code e} gets: what is left of {@code budget} since
     * {@code began}, in proportion to its weight among {@code rest} ({@code e} and the benchmarks
     * after it); none once the budget is spent.
     */
    static Duration share(Duration budget, Instant began, List<BenchmarkCatalog.Entry> rest, BenchmarkCatalog.Entry e) {
        double weights = 0;
        for (BenchmarkCatalog.Entry r : rest) {
            weights += budgetWeight(r.name());
        }
        Duration left = budget.minus(Duration.between(began, Instant.now()));
        return left.isNegative() ? Duration.ZERO : Duration.ofMillis((long) (left.toMillis() * budgetWeight(e.name()) / weights));
    }

    /** Less than this left of the budget after the last benchmark buys no second chance for the goals. */
    static final Duration LEAST_FOR_GOALS = Duration.ofSeconds(30);

    /**
     * The time the benchmarks left of the budget goes to the goals still open (a benchmark's goal
     * rounds stop at its share, and benchmarks after it may finish early): each benchmark with an
     * open goal gets more goal rounds, in plan order, a share of what is left by the same weights.
     * Their outcomes replace the first ones in {@code outcomes}.
     */
    private static void moreForGoals(BenchmarkSession session, List<BenchmarkCatalog.Entry> plan, Duration budget, Instant began,
            Map<String, BenchmarkSession.Outcome> outcomes) throws Exception {
        List<BenchmarkCatalog.Entry> open = plan.stream().filter(e -> session.goalsOpen(e.name())).toList();
        Duration left = budget.minus(Duration.between(began, Instant.now()));
        if (open.isEmpty() || left.compareTo(LEAST_FOR_GOALS) < 0) {
            return;
        }
        System.out.printf("[goals] %s left of the time budget: more goal rounds for %s%n", PrecisionPolicy.duration(left),
            open.stream().map(BenchmarkCatalog.Entry::name).collect(java.util.stream.Collectors.joining(", ")));
        for (int i = 0; i < open.size(); i++) {
            BenchmarkCatalog.Entry e = open.get(i);
            BenchmarkSession.Outcome o = session.moreForGoals(e, share(budget, began, open.subList(i, open.size()), e));
            outcomes.put(e.name(), o);
            System.out.printf("      done after %s (%d extra forks in all)%n",
                PrecisionPolicy.duration(Duration.between(began, Instant.now())), o.extraForks());
        }
    }

    /**
     * Says which ratios are not as precise as aimed for: in the default profile each one that the
     * caps stopped, as a warning; in --quick one line, since its two forks never aim for ±5%.
     */
    private static void precisionSummary(BenchmarkProfile profile, List<Ratio> ratios, double target, boolean emulated) {
        List<Ratio> imprecise = ratios.stream().filter(Ratio::needsMorePrecision).toList();
        long guests = 0;
        if (emulated && profile.adaptive()) {
            guests = imprecise.stream().filter(BenchmarkSession::guestToHost).count();
            if (guests > 0) {
                System.out.printf("precision: %d ratio(s) of a VM to the host under TCG were not refined (emulation, not"
                    + " virtualisation)%n", guests);
            }
            imprecise = imprecise.stream().filter(r -> !BenchmarkSession.guestToHost(r)).toList();
        }
        if (ratios.isEmpty() || profile == BenchmarkProfile.SMOKE) {
            return;
        }
        if (imprecise.isEmpty() && emulated && profile.adaptive()) {
            System.out.printf("precision: the other %d ratios within ±%.0f%%%n", ratios.size() - guests, 100 * target);
        } else if (imprecise.isEmpty()) {
            System.out.printf("precision: all %d ratios within ±%.0f%%%n", ratios.size(), 100 * target);
        } else if (!profile.adaptive()) {
            System.out.printf("precision: %d of %d ratios are not within ±%.0f%% (profile %s adds no forks;"
                + " run without --quick for that)%n", imprecise.size(), ratios.size(), 100 * target, profile.name());
        } else {
            System.out.printf("WARNING: %d of %d ratios are not within ±%.0f%% after the extra forks the caps allowed:%n",
                imprecise.size(), ratios.size(), 100 * target);
            for (Ratio r : imprecise) {
                System.out.println("  " + HeadlineTable.ratioLabel(r) + ": " + ValueFormat.ratio(r) + ", "
                    + HeadlineTable.statusText(r));
            }
        }
    }

    /**
     * /dev/kvm opening is not the same as KVM working (nested KVM may accept KVM_CREATE_VM and hang
     * the guest): where QEMU is installed, the VM driver's probe, which boots a guest, decides what
     * the results record.
     */
    private static String probeAccelerator() {
        try {
            var kernel = io.drydock.vm.GuestKernel.find();
            var verdict = io.drydock.vm.AcceleratorProbe.probe(kernel, io.drydock.vm.VmDriver.DEFAULT_STATE_ROOT);
            return verdict.verdict().name().toLowerCase(java.util.Locale.ROOT);
        } catch (io.drydock.vm.VmException | RuntimeException e) {
            return null; // no guest kernel or QEMU here: the collector's reading stands
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            System.err.println("drydock bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
