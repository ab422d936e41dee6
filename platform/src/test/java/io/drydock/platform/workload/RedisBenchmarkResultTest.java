package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisBenchmarkResultTest {
    /**
     * Captured from Debian 12's redis-benchmark 7.0.15: {@code redis-benchmark -h 127.0.0.1 -p P -t get,set -n 2000 --csv}
     * against {@code redis-server --protected-mode no --save ''} on loopback.
     */
    private static String capture() throws Exception {
        return Iperf3ResultTest.capture("redis-benchmark-7.0-get-set.csv");
    }

    @Test
    void parse_getSetRun_readsRequestsPerSecondAndLatencies() throws Exception {
        RedisBenchmarkResult r = RedisBenchmarkResult.parse(capture());

        assertThat(r.tests()).extracting(RedisBenchmarkResult.Test::name).containsExactly("SET", "GET");
        assertThat(r.requestsPerSecond("set")).isEqualTo(58823.53);
        assertThat(r.requestsPerSecond("GET")).isEqualTo(66666.67);
        assertThat(r.test("GET").orElseThrow().averageLatencyMs()).isEqualTo(0.404);
        assertThat(r.test("SET").orElseThrow().p99LatencyMs()).isEqualTo(1.191);
    }

    @Test
    void parse_onlyTestAndRpsColumns_leavesLatenciesUnknown() throws Exception {
        RedisBenchmarkResult r = RedisBenchmarkResult.parse("\"test\",\"rps\"\n\"PING_INLINE\",\"1234.5\"\n");

        assertThat(r.requestsPerSecond("ping_inline")).isEqualTo(1234.5);
        assertThat(r.tests().getFirst().averageLatencyMs()).isNaN();
    }

    @Test
    void requestsPerSecond_testNotRun_namesTheTestsThatRan() throws Exception {
        RedisBenchmarkResult r = RedisBenchmarkResult.parse(capture());

        assertThatThrownBy(() -> r.requestsPerSecond("LPUSH"))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("redis-benchmark output: no LPUSH test among [SET, GET]");
    }

    @Test
    void parse_empty_pointsAtStandardError() {
        assertThatThrownBy(() -> RedisBenchmarkResult.parse(""))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output: empty: redis-benchmark --csv printed nothing");
    }

    @Test
    void parse_errorTextInsteadOfCsv_namesTheLine() {
        assertThatThrownBy(() -> RedisBenchmarkResult.parse("Could not connect to Redis at 127.0.0.1:6379: Connection refused\n"))
            .isInstanceOfSatisfying(NetworkToolOutputException.class, e -> assertThat(e.line()).isEqualTo(1))
            .hasMessage("redis-benchmark output, line 1: expected a double-quoted field at column 1:"
                + " 'Could not connect to Redis at 127.0.0.1:6379: Connection refused'");
    }

    @Test
    void parse_humanReadableReport_isNotTakenForCsv() {
        String text = "====== SET ======\n  2000 requests completed in 0.03 seconds\n";

        assertThatThrownBy(() -> RedisBenchmarkResult.parse(text))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output, line 1: ");
    }

    @Test
    void parse_rateThatIsNotANumber_namesLineAndColumn() throws Exception {
        String csv = capture().replace("\"66666.67\"", "\"lots\"");

        assertThatThrownBy(() -> RedisBenchmarkResult.parse(csv))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output, line 3: rps 'lots' is not a number: '\"GET\",\"lots\",");
    }

    @Test
    void parse_lineWithAFieldMissing_namesTheLine() throws Exception {
        String csv = capture().replace("\"SET\",\"58823.53\",", "\"SET\",");

        assertThatThrownBy(() -> RedisBenchmarkResult.parse(csv))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output, line 2: has 7 fields, the header 8: ");
    }

    @Test
    void parse_unclosedQuote_namesTheLine() throws Exception {
        String csv = capture().replace("\"2.015\"", "\"2.015");

        assertThatThrownBy(() -> RedisBenchmarkResult.parse(csv))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output, line 3: a quoted field is not closed: ");
    }

    @Test
    void parse_headerOnly_saysNoTest() {
        assertThatThrownBy(() -> RedisBenchmarkResult.parse("\"test\",\"rps\",\"avg_latency_ms\"\n"))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("redis-benchmark output: a CSV header but no test line");
    }

    @Test
    void parse_zeroRequestsPerSecond_isRefused() {
        assertThatThrownBy(() -> RedisBenchmarkResult.parse("\"test\",\"rps\"\n\"GET\",\"0.00\"\n"))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("redis-benchmark output, line 2: redis-benchmark test GET: requests per second 0.0 must be positive");
    }

    @Test
    void parse_sameTestTwice_isRefused() {
        assertThatThrownBy(() -> RedisBenchmarkResult.parse("\"test\",\"rps\"\n\"GET\",\"1\"\n\"GET\",\"2\"\n"))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("redis-benchmark output: redis-benchmark result: test GET appears twice");
    }
}
