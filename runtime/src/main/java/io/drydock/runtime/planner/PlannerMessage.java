package io.drydock.runtime.planner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One planner message: its tag, payload and the fds that travel with it. Encoding and decoding
 * follow planner.h: a header of three little-endian u32 (version, tag, payload length), then
 * the payload of i32s, strings (length, bytes) and lists (count, items).
 */
public record PlannerMessage(PlannerTag tag, byte[] payload, int[] fds) {
  /** The protocol version both sides speak (PLANNER_VERSION). */
  public static final int VERSION = 1;
  /** PLANNER_HEADER_BYTES. */
  public static final int HEADER_BYTES = 12;
  /** PLANNER_MAX_MESSAGE: the largest message, header included. */
  public static final int MAX_MESSAGE = 65536;
  /** PLANNER_MAX_FDS: stdio and at most 64 preserved fds. */
  public static final int MAX_FDS = 67;

  public PlannerMessage {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(payload, "payload");
    fds = fds == null ? new int[0] : fds;
  }

  /** The whole message as it goes on the wire (header and payload; the fds go beside it). */
  public byte[] encode() {
    byte[] out = new byte[HEADER_BYTES + payload.length];
    putInt(out, 0, VERSION);
    putInt(out, 4, tag.code());
    putInt(out, 8, payload.length);
    System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
    if (out.length > MAX_MESSAGE) {
      throw new PlannerException(tag + " message of " + out.length + " bytes, at most " + MAX_MESSAGE);
    }
    return out;
  }

  /**
   * Decodes one received message.
   *
   * @throws PlannerException when the header is short, of another version, of an unknown tag,
   *     or names another length than arrived
   */
  public static PlannerMessage decode(byte[] bytes, int[] fds) {
    if (bytes.length < HEADER_BYTES) {
      throw new PlannerException("planner message of " + bytes.length + " bytes, shorter than its header");
    }
    int version = getInt(bytes, 0);
    if (version != VERSION) {
      throw new PlannerException("planner protocol version " + version + ", this daemon speaks " + VERSION);
    }
    PlannerTag tag = PlannerTag.of(getInt(bytes, 4));
    if (tag == null) {
      throw new PlannerException("unknown planner message tag " + getInt(bytes, 4));
    }
    int length = getInt(bytes, 8);
    if (length != bytes.length - HEADER_BYTES) {
      throw new PlannerException(tag + " message says " + length + " payload bytes, "
          + (bytes.length - HEADER_BYTES) + " arrived");
    }
    byte[] payload = java.util.Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
    return new PlannerMessage(tag, payload, fds);
  }

  /** A reader over the payload. */
  public Reader reader() {
    return new Reader(tag, payload);
  }

  static void putInt(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static int getInt(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
  }

  /** Builds a payload. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer putInt(int v) {
      byte[] b = new byte[4];
      PlannerMessage.putInt(b, 0, v);
      out.writeBytes(b);
      return this;
    }

    public Writer putString(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      putInt(b.length);
      out.writeBytes(b);
      return this;
    }

    public Writer putStrings(List<String> strings) {
      putInt(strings.size());
      strings.forEach(this::putString);
      return this;
    }

    public byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** Reads a payload; every read past its end, and any byte left over, is a protocol error. */
  public static final class Reader {
    private final PlannerTag tag;
    private final byte[] b;
    private int pos;

    Reader(PlannerTag tag, byte[] payload) {
      this.tag = tag;
      this.b = payload;
    }

    public int getInt() {
      if (b.length - pos < 4) {
        throw new PlannerException(tag + " message ends inside an integer at byte " + pos);
      }
      int v = PlannerMessage.getInt(b, pos);
      pos += 4;
      return v;
    }

    public String getString() {
      int n = getInt();
      if (n < 0 || n > b.length - pos) {
        throw new PlannerException(tag + " message: a string of " + Integer.toUnsignedString(n)
            + " bytes at byte " + (pos - 4) + " runs past its end");
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    public List<String> getStrings() {
      int n = getInt();
      if (n < 0 || n > (b.length - pos) / 4) {
        throw new PlannerException(tag + " message: a list of " + Integer.toUnsignedString(n)
            + " strings cannot fit in what is left");
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(getString());
      }
      return out;
    }

    /** Fails when bytes are left: a message of another shape than expected. */
    public void end() {
      if (pos != b.length) {
        throw new PlannerException(tag + " message has " + (b.length - pos) + " bytes after its last field");
      }
    }
  }
}
