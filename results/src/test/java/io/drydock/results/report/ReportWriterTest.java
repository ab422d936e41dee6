package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path tmp;

    static ResultFile startupRun() throws Exception {
        return SyntheticRuns.jmhFixture("jmh/startup.json");
    }

    @Test
    void write_producesSelfContainedHtml_markdown_andChartsInPngAndSvg() throws Exception {
        ReportWriter.Report report = new ReportWriter().write(RunSet.of(startupRun()), tmp.resolve("out"));

        // One chart per dimension (start-up, memory and disk per instance) and the start-up distribution.
        assertThat(report.charts()).extracting(c -> c.png().getFileName().toString()).containsExactly(
                "01-dimension-start-up-to-ready.png", "02-distribution-start-up-to-ready.png",
                "03-dimension-memory-per-idle-instance.png", "04-dimension-disk-per-instance.png");
        for (ChartRenderer.RenderedChart c : report.charts()) {
            byte[] png = Files.readAllBytes(c.png());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(c.svg())).contains("<svg");
        }

        String html = Files.readString(report.html());
        Matcher img = Pattern.compile("<img [^>]*src=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            images++;
            assertThat(img.group(1)).startsWith("data:image/png;base64,");
        }
        assertThat(images).isEqualTo(4);
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "src=\"charts/", "url(");
        assertThat(html).contains("container vs VM vs host", "Test CPU", "hybrid", "tcg", "runc", "vm");

        String md = Files.readString(report.markdown());
        assertThat(md).contains("| dimension | measurement | host | container: drydock | container: peers | VM |")
                .contains("| measurement | host | drydock | runc | vm |").contains("## Machine")
                .contains("## The classic claims, checked").contains("Felter");
        // The page ends with the published comparison, as the summary does.
        assertThat(md.substring(md.indexOf("## Published"))).doesNotContain("## Machine");
        assertThat(html.indexOf("id=\"published\"")).isGreaterThan(html.indexOf("id=\"figures\""));
        assertThat(html).doesNotContain("bootToReady");
    }

    @Test
    void headline_showsRatiosToThePeerWithIntervals() throws Exception {
        HeadlineTable t = HeadlineTable.of(RunSet.of(startupRun()));
        assertThat(t.platforms()).containsExactly("host", "drydock", "runc", "vm");
        HeadlineTable.Row startup = t.rows().stream().filter(r -> r.label().equals("boot to ready (busybox)"))
                .findFirst().orElseThrow();
        // No bare QEMU in this run: the VM's peer is the host. drydock's peer is runc (no crun here).
        assertThat(startup.cells().get("vm").ratio().peer()).isEqualTo("host");
        assertThat(startup.cells().get("vm").ratio().value()).isBetween(800.0, 950.0);
        assertThat(startup.cells().get("drydock").ratio().peer()).isEqualTo("runc");
        assertThat(startup.cells().get("host").ratio()).isNull();
        assertThat(t.ratios()).allSatisfy(r -> assertThat(r.hasInterval()).isTrue());
        assertThat(t.toText()).contains("measurement").contains("× host ±")
                .contains("boot to ready: vm / host").containsPattern("× \\[[0-9.]+, [0-9.]+\\] ±");
    }

    @Test
    void report_marksImpreciseRatios_inTheTableAndTheSummary() throws Exception {
        Random random = new Random(5);
        // host and runc: 3 forks, runc very noisy: the ratio is far wider than ±5%.
        ResultFile r = ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(
                SyntheticRuns.figure("io.drydock.bench.S.start", "host", 10, 0.01, 3, 3, random),
                SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 30, 0.4, 3, 3, random)));
        ReportWriter.Report report = new ReportWriter().write(RunSet.of(r), tmp.resolve("imprecise"));
        assertThat(report.headline().imprecise()).hasSize(1);
        assertThat(report.headline().toText()).contains("WIDER than ±5%").contains("(wide)");
        assertThat(Files.readString(report.markdown())).contains("1 of 1 ratios are not within their target precision");
        assertThat(Files.readString(report.html())).contains("class=\"num imprecise\"").contains("WIDER than ±5%");
    }

    @Test
    void runSet_sameFigureInTwoFiles_isRefusedNamingBoth() throws Exception {
        ResultFile r = startupRun();
        Map<Path, ResultFile> two = new LinkedHashMap<>();
        two.put(Path.of("a.json"), r);
        two.put(Path.of("b.json"), r);
        assertThatThrownBy(() -> RunSet.of(two)).isInstanceOf(ReportInputException.class)
                .hasMessageContaining("a.json").hasMessageContaining("b.json").hasMessageContaining("compare");
    }

    @Test
    void runSet_filesSplitByPlatform_mergeIntoOneTable() throws Exception {
        ResultFile r = startupRun();
        Map<Path, ResultFile> split = new LinkedHashMap<>();
        split.put(Path.of("vm.json"), new ResultFile(r.schema(), r.createdAt(), r.machine(),
                r.figures().stream().filter(f -> f.platform().equals("vm")).toList()));
        split.put(Path.of("rest.json"), new ResultFile(r.schema(), r.createdAt(), r.machine(),
                r.figures().stream().filter(f -> !f.platform().equals("vm")).toList()));
        assertThat(RunSet.of(split).figures()).hasSize(r.figures().size());
        assertThat(RunSet.of(split).machines()).hasSize(1);
    }

    @Test
    void recorder_writesResultAndReportIntoANewFolder() throws Exception {
        Path folder = RunRecorder.newRunFolder(tmp.resolve("drydock-results"), Instant.parse("2026-11-28T06:00:00Z"));
        Path second = RunRecorder.newRunFolder(tmp.resolve("drydock-results"), Instant.parse("2026-11-28T06:00:00Z"));
        assertThat(folder.getFileName().toString()).isEqualTo("20261128-060000");
        assertThat(second).isNotEqualTo(folder);

        Path jmh = Path.of(getClass().getResource("/jmh/startup.json").toURI());
        RunRecorder.RecordedRun run = new RunRecorder().record(jmh, SyntheticRuns.machine(), folder);
        assertThat(run.resultFile()).exists();
        assertThat(run.reportHtml()).exists();
        assertThat(run.summaryMarkdown()).exists();
        // The terminal gets the answer by dimension, the claims and the published table, in words.
        assertThat(run.terminalText()).contains("START-UP TO READY").contains("boot to ready")
                .contains("THE CLASSIC CLAIMS").contains("PUBLISHED FIGURES").doesNotContain("bootToReady");
        assertThat(run.terminalText().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        ResultFile back = new ResultCodec().read(run.resultFile());
        assertThat(back.machine()).isEqualTo(SyntheticRuns.machine());
        assertThat(back.figures()).hasSize(18);
        assertThat(List.of(folder.toFile().list())).contains("results.json", "report.html", "summary.md", "charts");
    }
}
