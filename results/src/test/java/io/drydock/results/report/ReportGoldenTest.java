package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.ResultCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The headline, the claims and the published comparison of a fixed result file
 * ({@link ReportFixture}), compared with committed golden files character by character. A change
 * in wording or layout shows in the diff of the golden file; to rewrite them on purpose, run with
 * {@code -Ddrydock.golden.update=true} from the module directory and review the diff.
 */
class ReportGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/report");
    private static final boolean UPDATE = Boolean.getBoolean("drydock.golden.update");

    @BeforeAll
    static void rewriteFixtureWhenAsked() throws Exception {
        if (UPDATE) {
            new ResultCodec().write(ReportFixture.generate(), DIR.resolve("full-run.json"));
        }
    }

    private static void assertGolden(String name, String actual) throws Exception {
        Path golden = DIR.resolve(name);
        if (UPDATE) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).as("%s (rewrite with -Ddrydock.golden.update=true and review the diff)", golden)
            .isEqualTo(Files.readString(golden));
    }

    private static RunSet full() throws Exception {
        return RunSet.of(ReportFixture.read());
    }

    @Test
    void headline_ofTheFixedRun_matchesGoldenFile_andFitsAHundredColumns() throws Exception {
        String text = DimensionHeadline.of(full()).toText();
        assertGolden("headline.txt", text);
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(text).doesNotContain("Benchmark", "CpuBenchmark.cpu", "oneThreadEventsPerSec", "ms/op", "#");
    }

    @Test
    void headline_ofTheFixedRun_inMarkdown_matchesGoldenFile() throws Exception {
        assertGolden("headline.md", DimensionHeadline.of(full()).toMarkdown());
    }

    @Test
    void claims_ofTheFixedRun_matchGoldenFile_andFitAHundredColumns() throws Exception {
        String text = Claims.of(full()).toText();
        assertGolden("claims.txt", text);
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
    }

    @Test
    void claims_ofTheFixedRun_inMarkdown_matchGoldenFile() throws Exception {
        assertGolden("claims.md", Claims.of(full()).toMarkdown());
    }

    @Test
    void published_ofTheFixedRun_matchesGoldenFile_andFitsAHundredColumns() throws Exception {
        String text = PublishedComparison.of(full()).toText();
        assertGolden("published.txt", text);
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
    }

    @Test
    void headline_ofARunWithoutVms_matchesGoldenFile_andSaysSo() throws Exception {
        String text = DimensionHeadline.of(RunSet.of(ReportFixture.withoutVms())).toText();
        assertGolden("headline-no-vm.txt", text);
        assertThat(text).contains("No VM figures in this run");
        assertThat(text.lines().findFirst().orElseThrow()).endsWith("container: peers").doesNotContain("VM");
    }
}
