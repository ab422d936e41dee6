package io.drydock.runtime.planner;

/**
 * The kinds of planner message; the numbers are those of {@code src/main/c/frontend/planner.h},
 * the source of truth (PlannerProtocolTest checks that they agree).
 */
public enum PlannerTag {
  /** front end to daemon: the command line, cwd, DRYDOCK_* environment, stdio fds */
  REQUEST(1),
  /** front end to daemon: the answer to SPAWN, WAIT or SUBREAPER */
  RESULT(2),
  /** daemon to front end: fork and exec with these fds mapped */
  SPAWN(16),
  /** daemon to front end: waitpid(2) for a descendant */
  WAIT(17),
  /** daemon to front end: become a child subreaper */
  SUBREAPER(18),
  /** daemon to front end: exit with this code */
  EXIT(19),
  /** daemon to front end: run the command in your own JVM instead */
  FALLBACK(20);

  private final int code;

  PlannerTag(int code) {
    this.code = code;
  }

  /** The number on the wire. */
  public int code() {
    return code;
  }

  /** The tag numbered {@code code}, or null. */
  public static PlannerTag of(int code) {
    for (PlannerTag t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
