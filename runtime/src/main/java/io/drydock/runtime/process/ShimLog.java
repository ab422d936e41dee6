package io.drydock.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The JSON lines the shim writes on its log fd, and their translation to a ShimException. */
final class ShimLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One parsed line; fields the shim omits are null (strings) or 0. */
  record Line(String level, String stage, String op, String path, int errno, String msg) {
    ShimException toException() {
      return new ShimException(stage == null ? "unknown" : stage, op == null ? "unknown" : op,
          path == null || path.isEmpty() ? null : path, errno, msg == null ? "" : msg);
    }
  }

  private ShimLog() {}

  /** Parses every line of {@code bytes}; a line that is not JSON is kept as a message. */
  static List<Line> parse(byte[] bytes) {
    List<Line> lines = new ArrayList<>();
    for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(raw);
        lines.add(new Line(text(n, "level"), text(n, "stage"), text(n, "op"), text(n, "path"),
            n.path("errno").asInt(0), text(n, "msg")));
      } catch (IOException e) {
        lines.add(new Line("error", null, "log", null, 0, raw));
      }
    }
    return lines;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** @return the first error line as an exception, or null when there is none */
  static ShimException firstError(byte[] bytes) {
    for (Line l : parse(bytes)) {
      if ("error".equals(l.level())) {
        return l.toException();
      }
    }
    return null;
  }
}
