package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void report_writesHtmlMarkdownAndCharts_andPrintsTheHeadline() throws Exception {
        Path r = ResultFixtures.write(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("r.json"));
        Path out = tmp.resolve("out");
        CommandRun run = CommandRun.of(new ReportCommand(), r.toString(), "-o", out.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("measurement").contains("host").contains("container: peers").contains("VM")
                .contains("THE CLASSIC CLAIMS").contains("PUBLISHED FIGURES")
                .contains("report: " + out.resolve("report.html")).doesNotContain("bootToReady");
        // Every line of the terminal report fits 100 columns (the paths printed after it aside).
        assertThat(run.out().lines().filter(l -> !l.startsWith("report: ") && !l.startsWith("summary: ")))
                .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("summary.md")).exists();
        try (var charts = Files.list(out.resolve("charts"))) {
            assertThat(charts.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith(".png")).anyMatch(n -> n.endsWith(".svg"));
        }
    }

    @Test
    void report_sameFiguresTwiceAtOneInstant_exitsFour() throws Exception {
        Path a = ResultFixtures.write(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("a.json"));
        Path b = ResultFixtures.write(ResultFixtures.run(2, 1.0, "CPU"), tmp.resolve("b.json"));
        CommandRun run = CommandRun.of(new ReportCommand(), a.toString(), b.toString(), "-o", tmp.resolve("o").toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).startsWith("drydock report: ").contains("a.json").contains("b.json")
                .contains("same figures");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void report_runsOfOneHostAtDifferentTimes_showTheTrend() throws Exception {
        ResultFile first = ResultFixtures.run(1, 1.0, "CPU");
        ResultFile second = ResultFixtures.run(2, 1.2, "CPU");
        second = ResultFile.of(Instant.parse(first.createdAt()).plusSeconds(86_400), second.machine(), second.figures());
        Path a = ResultFixtures.write(first, tmp.resolve("a.json"));
        Path b = ResultFixtures.write(second, tmp.resolve("b.json"));
        Path out = tmp.resolve("trend");
        CommandRun run = CommandRun.of(new ReportCommand(), b.toString(), a.toString(), "-o", out.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("OVER TIME: 2 runs of this host").contains("over time: 2 runs");
        try (var charts = Files.list(out.resolve("charts"))) {
            assertThat(charts.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("-trend-"));
        }
    }

    @Test
    void report_runsOfDifferentHosts_exitsFourNamingTheDifference() throws Exception {
        ResultFile first = ResultFixtures.run(1, 1.0, "CPU one");
        ResultFile other = ResultFixtures.run(2, 1.0, "CPU two");
        other = ResultFile.of(Instant.parse(first.createdAt()).plusSeconds(60), other.machine(), other.figures());
        Path a = ResultFixtures.write(first, tmp.resolve("a.json"));
        Path b = ResultFixtures.write(other, tmp.resolve("b.json"));
        CommandRun run = CommandRun.of(new ReportCommand(), a.toString(), b.toString(), "-o", tmp.resolve("o").toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("b.json").contains("cpuModel: CPU one vs CPU two");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void report_withoutOutput_isAUsageError() throws Exception {
        CommandRun run = CommandRun.of(new ReportCommand(), "r.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--output");
    }
}
