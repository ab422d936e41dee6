package io.drydock.daemon;

import io.drydock.daemon.wire.ExecConfigJson;
import java.util.List;

/**
 * {@code POST /containers/{id}/exec} to what the engine's exec runs: the command, with the
 * environment entries, user and working directory it overrides. What the engine cannot do (a
 * TTY) and what is malformed is refused with a 400 naming the field.
 */
final class ExecTranslator {
    private ExecTranslator() {
    }

    /**
     * What one exec runs.
     *
     * @param cmd        the command
     * @param env        {@code KEY=VALUE} entries added to (and overriding) the container's
     * @param user       {@code user[:group]} (names or ids), or {@code null} for the container's
     * @param workingDir an absolute path, or {@code null} for the container's
     */
    record ExecSpec(List<String> cmd, List<String> env, String user, String workingDir) {
        ExecSpec {
            cmd = List.copyOf(cmd);
            env = List.copyOf(env);
        }
    }

    static ExecSpec toExec(ExecConfigJson body) throws ApiException {
        if (body == null || body.cmd() == null || body.cmd().isEmpty()) {
            throw ApiException.badRequest("exec: Cmd is required");
        }
        if (Boolean.TRUE.equals(body.tty())) {
            throw ApiException.badRequest("exec: Tty: drydock runs processes without a terminal (drop -t)");
        }
        List<String> env = body.env() == null ? List.of() : body.env();
        for (String e : env) {
            if (e == null || e.indexOf('=') <= 0) {
                throw ApiException.badRequest("exec: Env: '" + e + "' is not KEY=VALUE");
            }
        }
        String user = emptyToNull(body.user());
        if (user != null && (user.startsWith(":") || user.endsWith(":") || user.chars().filter(ch -> ch == ':').count() > 1)) {
            throw ApiException.badRequest("exec: User: '" + user + "' is not user[:group]");
        }
        String workingDir = emptyToNull(body.workingDir());
        if (workingDir != null && !workingDir.startsWith("/")) {
            throw ApiException.badRequest("exec: WorkingDir: '" + workingDir + "' is not an absolute path");
        }
        return new ExecSpec(body.cmd(), env, user, workingDir);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
