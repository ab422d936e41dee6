package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.ResultFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedComparisonTest {
    private static PublishedComparison.Row row(PublishedComparison p, String measurement) {
        return p.rows().stream().filter(r -> r.measurement().equals(measurement)).findFirst().orElseThrow();
    }

    @Test
    void of_aHostNetworkedRedisFarBelowNative_differsFromThePaper() throws Exception {
        ResultFile r = ReportFixture.read();
        ResultFile slow = ResultFile.of(Instant.parse(r.createdAt()), r.machine(), r.figures().stream()
            .map(f -> f.platform().equals("drydock-hostnet") && f.metric().equals("getPerSec") ? f.scaled(0.7) : f).toList());
        PublishedComparison p = PublishedComparison.of(RunSet.of(slow));
        assertThat(row(p, "Redis GET, Docker host networking vs native").agreement()).isEqualTo("differs");
        assertThat(row(p, "Redis GET, Docker NAT vs native").agreement()).isEqualTo("holds");
    }

    @Test
    void of_aVmUnderKvm_isComparedWithThePaper_notSetAside() throws Exception {
        ResultFile r = ReportFixture.read();
        ResultFile kvm = ResultFile.of(Instant.parse(r.createdAt()), r.machine().withVirtualization("kvm"), r.figures());
        PublishedComparison p = PublishedComparison.of(RunSet.of(kvm));
        // The fixture's VM is ten times slower than the host: under KVM that is a real difference from the paper.
        assertThat(row(p, "Linpack, KVM vs native").agreement()).isEqualTo("differs");
        assertThat(row(p, "netperf TCP_RR, KVM vs native").agreement()).isEqualTo("holds");
        assertThat(p.toText()).doesNotContain("not comparable under TCG");
    }

    @Test
    void of_aRunWithoutTheMeasurement_saysNotMeasuredInThisRun() throws Exception {
        ResultFile r = ReportFixture.read();
        ResultFile startupOnly = ResultFile.of(Instant.parse(r.createdAt()), r.machine(), r.figures().stream()
            .filter(f -> f.benchmark().endsWith("StartupBenchmark.createStartWaitDelete")).toList());
        PublishedComparison p = PublishedComparison.of(RunSet.of(startupOnly));
        assertThat(p.rows()).extracting(PublishedComparison.Row::agreement).containsOnly("not measured in this run");
        assertThat(p.toMarkdown()).contains("not measured in this run (fio 4 KiB random read)");
        assertThat(List.of(p.toHtml())).allSatisfy(h -> assertThat(h).contains("<table class=\"published\">"));
    }
}
