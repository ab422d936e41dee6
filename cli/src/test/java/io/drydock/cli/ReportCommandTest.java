package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(run.out()).contains("measurement").contains("host").contains("runc").contains("vm")
                .contains("report: " + out.resolve("report.html"));
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("summary.md")).exists();
        try (var charts = Files.list(out.resolve("charts"))) {
            assertThat(charts.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith(".png")).anyMatch(n -> n.endsWith(".svg"));
        }
    }

    @Test
    void report_sameFigureInTwoFiles_exitsFour() throws Exception {
        Path a = ResultFixtures.write(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("a.json"));
        Path b = ResultFixtures.write(ResultFixtures.run(2, 1.0, "CPU"), tmp.resolve("b.json"));
        CommandRun run = CommandRun.of(new ReportCommand(), a.toString(), b.toString(), "-o", tmp.resolve("o").toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).startsWith("drydock report: the figure").contains("a.json").contains("b.json");
    }

    @Test
    void report_withoutOutput_isAUsageError() throws Exception {
        CommandRun run = CommandRun.of(new ReportCommand(), "r.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--output");
    }
}
