package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path tmp;

    /** The fixture run {@code days} later, with drydock's figures scaled by {@code drydock}. */
    static ResultFile later(ResultFile r, int days, double drydock, MachineInfo machine) {
        return ResultFile.of(Instant.parse(r.createdAt()).plus(Duration.ofDays(days)), machine, r.figures().stream()
            .map(f -> f.platform().equals("drydock") ? f.scaled(drydock) : f).toList());
    }

    static Map<Path, ResultFile> threeRunsOfOneHost() throws Exception {
        ResultFile r = ReportFixture.read();
        Map<Path, ResultFile> files = new LinkedHashMap<>();
        // Given newest first: the history orders them by time.
        files.put(Path.of("c.json"), later(r, 2, 1.10, r.machine()));
        files.put(Path.of("a.json"), r);
        files.put(Path.of("b.json"), later(r, 1, 1.05, r.machine()));
        return files;
    }

    @Test
    void of_filesOfTheSameFigures_areRunsInTimeOrder_andTheReportShowsTheNewest() throws Exception {
        RunHistory h = RunHistory.of(threeRunsOfOneHost());
        assertThat(h.isTrend()).isTrue();
        assertThat(h.runs()).extracting(d -> d.file().toString()).containsExactly("a.json", "b.json", "c.json");
        assertThat(h.latest().createdAt()).isEqualTo(threeRunsOfOneHost().get(Path.of("c.json")).createdAt());
    }

    @Test
    void write_ofAHistory_drawsEachHeadlineFigureOverTime() throws Exception {
        RunHistory h = RunHistory.of(threeRunsOfOneHost());
        ReportWriter.Report report = new ReportWriter().write(h, tmp.resolve("out"));
        int rows = DimensionHeadline.of(h.latest()).rows().size();
        assertThat(report.trend()).hasSize(rows);
        assertThat(report.trend()).extracting(c -> c.png().getFileName().toString())
            .allMatch(n -> n.contains("-trend-")).anyMatch(n -> n.contains("start-up-to-ready"));
        for (ChartRenderer.RenderedChart c : report.trend()) {
            assertThat(Files.readAllBytes(c.png())).startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(Files.readString(report.markdown())).contains("## Over time").contains("3 runs of this host");
        // The drift: drydock got 10% slower (or 10% more of anything) over three runs, the host stayed.
        TrendTable.Row startup = TrendTable.of(h).rows().get(0);
        assertThat(startup.label()).isEqualTo("start to ready");
        assertThat(startup.changes().get(0).text(3)).isEqualTo("+0.0%");
        assertThat(startup.changes().get(1).text(3)).isEqualTo("+10.0%");
        assertThat(startup.changes().get(1).text(4)).isEqualTo("+10.0% (3 runs)");
        assertThat(report.terminalText()).contains("OVER TIME: 3 runs of this host");
        assertThat(report.terminalText().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        String html = Files.readString(report.html());
        assertThat(html).contains("id=\"trend\"");
        assertThat(html.split("<img ", -1)).hasSize(1 + report.charts().size() + rows);
    }

    @Test
    void of_runsOfDifferentHosts_isRefusedNamingTheFileAndTheDifference() throws Exception {
        ResultFile r = ReportFixture.read();
        MachineInfo other = new MachineInfo(r.machine().kernel(), "Other CPU", r.machine().cpuCount(),
            r.machine().memoryBytes(), r.machine().cgroupMode(), r.machine().virtualization(), r.machine().versions());
        Map<Path, ResultFile> files = new LinkedHashMap<>();
        files.put(Path.of("a.json"), r);
        files.put(Path.of("b.json"), later(r, 1, 1.0, other));
        assertThatThrownBy(() -> RunHistory.of(files)).isInstanceOf(ReportInputException.class)
            .hasMessageContaining("b.json").hasMessageContaining("a.json").hasMessageContaining("cpuModel");
    }

    @Test
    void of_twoFilesOfTheSameFiguresAtTheSameInstant_isRefused() throws Exception {
        ResultFile r = ReportFixture.read();
        Map<Path, ResultFile> files = new LinkedHashMap<>();
        files.put(Path.of("a.json"), r);
        files.put(Path.of("b.json"), r);
        assertThatThrownBy(() -> RunHistory.of(files)).isInstanceOf(ReportInputException.class)
            .hasMessageContaining("a.json").hasMessageContaining("b.json").hasMessageContaining("same figures");
    }

    @Test
    void of_filesSplitByPlatform_areOneRun() throws Exception {
        ResultFile r = ReportFixture.read();
        Map<Path, ResultFile> split = new LinkedHashMap<>();
        split.put(Path.of("vm.json"), new ResultFile(r.schema(), r.createdAt(), r.machine(),
            r.figures().stream().filter(f -> f.platform().equals("vm")).toList()));
        split.put(Path.of("rest.json"), new ResultFile(r.schema(), r.createdAt(), r.machine(),
            r.figures().stream().filter(f -> !f.platform().equals("vm")).toList()));
        RunHistory h = RunHistory.of(split);
        assertThat(h.isTrend()).isFalse();
        assertThat(h.latest().figures()).hasSize(r.figures().size());
    }
}
