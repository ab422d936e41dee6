package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.ResultFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DimensionHeadlineTest {
    private static final String STARTUP = "io.drydock.bench.StartupBenchmark.createStartWaitDelete";
    private static final String BOOT = "io.drydock.bench.BootBenchmark.bootToReady";
    private static final String RR = "io.drydock.bench.NetworkBenchmark.requestResponse";

    private static Figure figure(String benchmark, String platform, double mean, String unit) {
        Figure f = SyntheticRuns.figure(benchmark, platform, mean, 0.02, 5, 3, new Random(platform.hashCode() + benchmark.hashCode()));
        return new Figure(f.benchmark(), f.metric(), "ss", unit, Better.LOWER, FigureKind.OTHER, platform, "busybox-true",
            new TreeMap<>(), f.forks());
    }

    private static DimensionHeadline headline(List<Figure> figures) {
        return DimensionHeadline.of(RunSet.of(ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), figures)));
    }

    private static List<Figure> containersAndVm() {
        List<Figure> f = new ArrayList<>(List.of(
            figure(STARTUP, "host", 2.5, "ms/op"), figure(STARTUP, "drydock", 19.6, "ms/op"),
            figure(STARTUP, "crun", 21.0, "ms/op"), figure(STARTUP, "runc", 49.5, "ms/op"),
            figure(STARTUP, "unshare", 6.0, "ms/op"), figure(BOOT, "vm", 3866, "ms/op"), figure(BOOT, "qemu", 3565, "ms/op"),
            figure(RR, "host", 35.1, "us/op"), figure(RR, "drydock", 42.5, "us/op"), figure(RR, "drydock-hostnet", 36.2, "us/op")));
        return f;
    }

    @Test
    void of_rowsByDimensionInWords_columnsByKind_peersShowTheBetterOneNamed() {
        DimensionHeadline h = headline(containersAndVm());
        assertThat(h.columns()).containsExactly(DimensionHeadline.Column.HOST, DimensionHeadline.Column.DRYDOCK,
            DimensionHeadline.Column.PEERS, DimensionHeadline.Column.VM);
        assertThat(h.rows()).extracting(DimensionHeadline.Row::dimension)
            .containsExactly(Dimension.STARTUP, Dimension.NETWORK_LATENCY, Dimension.NETWORK_LATENCY);
        // Containers and VMs share the start-to-ready row, so the VM's ratio to the host is there too.
        DimensionHeadline.Row startup = h.rows().get(0);
        assertThat(startup.label()).isEqualTo("start to ready");
        assertThat(startup.cells().get(DimensionHeadline.Column.VM).toHost().value()).isBetween(1200.0, 1900.0);
        DimensionHeadline.Cell peers = startup.cells().get(DimensionHeadline.Column.PEERS);
        assertThat(peers.figure().platform()).isEqualTo("crun");
        assertThat(DimensionHeadline.figureText(DimensionHeadline.Column.PEERS, peers)).startsWith("crun 2").endsWith(" ms");
        assertThat(startup.cells().get(DimensionHeadline.Column.DRYDOCK).toHost().value()).isBetween(7.0, 9.0);
        assertThat(DimensionHeadline.ratioText(startup.cells().get(DimensionHeadline.Column.DRYDOCK))).matches("[0-9.]+× ±[0-9]+%");
        // The host-networking variant is its own row, against the same host figure.
        DimensionHeadline.Row hostnet = h.rows().get(2);
        assertThat(hostnet.label()).endsWith(", host networking");
        assertThat(hostnet.cells().get(DimensionHeadline.Column.HOST).figure().mean())
            .isEqualTo(h.rows().get(1).cells().get(DimensionHeadline.Column.HOST).figure().mean());
    }

    @Test
    void toText_fitsAHundredColumns_andUsesNoJmhNames() {
        String text = headline(containersAndVm()).toText();
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(text).contains("START-UP TO READY", "NETWORK LATENCY", "container: drydock", "VM")
            .doesNotContain("Benchmark", "createStartWaitDelete", "ms/op");
    }

    @Test
    void of_runWithoutVms_dropsTheColumnAndSaysSo() {
        DimensionHeadline h = headline(containersAndVm().stream().filter(f -> !f.benchmark().equals(BOOT)).toList());
        assertThat(h.columns()).doesNotContain(DimensionHeadline.Column.VM);
        assertThat(h.toText()).contains("No VM figures in this run");
        assertThat(h.toMarkdown()).contains("No VM figures in this run").doesNotContain("| VM |");
    }
}
