package io.drydock.cli;

import io.drydock.results.report.ComparisonRenderer;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.schema.ResultFormatException;
import io.drydock.results.stats.AbComparator;
import io.drydock.results.stats.CompareSettings;
import io.drydock.results.stats.Comparison;
import io.drydock.results.stats.ComparisonException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock compare BASE NEW}: a verdict per figure, and an exit status a CI job can act on. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares two result files figure by figure. Each fork is one sample; the ratio NEW/BASE gets a"
                + " seeded bootstrap confidence interval, and the p-value of a Welch t-test on log samples is"
                + " adjusted across figures (Benjamini-Hochberg).",
            "A figure is a regression or an improvement when it is significant and changed by more than the"
                + " threshold, no change when its interval lies within the threshold, and inconclusive otherwise.",
            "Results recorded on different machines are refused (see --allow-different-hosts). JMH's own JSON"
                + " records no machine: such files are compared, with a note that the hosts are unknown."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:no regression (every figure no change or improved)",
            "1:at least one regression",
            "2:usage error",
            "3:no regression, but some figures are inconclusive: rerun with more forks",
            "4:bad input: unreadable or malformed file, different hosts, figure on one side only, unit mismatch"})
public final class CompareCommand implements Callable<Integer> {

    /** Formats of the comparison on standard output. */
    enum Format { table, markdown, junit }

    @Parameters(index = "0", paramLabel = "BASE", description = "The base result (drydock result or JMH JSON).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new result to judge against BASE.")
    Path next;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
            converter = CommonOptions.FractionConverter.class,
            description = "Smallest change that matters (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--fdr", paramLabel = "ALPHA", defaultValue = "0.05",
            description = "False discovery rate across all figures (default: ${DEFAULT-VALUE}).")
    double fdr;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Level of the confidence intervals (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--min-forks", paramLabel = "N", defaultValue = "3",
            description = "Forks needed on each side for a verdict other than inconclusive (default: ${DEFAULT-VALUE}).")
    int minForks;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "10000",
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--markdown-out", paramLabel = "FILE",
            description = "Also write Markdown here (e.g. $GITHUB_STEP_SUMMARY); appended to if it exists.")
    Path markdownOut;

    @Option(names = "--junit-out", paramLabel = "FILE", description = "Also write JUnit XML here.")
    Path junitOut;

    @Option(names = "--allow-different-hosts",
            description = "Compare results from different machines (with a warning) instead of refusing.")
    boolean allowDifferentHosts;

    @Option(names = "--allow-missing",
            description = "Compare the figures both sides have and list the rest, instead of refusing.")
    boolean allowMissing;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        CompareSettings settings;
        try {
            settings = new CompareSettings(threshold, fdr, confidence, minForks, resamples, seed,
                    allowDifferentHosts, allowMissing);
        } catch (IllegalArgumentException e) {
            return common.fail(cmd, e, CommonOptions.EXIT_USAGE);
        }
        try {
            ResultCodec codec = new ResultCodec();
            ResultFile b = codec.read(base);
            ResultFile n = codec.read(next);
            Comparison c = new AbComparator(settings).compare(b, n);
            PrintWriter out = cmd.getOut();
            out.print(switch (format) {
                case table -> ComparisonRenderer.text(c);
                case markdown -> ComparisonRenderer.markdown(c, base.toString(), next.toString());
                case junit -> ComparisonRenderer.junitXml(c);
            });
            out.flush();
            if (markdownOut != null) {
                Files.writeString(markdownOut, ComparisonRenderer.markdown(c, base.toString(), next.toString()),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            if (junitOut != null) {
                Files.writeString(junitOut, ComparisonRenderer.junitXml(c));
            }
            return c.exitCode();
        } catch (ResultFormatException | ComparisonException | IOException e) {
            return common.fail(cmd, e, CommonOptions.EXIT_BAD_INPUT);
        }
    }
}
