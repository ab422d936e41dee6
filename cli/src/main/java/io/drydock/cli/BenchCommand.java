package io.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.drydock.bench.BenchmarkCatalog;
import io.drydock.bench.BenchmarkProfile;
import io.drydock.bench.BenchmarkRunner;
import io.drydock.results.machine.MachineInfoCollector;
import io.drydock.results.report.RunRecorder;
import io.drydock.results.schema.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drydock bench}: the container-vs-VM comparison. Runs every benchmark this host can run,
 * each as its own JMH run with the platforms available here, then writes the result file, the
 * report and the charts into a new folder and prints the headline table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the container-vs-VM comparison: every benchmark, on every platform this host has; writes results and a report.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Rough figures in a few minutes (2 forks, short iterations; too few forks for compare verdicts).")
    boolean quick;

    @Option(names = "--smoke", description = "One iteration of each benchmark: proves they run, measures nothing.", hidden = true)
    boolean smoke;

    @Option(names = {"-o", "--output"}, description = "Parent folder of the run folder (default: ${DEFAULT-VALUE}).", defaultValue = "drydock-results")
    Path output;

    @Option(names = "--only", split = ",", description = "Run only these benchmarks (e.g. startup,boot).")
    List<String> only = new ArrayList<>();

    @Option(names = "--debug", description = "Print stack traces on errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
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
        System.out.println("drydock bench: profile " + profile.name() + ", results in " + folder);
        for (BenchmarkCatalog.Skipped s : BenchmarkCatalog.skippedHere(only)) {
            System.out.println("  skipped " + s.name() + ": " + s.reason());
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode all = json.createArrayNode();
        Instant began = Instant.now();
        for (int i = 0; i < plan.size(); i++) {
            BenchmarkCatalog.Entry e = plan.get(i);
            System.out.printf("[%d/%d] %s on %s%n", i + 1, plan.size(), e.name(), String.join(", ", e.platforms()));
            Path part = folder.resolve("jmh-" + e.name() + ".json");
            BenchmarkRunner.run(List.of(e.include()), e.params(), profile, part, work);
            for (JsonNode n : json.readTree(part.toFile())) {
                all.add(n);
            }
            Files.delete(part);
            System.out.printf("      done after %s%n", Duration.between(began, Instant.now()).withNanos(0));
        }
        Path jmh = folder.resolve("jmh.json");
        json.writerWithDefaultPrettyPrinter().writeValue(jmh.toFile(), all);
        MachineInfo machine = vmAccelerator(MachineInfoCollector.forThisMachine().collect());
        RunRecorder.RecordedRun run = new RunRecorder().record(jmh, machine, folder);
        System.out.println();
        System.out.print(run.headlineTable());
        System.out.println();
        System.out.println("results: " + run.resultFile());
        System.out.println("report:  " + run.reportHtml());
        deleteQuietly(work);
        return 0;
    }

    /**
     * /dev/kvm opening is not the same as KVM working (nested KVM may accept KVM_CREATE_VM and hang
     * the guest): where QEMU is installed, the VM driver's probe, which boots a guest, decides what
     * the results record.
     */
    private static MachineInfo vmAccelerator(MachineInfo machine) {
        try {
            var kernel = io.drydock.vm.GuestKernel.find();
            var verdict = io.drydock.vm.AcceleratorProbe.probe(kernel, io.drydock.vm.VmDriver.DEFAULT_STATE_ROOT);
            return machine.withVirtualization(verdict.verdict().name().toLowerCase(java.util.Locale.ROOT));
        } catch (io.drydock.vm.VmException | RuntimeException e) {
            return machine; // no guest kernel or QEMU here: the collector's reading stands
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
