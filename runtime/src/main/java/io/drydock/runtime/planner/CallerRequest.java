package io.drydock.runtime.planner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a front end asks for: the command line (without argv[0]), the caller's working directory
 * and DRYDOCK_* environment, and the caller's fds 0, 1, 2 (and the --preserve-fds ones after
 * them), which now are the daemon's own copies.
 */
public record CallerRequest(List<String> args, Path cwd, Map<String, String> env, int[] fds) {
  public CallerRequest {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /**
   * Decodes a REQUEST.
   *
   * @throws PlannerException when it is another message, has a relative cwd, an environment
   *     entry without '=', or fewer than three fds
   */
  public static CallerRequest decode(PlannerMessage m) {
    if (m.tag() != PlannerTag.REQUEST) {
      throw new PlannerException("expected a REQUEST message first, got " + m.tag());
    }
    PlannerMessage.Reader r = m.reader();
    List<String> args = r.getStrings();
    String cwd = r.getString();
    List<String> envList = r.getStrings();
    r.end();
    if (!cwd.startsWith("/")) {
      throw new PlannerException("REQUEST message: working directory '" + cwd + "' is not absolute");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : envList) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new PlannerException("REQUEST message: environment entry '" + e + "' has no NAME=");
      }
      env.put(e.substring(0, eq), e.substring(eq + 1));
    }
    if (m.fds().length < 3) {
      throw new PlannerException("REQUEST message carries " + m.fds().length + " fds, needs stdin, stdout and stderr");
    }
    return new CallerRequest(args, Path.of(cwd), env, m.fds());
  }

  /** Encodes this request as the front end does (for tests and Java clients); fds go beside it. */
  public PlannerMessage encode() {
    List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    byte[] payload = new PlannerMessage.Writer().putStrings(args).putString(cwd.toString()).putStrings(envList)
        .toBytes();
    return new PlannerMessage(PlannerTag.REQUEST, payload, fds);
  }
}
