package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Sha256WorkTest {
    private static List<String> between(String sample) throws WorkloadOutputException {
        MarkedOutput out = new MarkedOutput();
        sample.lines().forEach(out);
        return out.section("sha256sum").lines();
    }

    @Test
    void command_writesTheFileBeforeTheBeginMarkerAndHashesItInOnePinnedProcess() {
        List<String> argv = new Sha256Work(1 << 20, 3).command();

        assertThat(argv).hasSize(3).startsWith("/bin/sh", "-c");
        String script = argv.get(2);
        assertThat(script).contains("head -c 1048576 /dev/zero > \"$f\"", "-lt 3 ]")
            .endsWith("echo @@drydock-begin; taskset -c \"$(($(nproc) - 1))\" sha256sum \"$@\"; echo @@drydock-end");
        assertThat(script.indexOf("head -c")).isLessThan(script.indexOf("@@drydock-begin"));
        // The file goes however the script ends.
        assertThat(script).startsWith("set -e; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; ");
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
