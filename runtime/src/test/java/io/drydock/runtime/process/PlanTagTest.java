package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Java enums and the shim's C header (the source of truth) agree on every number. */
class PlanTagTest {
  private static final Path HEADER = Path.of("src/main/c/plan.h");
  private static final Pattern ENTRY = Pattern.compile("\\bDD_([A-Z0-9_]+?)\\s*=\\s*(\\d+)");

  private static Map<String, Integer> family(String prefix) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Matcher m = ENTRY.matcher(Files.readString(HEADER));
    while (m.find()) {
      if (m.group(1).startsWith(prefix)) {
        out.put(m.group(1).substring(prefix.length()), Integer.parseInt(m.group(2)));
      }
    }
    return out;
  }

  private static <E extends Enum<E>> Map<String, Integer> java(Class<E> type, ToIntFunction<E> code) {
    return Arrays.stream(type.getEnumConstants())
        .collect(Collectors.toMap(Enum::name, code::applyAsInt, (a, b) -> a, TreeMap::new));
  }

  @Test
  void planTags_equalTheHeadersTags() throws IOException {
    assertThat(family("TAG_")).hasSizeGreaterThan(60);
    assertThat(java(PlanTag.class, PlanTag::code)).isEqualTo(family("TAG_"));
  }

  @Test
  void modes_createTargets_seccompAndSync_equalTheHeader() throws IOException {
    assertThat(java(InitPlan.Mode.class, InitPlan.Mode::code)).isEqualTo(family("MODE_"));
    assertThat(java(InitPlan.CreateTarget.class, InitPlan.CreateTarget::code))
        .isEqualTo(family("CREATE_"));
    assertThat(java(InitPlan.SeccompAction.class, InitPlan.SeccompAction::code))
        .isEqualTo(family("SCMP_ACT_"));
    assertThat(java(InitPlan.SeccompOp.class, InitPlan.SeccompOp::code))
        .isEqualTo(family("SCMP_CMP_"));
    assertThat(java(SyncMessage.class, SyncMessage::code)).isEqualTo(family("SYNC_"));
    assertThat(java(InitPlan.HookKind.class, InitPlan.HookKind::code)).isEqualTo(family("HOOK_"));
  }

  @Test
  void magicAndVersion_equalTheHeader() throws IOException {
    String header = Files.readString(HEADER);
    Matcher magic = Pattern.compile("#define DD_PLAN_MAGIC 0x([0-9a-fA-F]+)u").matcher(header);
    Matcher version = Pattern.compile("#define DD_PLAN_VERSION (\\d+)u").matcher(header);
    assertThat(magic.find()).isTrue();
    assertThat(version.find()).isTrue();
    assertThat(Integer.parseUnsignedInt(magic.group(1), 16)).isEqualTo(PlanEncoder.MAGIC);
    assertThat(Integer.parseInt(version.group(1))).isEqualTo(InitPlan.VERSION);
  }

  @Test
  void tags_areUniqueAndFitInSixteenBits() {
    assertThat(Arrays.stream(PlanTag.values()).map(PlanTag::code).distinct().count())
        .isEqualTo(PlanTag.values().length);
    assertThat(PlanTag.values()).allMatch(t -> t.code() > 0 && t.code() < 65536);
  }
}
