package io.drydock.runtime.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test-side reader of the plan's tag/length/value records. */
record PlanRecords(List<Entry> entries) {

  record Entry(int tag, byte[] value) {
    int u32() {
      return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    long u64() {
      return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    String str() {
      return new String(value, StandardCharsets.UTF_8);
    }

    PlanRecords nested() {
      return parse(value, 0);
    }
  }

  /** Parses records from {@code offset} to the end. */
  static PlanRecords parse(byte[] bytes, int offset) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(offset);
    List<Entry> out = new ArrayList<>();
    while (b.hasRemaining()) {
      int tag = Short.toUnsignedInt(b.getShort());
      int len = b.getInt();
      byte[] v = new byte[len];
      b.get(v);
      out.add(new Entry(tag, v));
    }
    return new PlanRecords(out);
  }

  List<Entry> all(PlanTag tag) {
    return entries.stream().filter(e -> e.tag() == tag.code()).toList();
  }

  Entry one(PlanTag tag) {
    List<Entry> found = all(tag);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + tag + ", found " + found.size());
    }
    return found.get(0);
  }
}
