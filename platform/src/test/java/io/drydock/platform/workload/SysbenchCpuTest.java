package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SysbenchCpuTest {
    @Test
    void command_timed_boundsByTimeWithPinnedPrimeLimit() {
        assertThat(SysbenchCpu.timed(4, Duration.ofSeconds(1)).command())
            .containsExactly("sysbench", "cpu", "--threads=4", "--time=1", "--report-interval=1", "--cpu-max-prime=10000", "run");
    }

    @Test
    void command_fixedWork_boundsByEventsAndLiftsTimeLimit() {
        assertThat(SysbenchCpu.fixedWork(1, 2000).command())
            .containsExactly("sysbench", "cpu", "--threads=1", "--events=2000", "--time=0", "--cpu-max-prime=10000", "run");
    }

    @Test
    void new_bothBounds_throws() {
        assertThatThrownBy(() -> new SysbenchCpu(1, Duration.ofSeconds(1), 10))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of time and events");
    }

    @Test
    void new_noBound_throws() {
        assertThatThrownBy(() -> new SysbenchCpu(1, Duration.ZERO, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of time and events");
    }

    @Test
    void new_fractionalSeconds_throws() {
        assertThatThrownBy(() -> SysbenchCpu.timed(1, Duration.ofMillis(1500)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time must be").hasMessageContaining("1500 ms");
    }

    @Test
    void new_zeroThreads_throws() {
        assertThatThrownBy(() -> SysbenchCpu.timed(0, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads must be at least 1, got 0");
    }

    @Test
    void parse_timedSample_readsFigures() throws Exception {
        SysbenchCpu.Result r = SysbenchCpu.parse(WorkloadSamples.read("sysbench-cpu-timed.txt"));

        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.eventsPerSecond()).isEqualTo(4896.04);
        assertThat(r.totalEvents()).isEqualTo(4900);
        assertThat(r.totalTime()).isEqualTo(Duration.ofNanos(1_000_200_000));
        // No interval report in a one-second run: the best second is the whole run.
        assertThat(r.secondEventsPerSecond()).isEmpty();
        assertThat(r.bestSecondEventsPerSecond()).isEqualTo(4896.04);
    }

    /** Captured from a three-second run with one report a second, its first second slowed by a build next to it. */
    @Test
    void parse_intervalReports_readsEachSecondAndTakesTheBest() throws Exception {
        SysbenchCpu.Result r = SysbenchCpu.parse(WorkloadSamples.read("sysbench-cpu-intervals.txt"));

        assertThat(r.secondEventsPerSecond()).containsExactly(3876.34, 4360.58);
        assertThat(r.eventsPerSecond()).isEqualTo(4229.74);
        assertThat(r.bestSecondEventsPerSecond()).isEqualTo(4360.58);
    }

    @Test
    void parse_garbledIntervalReport_namesTheLine() throws Exception {
        String garbled = WorkloadSamples.read("sysbench-cpu-intervals.txt").replace("eps: 4360.58", "eps: lots");
        assertThatThrownBy(() -> SysbenchCpu.parse(garbled))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("[ 2s ] thds: 1 eps: lots")
            .hasMessageContaining("interval report");
    }

    @Test
    void parse_fixedWorkSample_readsTheEventsAskedFor() throws Exception {
        SysbenchCpu.Result r = SysbenchCpu.parse(WorkloadSamples.read("sysbench-cpu-fixed-work.txt"));

        assertThat(r.threads()).isEqualTo(1);
        assertThat(r.totalEvents()).isEqualTo(2000);
        assertThat(r.totalTime()).isEqualTo(Duration.ofNanos(464_200_000));
    }

    @Test
    void parse_truncated_saysWhichLineIsMissingAndWhereTheReportEnds() {
        assertThatThrownBy(() -> SysbenchCpu.parse(WorkloadSamples.read("sysbench-cpu-truncated.txt")))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("sysbench output")
            .hasMessageContaining("no 'total time:' line")
            .hasMessageContaining("line 17 'General statistics:'")
            .hasMessageContaining("cut short");
    }

    @Test
    void parse_garbledNumber_namesTheLine() {
        assertThatThrownBy(() -> SysbenchCpu.parse(WorkloadSamples.read("sysbench-cpu-garbled.txt")))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("line 15 'events per second:  -nan'")
            .hasMessageContaining("a number")
            .satisfies(e -> assertThat(((WorkloadOutputException) e).tool()).isEqualTo("sysbench"));
    }

    @Test
    void parse_empty_saysEmpty() {
        assertThatThrownBy(() -> SysbenchCpu.parse(""))
            .isInstanceOf(WorkloadOutputException.class).hasMessage("sysbench output, output: empty (sysbench printed nothing)");
    }

    @Test
    void parse_memoryReport_saysCpuLineIsMissing() {
        assertThatThrownBy(() -> SysbenchCpu.parse(WorkloadSamples.read("sysbench-memory-seq-read.txt")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("no 'events per second:' line");
    }

    @Test
    void parse_fatal_quotesSysbenchsError() {
        assertThatThrownBy(() -> SysbenchCpu.parse(WorkloadSamples.read("sysbench-memory-fatal.txt")))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("line 3 'FATAL: Invalid value for memory-block-size: 3000K'");
    }

    @Test
    void result_negativeRate_throws() {
        assertThatThrownBy(() -> new SysbenchCpu.Result(-1, 1, Duration.ofSeconds(1), 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events per second");
    }
}
