package io.drydock.runtime.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The planner protocol's Java side agrees with planner.h (the source of truth) and decodes strictly. */
class PlannerProtocolTest {
  private static final Path HEADER = Path.of("src/main/c/frontend/planner.h");
  private static final Pattern DEFINE = Pattern.compile("#define PLANNER_([A-Z_]+) (\\d+)");

  private static Map<String, Integer> header() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Matcher m = DEFINE.matcher(Files.readString(HEADER));
    while (m.find()) {
      out.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return out;
  }

  @Test
  void tagsAndLimits_equalTheHeaders() throws IOException {
    Map<String, Integer> h = header();
    Map<String, Integer> tags = Arrays.stream(PlannerTag.values())
        .collect(Collectors.toMap(Enum::name, PlannerTag::code, (a, b) -> a, TreeMap::new));
    Map<String, Integer> headerTags = new TreeMap<>(h);
    headerTags.keySet().removeAll(List.of("VERSION", "HEADER_BYTES", "MAX_MESSAGE", "MAX_FDS"));
    assertThat(tags).isEqualTo(headerTags).hasSize(7);
    assertThat(h).containsEntry("VERSION", PlannerMessage.VERSION)
        .containsEntry("HEADER_BYTES", PlannerMessage.HEADER_BYTES)
        .containsEntry("MAX_MESSAGE", PlannerMessage.MAX_MESSAGE)
        .containsEntry("MAX_FDS", PlannerMessage.MAX_FDS);
  }

  @Test
  void request_encodeThenDecode_keepsArgsCwdEnvAndFds() {
    CallerRequest req = new CallerRequest(List.of("--root", "/r", "run", "--bundle", "b", "ü-id"), Path.of("/work"),
        Map.of("DRYDOCK_DEBUG", "1", "DRYDOCK_X", "a=b"), new int[] {7, 8, 9, 10});
    PlannerMessage m = req.encode();
    byte[] wire = m.encode();
    assertThat(wire).startsWith(1, 0, 0, 0, 1, 0, 0, 0);
    CallerRequest back = CallerRequest.decode(PlannerMessage.decode(wire, new int[] {7, 8, 9, 10}));
    assertThat(back.args()).isEqualTo(req.args());
    assertThat(back.cwd()).isEqualTo(Path.of("/work"));
    assertThat(back.env()).isEqualTo(req.env());
    assertThat(back.fds()).containsExactly(7, 8, 9, 10);
  }

  @Test
  void decode_anotherVersion_failsNamingBoth() {
    byte[] wire = new PlannerMessage(PlannerTag.EXIT, new byte[4], null).encode();
    wire[0] = 2;
    assertThatThrownBy(() -> PlannerMessage.decode(wire, null))
        .isInstanceOf(PlannerException.class).hasMessage("planner protocol version 2, this daemon speaks 1");
  }

  @Test
  void decode_lengthThatDisagrees_orUnknownTag_orShortHeader_fails() {
    byte[] wire = new PlannerMessage(PlannerTag.RESULT, new byte[8], null).encode();
    byte[] longer = Arrays.copyOf(wire, wire.length + 1);
    assertThatThrownBy(() -> PlannerMessage.decode(longer, null))
        .hasMessage("RESULT message says 8 payload bytes, 9 arrived");
    byte[] unknown = wire.clone();
    unknown[4] = 99;
    assertThatThrownBy(() -> PlannerMessage.decode(unknown, null)).hasMessage("unknown planner message tag 99");
    assertThatThrownBy(() -> PlannerMessage.decode(new byte[5], null))
        .hasMessage("planner message of 5 bytes, shorter than its header");
  }

  @Test
  void reader_stringPastTheEnd_orBytesLeftOver_fails() {
    byte[] huge = new PlannerMessage.Writer().putInt(1).putInt(1000).toBytes();
    PlannerMessage.Reader r = new PlannerMessage(PlannerTag.REQUEST, huge, null).reader();
    assertThatThrownBy(r::getStrings).hasMessageContaining("a string of 1000 bytes at byte 4 runs past its end");
    PlannerMessage.Reader extra = new PlannerMessage(PlannerTag.EXIT, new byte[5], null).reader();
    extra.getInt();
    assertThatThrownBy(extra::end).hasMessage("EXIT message has 1 bytes after its last field");
  }

  @Test
  void request_relativeCwd_missingStdio_orBadEnv_fail() {
    PlannerMessage relative = new PlannerMessage(PlannerTag.REQUEST,
        new PlannerMessage.Writer().putStrings(List.of("state", "x")).putString("work").putStrings(List.of()).toBytes(),
        new int[] {3, 4, 5});
    assertThatThrownBy(() -> CallerRequest.decode(relative)).hasMessageContaining("'work' is not absolute");
    PlannerMessage noStdio = new CallerRequest(List.of("list"), Path.of("/"), Map.of(), new int[] {3}).encode();
    assertThatThrownBy(() -> CallerRequest.decode(noStdio)).hasMessageContaining("carries 1 fds");
    PlannerMessage badEnv = new PlannerMessage(PlannerTag.REQUEST,
        new PlannerMessage.Writer().putStrings(List.of()).putString("/").putStrings(List.of("NOEQUALS")).toBytes(),
        new int[] {3, 4, 5});
    assertThatThrownBy(() -> CallerRequest.decode(badEnv)).hasMessageContaining("'NOEQUALS' has no NAME=");
    PlannerMessage notRequest = new PlannerMessage(PlannerTag.RESULT, new byte[8], new int[] {3, 4, 5});
    assertThatThrownBy(() -> CallerRequest.decode(notRequest)).hasMessage("expected a REQUEST message first, got RESULT");
  }
}
