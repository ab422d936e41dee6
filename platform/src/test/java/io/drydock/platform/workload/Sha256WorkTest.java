package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class Sha256WorkTest {
    private static List<String> between(String sample) throws WorkloadOutputException {
        MarkedOutput out = new MarkedOutput();
        sample.lines().forEach(out);
        return out.section("sha256sum").lines();
    }

    /** A section of the 1 MiB, 3 rounds sample whose digest lines arrived at {@code offsetsMs}. */
    private static MarkedOutput.Section arriving(long elapsedMs, long... offsetsMs) throws Exception {
        List<String> lines = between(WorkloadSamples.read("sha256-1mib-3-rounds.txt")).subList(0, offsetsMs.length);
        return new MarkedOutput.Section(Duration.ofMillis(elapsedMs), lines,
            LongStream.of(offsetsMs).mapToObj(Duration::ofMillis).toList());
    }

    @Test
    void command_writesTheFileBeforeTheBeginMarkerAndRunsOnePinnedSha256sumPerRound() {
        List<String> argv = new Sha256Work(1 << 20, 3).command();

        assertThat(argv).hasSize(3).startsWith("/bin/sh", "-c");
        String script = argv.get(2);
        String begin = "echo @@drydock-begin; ";
        String loop = "i=0; while [ \"$i\" -lt 3 ]; do taskset -c \"$cpu\" sha256sum \"$f\"; i=$((i + 1)); done; ";
        assertThat(script).contains("head -c 1048576 /dev/zero > \"$f\"; ", "cpu=$(($(nproc) - 1)); ")
            .endsWith(begin + loop + "echo @@drydock-end");
        // One sha256sum in the loop's body: one process per round, none started outside it.
        assertThat(script.split("sha256sum", -1)).hasSize(2);
        assertThat(script.indexOf("head -c")).isLessThan(script.indexOf(begin));
        assertThat(script.indexOf("nproc")).isLessThan(script.indexOf(begin));
        // The file goes however the script ends.
        assertThat(script).startsWith("set -e; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; ");
    }

    @Test
    void roundTimes_digestsArrivingAsRoundsEnd_timesEachRoundFromTheLineBefore() throws Exception {
        Sha256Work work = new Sha256Work(1 << 20, 3);

        // Rounds of 210, 190 and 290 ms (the last slowed by a neighbour), the end marker 10 ms later.
        Sha256Work.RoundTimes t = work.roundTimes(arriving(700, 210, 400, 690));

        assertThat(t.rounds()).containsExactly(Duration.ofMillis(210), Duration.ofMillis(190), Duration.ofMillis(290));
        assertThat(t.fastest()).isEqualTo(Duration.ofMillis(190));
        assertThat(t.atFastestPaceMs()).isEqualTo(570.0);
        assertThat(t.elapsed()).isEqualTo(Duration.ofMillis(700));
        assertThat(t.elapsedMs()).isEqualTo(700.0);
    }

    @Test
    void roundTimes_fastestRoundFirst_countsTheFirstRoundFromTheBeginMarker() throws Exception {
        Sha256Work.RoundTimes t = new Sha256Work(1 << 20, 3).roundTimes(arriving(1000, 150, 450, 900));

        assertThat(t.rounds()).containsExactly(Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(450));
        assertThat(t.atFastestPaceMs()).isEqualTo(450.0);
    }

    @Test
    void roundTimes_fewerDigestsThanRounds_saysTheCount() throws Exception {
        MarkedOutput.Section twoOfThree = arriving(500, 200, 400);

        assertThatThrownBy(() -> new Sha256Work(1 << 20, 3).roundTimes(twoOfThree))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessage("sha256sum output, output: 2 digest lines between the markers, expected 3");
    }

    @Test
    void roundTimes_lineThatIsNotADigest_namesTheToolAndTheLine() throws Exception {
        List<String> lines = between(WorkloadSamples.read("sha256-garbled.txt"));
        MarkedOutput.Section s = new MarkedOutput.Section(Duration.ofMillis(500), lines,
            List.of(Duration.ofMillis(200), Duration.ofMillis(210)));

        assertThatThrownBy(() -> new Sha256Work(1 << 20, 2).roundTimes(s))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("sha256sum output, line 2 after the begin marker 'sha256sum: /tmp/")
            .hasMessageContaining("expected a digest line");
    }

    @Test
    void newRoundTimes_roundsLongerThanTheElapsedTime_throws() {
        assertThatThrownBy(() -> new Sha256Work.RoundTimes(List.of(Duration.ofMillis(600), Duration.ofMillis(600)),
                Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the elapsed");
        assertThatThrownBy(() -> new Sha256Work.RoundTimes(List.of(), Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no round");
    }

    @Test
    void check_realSha256sumOutput_passes() throws Exception {
        Sha256Work work = new Sha256Work(1 << 20, 3);

        work.check(between(WorkloadSamples.read("sha256-1mib-3-rounds.txt")));

        assertThat(work.expectedDigest()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void check_digestOfOtherData_namesTheLineAndTheExpectedDigest() throws Exception {
        Sha256Work work = new Sha256Work((1 << 20) + 1, 3);
        List<String> lines = between(WorkloadSamples.read("sha256-1mib-3-rounds.txt"));

        assertThatThrownBy(() -> work.check(lines))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("sha256sum output, line 1 after the begin marker")
            .hasMessageContaining("digest differs from " + work.expectedDigest())
            .hasMessageContaining("1048577 zero bytes");
    }

    @Test
    void check_fewerRoundsThanAsked_saysTheCount() throws Exception {
        Sha256Work work = new Sha256Work(1 << 20, 4);
        List<String> lines = between(WorkloadSamples.read("sha256-1mib-3-rounds.txt"));

        assertThatThrownBy(() -> work.check(lines))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("3 digest lines between the markers, expected 4");
    }

    @Test
    void check_errorLineAmongDigests_namesIt() throws Exception {
        List<String> lines = between(WorkloadSamples.read("sha256-garbled.txt"));

        assertThatThrownBy(() -> new Sha256Work(1 << 20, 2).check(lines))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("line 2 after the begin marker 'sha256sum: /tmp/")
            .hasMessageContaining("Input/output error'");
    }

    @Test
    void check_nothingBetweenTheMarkers_saysSo() {
        assertThatThrownBy(() -> new Sha256Work(1, 1).check(List.of()))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("no digest line between the markers, expected 1");
    }

    @Test
    void expectedDigest_dataLargerThanOneChunk_equalsTheDigestOfAllBytesAtOnce() throws Exception {
        // 2 MiB + 3 bytes are hashed in three chunks.
        byte[] all = new byte[(2 << 20) + 3];
        String once = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all));

        assertThat(new Sha256Work(all.length, 1).expectedDigest()).isEqualTo(once);
    }

    @Test
    void new_noRounds_throws() {
        assertThatThrownBy(() -> new Sha256Work(1, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds must be between 1 and 1000, got 0");
    }
}
