package io.drydock.runtime.process;

/**
 * Messages on the sync socket between Java and the shim ({@code struct dd_sync} of
 * {@code src/main/c/plan.h}: a u32 type and an i32 value, little-endian).
 */
public enum SyncMessage {
  /** shim to Java: the child's host pid is the value. */
  CHILD_PID(1),
  /** Java to shim: id maps and cgroup are in place; go on. */
  GO(2),
  /** shim to Java (CREATE): set up, about to block on the exec fifo. */
  READY(3),
  /** shim to Java: the child's host pid is the value, and it was born in the plan's cgroup
   * (clone3 with CLONE_INTO_CGROUP). */
  CHILD_PID_IN_CGROUP(4);

  /** The size of one message in bytes. */
  public static final int SIZE = 8;

  private final int code;

  SyncMessage(int code) {
    this.code = code;
  }

  /** @return the message type's number */
  public int code() {
    return code;
  }

  /** @return the message type with {@code code}, or null */
  public static SyncMessage of(int code) {
    for (SyncMessage m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    return null;
  }
}
