package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StreamKernelTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final StreamKernel KERNEL = new StreamKernel(128 * MIB, 20);
    /** Captured from the kernel on the development machine (2-core AMD EPYC, 32 MiB L3). */
    private static final String SAMPLE = """
        drydock-stream 3 array_bytes=134217728 passes=20 max_passes=20 max_ms=0 huge_kib=393216
        copy best_mib_s=3890.9 median_mib_s=3217.5
        triad best_mib_s=6386.6 median_mib_s=5276.6
        check ok
        """;

    @Test
    void parse_capturedOutput_readsBestAndMedianOfBothKernels() throws WorkloadOutputException {
        StreamKernel.Result r = KERNEL.parse(SAMPLE);
        assertThat(r.copyBestMiBps()).isEqualTo(3890.9);
        assertThat(r.copyMedianMiBps()).isEqualTo(3217.5);
        assertThat(r.triadBestMiBps()).isEqualTo(6386.6);
        assertThat(r.triadMedianMiBps()).isEqualTo(5276.6);
        assertThat(r.passes()).isEqualTo(20);
        assertThat(r.hugeKib()).isEqualTo(393216);
    }

    @Test
    void parse_noHugePageCount_namesTheHeader() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace(" huge_kib=393216", "")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("huge_kib=N");
    }

    /** Captured: 100 passes asked for within 500 ms, ten ran. */
    private static final String LIMITED = """
        drydock-stream 3 array_bytes=134217728 passes=10 max_passes=100 max_ms=500 huge_kib=-1
        copy best_mib_s=11514.0 median_mib_s=10930.2
        triad best_mib_s=17365.8 median_mib_s=16083.5
        check ok
        """;

    @Test
    void parse_timeLimitStoppedThePasses_readsHowManyRan() throws WorkloadOutputException {
        StreamKernel.Result r = new StreamKernel(128 * MIB, 100, Duration.ofMillis(500)).parse(LIMITED);
        assertThat(r.passes()).isEqualTo(10);
        assertThat(r.hugeKib()).isEqualTo(-1);
        assertThat(r.copyBestMiBps()).isEqualTo(11514.0);
    }

    @Test
    void parse_fewerPassesWithoutATimeLimit_isRefused() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace(" passes=20 ", " passes=7 ")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("ran 7 passes, asked for 20 with no time limit");
    }

    @Test
    void parse_otherTimeLimit_isRefused() {
        assertThatThrownBy(() -> new StreamKernel(128 * MIB, 100, Duration.ofMillis(800)).parse(LIMITED))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("in 500 ms").hasMessageContaining("in 800 ms");
    }

    @Test
    void parse_morePassesThanAsked_isRefused() {
        assertThatThrownBy(() -> new StreamKernel(128 * MIB, 100, Duration.ofMillis(500)).parse(LIMITED.replace("passes=10 ", "passes=101 ")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("ran 101 passes");
    }

    @Test
    void parse_linesAroundAndIndented_stillReads() throws WorkloadOutputException {
        String noisy = "some banner\n" + SAMPLE.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n") + "\n";
        assertThat(KERNEL.parse(noisy).triadBestMiBps()).isEqualTo(6386.6);
    }

    @Test
    void parse_noCheckLine_namesTheCheck() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace("check ok\n", "")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("check ok");
    }

    @Test
    void parse_missingTriad_namesTheLine() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace("triad best_mib_s=6386.6 median_mib_s=5276.6\n", "")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("'triad' line").hasMessageContaining("missing");
    }

    @Test
    void parse_garbledRate_namesTheLine() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace("best_mib_s=3890.9", "best_mib_s=fast")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("copy best_mib_s=fast");
    }

    @Test
    void parse_otherSizes_isRefused() {
        assertThatThrownBy(() -> new StreamKernel(64 * MIB, 20).parse(SAMPLE))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("asked for " + (64 * MIB) + " x 20");
        assertThatThrownBy(() -> new StreamKernel(128 * MIB, 30).parse(SAMPLE))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("x up to 20 passes");
    }

    @Test
    void parse_otherFormatVersion_isRefused() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace("drydock-stream 3 ", "drydock-stream 2 ")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("output format 2");
    }

    @Test
    void parse_medianAboveBest_isRefused() {
        assertThatThrownBy(() -> KERNEL.parse(SAMPLE.replace("median_mib_s=3217.5", "median_mib_s=4000.0")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("median above the best");
    }

    @Test
    void parse_emptyOutput_namesTheHeader() {
        assertThatThrownBy(() -> KERNEL.parse(""))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("'drydock-stream' line");
    }

    @Test
    void command_carriesTheBuiltBinaryAndItsSizes() {
        List<String> argv = KERNEL.command();
        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        Matcher m = Pattern.compile("echo '([A-Za-z0-9+/=]+)' \\| base64 -d").matcher(argv.get(2));
        assertThat(m.find()).isTrue();
        byte[] decoded = Base64.getDecoder().decode(m.group(1));
        assertThat(decoded).isEqualTo(StreamKernel.binary());
        // An ELF file, small enough for one argument of execve (MAX_ARG_STRLEN, 128 KiB).
        assertThat(decoded).startsWith((byte) 0x7f, (byte) 'E', (byte) 'L', (byte) 'F');
        assertThat(argv.get(2).length()).isLessThan(128 * 1024);
        assertThat(argv.get(2)).endsWith("taskset -c \"$(($(nproc) - 1))\" \"$f\" " + (128 * MIB) + " 20 0");
        assertThat(new StreamKernel(128 * MIB, 100, Duration.ofSeconds(8)).command().get(2)).endsWith(" 100 8000");
    }

    @Test
    void arrayBytesFor_isFourTimesTheCacheAtLeast64MiB() {
        assertThat(StreamKernel.arrayBytesFor(32 * MIB, GIB)).isEqualTo(128 * MIB);
        assertThat(StreamKernel.arrayBytesFor(8 * MIB, GIB)).isEqualTo(64 * MIB);
        assertThat(StreamKernel.arrayBytesFor(20 * MIB + 1, GIB)).isEqualTo(81 * MIB);
        assertThatThrownBy(() -> StreamKernel.arrayBytesFor(0, GIB)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrayBytesFor_cacheOfAWholePackage_capsEachArrayAtAnEighthOfTheInstancesMemory() {
        // CPUID on a PVM guest of a 2-core EPYC names a 508 MiB L3: three arrays of 2032 MiB would not fit in 1 GiB.
        long bytes = StreamKernel.arrayBytesFor(508 * MIB, GIB);

        assertThat(bytes).isEqualTo(128 * MIB);
        assertThat(new StreamKernel(bytes, 1).meetsStreamRule(508 * MIB)).isFalse();
        assertThat(new StreamKernel(StreamKernel.arrayBytesFor(32 * MIB, GIB), 1).meetsStreamRule(32 * MIB)).isTrue();
    }

    @Test
    void arrayBytesFor_instanceTooSmallForArraysOf64MiB_throwsNamingIt() {
        assertThatThrownBy(() -> StreamKernel.arrayBytesFor(8 * MIB, 256 * MIB))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance memory must be at least 512 MiB");
    }

    @Test
    void constructor_outOfRange_throws() {
        assertThatThrownBy(() -> new StreamKernel(MIB - 1, 1)).hasMessageContaining("array bytes");
        assertThatThrownBy(() -> new StreamKernel(MIB, 0)).hasMessageContaining("passes");
        assertThatThrownBy(() -> new StreamKernel(MIB, 1, Duration.ofMillis(-1))).hasMessageContaining("time limit");
        assertThatThrownBy(() -> new StreamKernel(MIB, 1, Duration.ofHours(2))).hasMessageContaining("time limit");
        assertThatThrownBy(() -> new StreamKernel(MIB, 1, Duration.ofNanos(1500))).hasMessageContaining("whole milliseconds");
    }
}
