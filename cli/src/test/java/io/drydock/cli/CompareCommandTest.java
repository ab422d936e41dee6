package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private Path file(String name, ResultFile r) throws Exception {
        return ResultFixtures.write(r, tmp.resolve(name));
    }

    @Test
    @DisplayName("a result compared with itself exits 0 and says no regression")
    void compare_sameFile_exitsZero() throws Exception {
        Path base = file("base.json", ResultFixtures.run(1, 1.0, "CPU"));
        CommandRun run = CommandRun.of(new CompareCommand(), base.toString(), base.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("0 regression(s)").contains("NO CHANGE");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void compare_twoRunsOfTheSameBuild_reportNoRegression() throws Exception {
        CommandRun run = CommandRun.of(new CompareCommand(), file("a.json", ResultFixtures.run(1, 1.0, "CPU")).toString(),
                file("b.json", ResultFixtures.run(2, 1.0, "CPU")).toString());
        assertThat(run.exit()).isIn(0, 3);
        assertThat(run.out()).contains("0 regression(s)");
    }

    @Test
    @DisplayName("a 10% slower runc start-up exits 1, and the Markdown and JUnit files say so")
    void compare_slowdown_exitsOne_andWritesMarkdownAndJunit() throws Exception {
        Path md = tmp.resolve("summary.md");
        Path junit = tmp.resolve("junit.xml");
        CommandRun run = CommandRun.of(new CompareCommand(), "--markdown-out", md.toString(), "--junit-out",
                junit.toString(), file("a.json", ResultFixtures.run(1, 1.0, "CPU")).toString(),
                file("b.json", ResultFixtures.run(2, 1.10, "CPU")).toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("REGRESSION  boot to ready [runc, busybox]");
        assertThat(Files.readString(md)).contains("❌ regression");
        assertThat(Files.readString(junit)).contains("failures=\"1\"").contains("<failure type=\"regression\"");
    }

    @Test
    void compare_formatJunit_printsXml() throws Exception {
        Path a = file("a.json", ResultFixtures.run(1, 1.0, "CPU"));
        CommandRun run = CommandRun.of(new CompareCommand(), "--format", "junit", a.toString(), a.toString());
        assertThat(run.out()).startsWith("<?xml").contains("failures=\"0\"");
    }

    @Test
    void compare_differentHosts_exitsFour_unlessAllowed() throws Exception {
        Path a = file("a.json", ResultFixtures.run(1, 1.0, "CPU one"));
        Path b = file("b.json", ResultFixtures.run(1, 1.0, "CPU two"));
        CommandRun refused = CommandRun.of(new CompareCommand(), a.toString(), b.toString());
        assertThat(refused.exit()).isEqualTo(4);
        assertThat(refused.err()).startsWith("drydock compare: the two results come from different machines")
                .contains("cpuModel: CPU one vs CPU two").contains("--allow-different-hosts")
                .doesNotContain("kernel:").doesNotContain("not recorded");
        assertThat(refused.out()).isEmpty();
        CommandRun allowed = CommandRun.of(new CompareCommand(), "--allow-different-hosts", a.toString(), b.toString());
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.out()).contains("warning: different hosts");
    }

    @Test
    @DisplayName("two raw JMH files of one run compare with exit 0, and say once, in Markdown and JUnit too, that the hosts are unknown")
    void compare_twoJmhFilesWithoutMachine_sameRun_exitsZeroNotingUnknownHosts() throws Exception {
        Path md = tmp.resolve("summary.md");
        Path junit = tmp.resolve("junit.xml");
        Path base = ResultFixtures.writeJmh(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("base.json"));
        Path next = ResultFixtures.writeJmh(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("new.json"));
        CommandRun run = CommandRun.of(new CompareCommand(), "--markdown-out", md.toString(), "--junit-out",
                junit.toString(), base.toString(), next.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("0 regression(s)").contains("NO CHANGE");
        assertThat(run.out().lines().filter(l -> l.contains("hosts unknown"))).singleElement().asString()
                .startsWith("note: hosts unknown: neither result records its machine");
        assertThat(Files.readString(md)).contains("✅ no regression").contains("- note: hosts unknown");
        assertThat(Files.readString(junit)).contains("<property name=\"hosts\" value=\"unknown\"/>")
                .contains("failures=\"0\"");
    }

    @Test
    @DisplayName("two raw JMH files with a 10% slower runc start-up exit 1 and flag it")
    void compare_twoJmhFilesWithoutMachine_tenPercentSlower_exitsOne() throws Exception {
        Path base = ResultFixtures.writeJmh(ResultFixtures.run(1, 1.0, "CPU"), tmp.resolve("base.json"));
        Path next = ResultFixtures.writeJmh(ResultFixtures.run(2, 1.10, "CPU"), tmp.resolve("new.json"));
        CommandRun run = CommandRun.of(new CompareCommand(), base.toString(), next.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("REGRESSION  boot to ready [runc, busybox]")
                .contains("note: hosts unknown");
    }

    @Test
    void compare_jmhFileAgainstADrydockResult_warnsThatTheHostsAreUnknown() throws Exception {
        ResultFile run1 = ResultFixtures.run(1, 1.0, "CPU");
        Path raw = ResultFixtures.writeJmh(run1, tmp.resolve("raw.json"));
        Path recorded = file("recorded.json", run1);
        CommandRun run = CommandRun.of(new CompareCommand(), raw.toString(), recorded.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("warning: hosts unknown: BASE records no machine");
        CommandRun other = CommandRun.of(new CompareCommand(), recorded.toString(), raw.toString());
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(other.out()).contains("warning: hosts unknown: NEW records no machine");
    }

    @Test
    void compare_figureMissingOnOneSide_exitsFourNamingIt() throws Exception {
        ResultFile full = ResultFixtures.run(1, 1.0, "CPU");
        ResultFile less = new ResultFile(full.schema(), full.createdAt(), full.machine(),
                full.figures().subList(0, full.figures().size() - 1));
        CommandRun run = CommandRun.of(new CompareCommand(), file("a.json", full).toString(), file("b.json", less).toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("missing in NEW: StartupBenchmark.bootToReady:memorySharedBytes [vm, busybox]");
    }

    @Test
    void compare_emptyOrTruncatedFile_exitsFourNamingTheFile() throws Exception {
        Path good = file("a.json", ResultFixtures.run(1, 1.0, "CPU"));
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        Path truncated = Files.writeString(tmp.resolve("cut.json"), Files.readString(good).substring(0, 300));
        CommandRun e = CommandRun.of(new CompareCommand(), good.toString(), empty.toString());
        assertThat(e.exit()).isEqualTo(4);
        assertThat(e.err()).contains("empty.json").contains("empty");
        CommandRun t = CommandRun.of(new CompareCommand(), truncated.toString(), good.toString());
        assertThat(t.exit()).isEqualTo(4);
        assertThat(t.err()).contains("cut.json").contains("truncated");
        CommandRun missing = CommandRun.of(new CompareCommand(), good.toString(), tmp.resolve("nope.json").toString());
        assertThat(missing.err()).contains("no such file").contains("nope.json");
    }

    @Test
    void compare_badThreshold_isAUsageError() throws Exception {
        Path a = file("a.json", ResultFixtures.run(1, 1.0, "CPU"));
        CommandRun run = CommandRun.of(new CompareCommand(), "--threshold", "lots", a.toString(), a.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("\"lots\" is not a percentage");
    }

    @Test
    void help_listsTheExitCodes() {
        CommandRun run = CommandRun.of(new CompareCommand(), "--help");
        assertThat(run.out()).contains("Exit status:").contains("at least one regression").contains("inconclusive");
    }
}
