package io.drydock.runtime.container;

import io.drydock.runtime.spec.Hook;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs OCI hooks in the runtime namespace: the hook's path with its args[1..], exactly its env, the
 * container state JSON on stdin, killed at its timeout (runtime-spec config.md, "POSIX-platform
 * Hooks"). Java's ProcessBuilder uses the path as argv[0], so args[0] is not passed separately.
 */
public final class HookRunner {
    /** Hooks without a timeout still may not hang a lifecycle operation forever. */
    static final int DEFAULT_TIMEOUT_SECONDS = 120;

    /**
     * Runs each hook in order; the first failure is thrown naming the hook kind, index and path.
     *
     * @param kind  e.g. "prestart"
     * @param hooks the hooks of that kind
     * @param state the OCI state JSON given on stdin
     */
    public void run(String containerId, String kind, List<Hook> hooks, String state) throws ContainerException {
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            String where = "hooks." + kind + "[" + i + "] (" + h.path() + ")";
            List<String> cmd = new ArrayList<>();
            cmd.add(h.path());
            if (h.args().size() > 1) {
                cmd.addAll(h.args().subList(1, h.args().size()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> env = pb.environment();
            env.clear();
            for (String kv : h.env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            int timeout = h.timeout() == null ? DEFAULT_TIMEOUT_SECONDS : h.timeout();
            try {
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(state.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // A hook may exit without reading its stdin; that is not a failure.
                }
                if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new ContainerException(containerId, kind, where + " timed out after " + timeout + "s");
                }
                if (p.exitValue() != 0) {
                    throw new ContainerException(containerId, kind, where + " exited with " + p.exitValue());
                }
            } catch (IOException e) {
                throw new ContainerException(containerId, kind, where + " cannot run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerException(containerId, kind, where + " interrupted", e);
            }
        }
    }
}
