package io.drydock.cli;

import io.drydock.results.report.ReportInputException;
import io.drydock.results.report.ReportWriter;
import io.drydock.results.report.RunHistory;
import io.drydock.results.report.RunSet;
import io.drydock.results.schema.ResultFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drydock report RESULTS... -o DIR}: a self-contained HTML page, a Markdown summary and
 * charts. Files of different figures are one run; files of the same figures are runs of one host
 * over time, and the report adds each headline figure's trend.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes DIR/report.html (self-contained: charts embedded, nothing fetched), DIR/summary.md"
                + " and DIR/charts/*.png|svg from one or more result files, and prints the answer by dimension,"
                + " the classic claims checked and the published comparison.",
            "Files of different figures (a run split by platform) make one run; files of the same figures are runs"
                + " of one host at different times: the report is the newest run's, with every headline figure"
                + " over time."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:report written", "2:usage error",
            "4:bad input: unreadable or malformed file, runs of different hosts, or the same figures twice at one instant"})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS",
            description = "Result files (drydock results or JMH JSON): the parts of one run, or runs of one host over time.")
    List<Path> results;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder to write the report into.")
    Path output;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        try {
            RunHistory history = RunHistory.read(results);
            RunSet runs = history.latest();
            ReportWriter.Report report = new ReportWriter().write(history, output);
            PrintWriter out = cmd.getOut();
            out.print(report.terminalText());
            if (history.isTrend()) {
                out.println("over time: " + history.runs().size() + " runs (the tables above are the newest run's); "
                        + report.trend().size() + " trend charts in " + output.resolve("charts"));
            }
            if (runs.machines().size() > 1) {
                out.println("warning: these results come from " + runs.machines().size() + " different machines");
            }
            out.println();
            out.println("report: " + report.html());
            out.println("summary: " + report.markdown());
            out.flush();
            return 0;
        } catch (ResultFormatException | ReportInputException | IOException e) {
            return common.fail(cmd, e, CommonOptions.EXIT_BAD_INPUT);
        }
    }
}
