package io.drydock.platform.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The totals of one iperf3 TCP test, read from the client's JSON report ({@code iperf3 -c HOST -J}):
 * its {@code end.sum_sent} and {@code end.sum_received} sections. Received is what the server got,
 * which is the throughput that counts (sent may include data still in flight when the test ended).
 *
 * @param sentBytes              bytes the client sent
 * @param sentBitsPerSecond      the client's send rate
 * @param receivedBytes          bytes the server received
 * @param receivedBitsPerSecond  the server's receive rate
 * @param seconds                the receiving side's test length
 * @param retransmits            TCP retransmits on the sender, or -1 when iperf3 did not report them
 */
public record Iperf3Result(long sentBytes, double sentBitsPerSecond, long receivedBytes, double receivedBitsPerSecond,
                           double seconds, long retransmits) {
    /** The tool's name in messages. */
    public static final String TOOL = "iperf3";
    // iperf3's JSON is a foreign format: unknown fields are expected (they change between versions).
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates: rates and sizes are finite and not negative, and something was received. */
    public Iperf3Result {
        if (sentBytes < 0 || receivedBytes <= 0 || !(sentBitsPerSecond >= 0) || !(receivedBitsPerSecond > 0)
                || !Double.isFinite(sentBitsPerSecond) || !Double.isFinite(receivedBitsPerSecond)
                || !(seconds > 0) || !Double.isFinite(seconds) || retransmits < -1) {
            throw new IllegalArgumentException("iperf3 result: sent " + sentBytes + " bytes at " + sentBitsPerSecond
                + " bit/s, received " + receivedBytes + " bytes at " + receivedBitsPerSecond + " bit/s in " + seconds
                + " s, retransmits " + retransmits + " (received bytes, rate and seconds must be positive)");
        }
    }

    /** The received throughput in Mbit/s (10^6 bits per second, as iperf3 prints it). */
    public double receivedMbps() {
        return receivedBitsPerSecond / 1e6;
    }

    /**
     * Reads the client's JSON report.
     *
     * @throws NetworkToolOutputException when the text is not JSON (naming the line), when iperf3
     *                                    reported an error (its own words), or when a total is missing
     */
    public static Iperf3Result parse(String json) throws NetworkToolOutputException {
        if (json == null || json.isBlank()) {
            throw new NetworkToolOutputException(TOOL, 0, "empty: iperf3 -J printed no report");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            throw new NetworkToolOutputException(TOOL, line, "not JSON" + quoteLine(json, line) + ": "
                + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NetworkToolOutputException(TOOL, 1, "expected a JSON object (iperf3 -J), got" + quoteLine(json, 1));
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw new NetworkToolOutputException(TOOL, 0, "iperf3 reported an error: " + error.asText());
        }
        JsonNode sent = section(root, "sum_sent");
        JsonNode received = section(root, "sum_received");
        long retransmits = sent.has("retransmits") ? integer(sent, "sum_sent", "retransmits") : -1;
        try {
            return new Iperf3Result(integer(sent, "sum_sent", "bytes"), number(sent, "sum_sent", "bits_per_second"),
                integer(received, "sum_received", "bytes"), number(received, "sum_received", "bits_per_second"),
                number(received, "sum_received", "seconds"), retransmits);
        } catch (IllegalArgumentException e) {
            throw new NetworkToolOutputException(TOOL, 0, e.getMessage(), e);
        }
    }

    private static JsonNode section(JsonNode root, String name) throws NetworkToolOutputException {
        JsonNode end = root.get("end");
        JsonNode s = end == null ? null : end.get(name);
        if (s == null || !s.isObject()) {
            throw new NetworkToolOutputException(TOOL, 0, "no end." + name + " object: not the report of a finished TCP test"
                + " (a UDP test or one that was cut short has none)");
        }
        return s;
    }

    private static double number(JsonNode section, String sectionName, String field) throws NetworkToolOutputException {
        JsonNode v = section.get(field);
        if (v == null || !v.isNumber()) {
            throw new NetworkToolOutputException(TOOL, 0, "end." + sectionName + "." + field + " is "
                + (v == null ? "missing" : v.toString()) + ", expected a number");
        }
        return v.doubleValue();
    }

    private static long integer(JsonNode section, String sectionName, String field) throws NetworkToolOutputException {
        JsonNode v = section.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new NetworkToolOutputException(TOOL, 0, "end." + sectionName + "." + field + " is "
                + (v == null ? "missing" : v.toString()) + ", expected a whole number");
        }
        return v.longValue();
    }

    /** " at line text", shortened, or nothing when there is no such line. */
    static String quoteLine(String text, int line) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        String l = lines[line - 1].strip();
        return " '" + (l.length() > 80 ? l.substring(0, 77) + "..." : l) + "'";
    }
}
