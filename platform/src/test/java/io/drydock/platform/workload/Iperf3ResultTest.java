package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Iperf3ResultTest {
    /** Captured from Debian 12's iperf3 3.12: {@code iperf3 -c 127.0.0.1 -p P -t 1 -J} against {@code iperf3 -s} on loopback. */
    static String capture(String name) throws IOException {
        try (InputStream in = Iperf3ResultTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_loopbackReport_readsTheSentAndReceivedTotals() throws Exception {
        Iperf3Result r = Iperf3Result.parse(capture("iperf3-3.12-loopback.json"));

        assertThat(r.receivedBytes()).isEqualTo(2880962560L);
        assertThat(r.receivedBitsPerSecond()).isEqualTo(23038024509.705921);
        assertThat(r.sentBitsPerSecond()).isEqualTo(23039106893.128864);
        assertThat(r.sentBytes()).isEqualTo(2880962560L);
        assertThat(r.seconds()).isEqualTo(1.00042);
        assertThat(r.retransmits()).isZero();
        assertThat(r.receivedMbps()).isCloseTo(23038.02, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void parse_refusedConnection_failsWithIperf3sOwnError() throws Exception {
        String json = capture("iperf3-3.12-refused.json");

        assertThatThrownBy(() -> Iperf3Result.parse(json))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("iperf3 output: iperf3 reported an error: unable to connect to server: Connection refused");
    }

    @Test
    void parse_truncatedJson_namesTheToolAndTheLine() throws Exception {
        String full = capture("iperf3-3.12-loopback.json");
        String cut = full.substring(0, full.indexOf("\"end\":"));
        int lines = cut.split("\n", -1).length;

        assertThatThrownBy(() -> Iperf3Result.parse(cut))
            .isInstanceOfSatisfying(NetworkToolOutputException.class, e -> {
                assertThat(e.tool()).isEqualTo("iperf3");
                assertThat(e.line()).isBetween(lines - 1, lines);
            })
            .hasMessageStartingWith("iperf3 output, line ")
            .hasMessageContaining("not JSON");
    }

    @Test
    void parse_textInsteadOfJson_quotesTheLine() {
        String text = "Connecting to host 127.0.0.1, port 5201\n[  5] local 127.0.0.1 port 4 connected\n";

        assertThatThrownBy(() -> Iperf3Result.parse(text))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("iperf3 output, line 1: not JSON 'Connecting to host 127.0.0.1, port 5201'");
    }

    @Test
    void parse_empty_saysNoReport() {
        assertThatThrownBy(() -> Iperf3Result.parse("  \n"))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("iperf3 output: empty: iperf3 -J printed no report");
    }

    @Test
    void parse_reportWithoutReceivedSum_namesTheMissingSection() throws Exception {
        String json = capture("iperf3-3.12-loopback.json").replace("\"sum_received\"", "\"sum_other\"");

        assertThatThrownBy(() -> Iperf3Result.parse(json))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("iperf3 output: no end.sum_received object");
    }

    @Test
    void parse_rateThatIsNotANumber_namesTheField() throws Exception {
        String json = capture("iperf3-3.12-loopback.json").replace("23038024509.705921", "\"fast\"");

        assertThatThrownBy(() -> Iperf3Result.parse(json))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessage("iperf3 output: end.sum_received.bits_per_second is \"fast\", expected a number");
    }

    @Test
    void parse_nothingReceived_isRefused() throws Exception {
        String json = capture("iperf3-3.12-loopback.json").replace("23038024509.705921", "0");

        assertThatThrownBy(() -> Iperf3Result.parse(json))
            .isInstanceOf(NetworkToolOutputException.class)
            .hasMessageStartingWith("iperf3 output: iperf3 result: ")
            .hasMessageContaining("must be positive");
    }
}
