package io.drydock.runtime.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The training run behind {@code bin/drydock-aot-train}: the runc commands containerd calls,
 * one after another in one JVM, so that the AOT cache recorded from it holds what each of them
 * loads and links ({@code run}, then {@code create}, {@code state}, {@code start}, {@code list},
 * {@code delete}).
 */
public final class AotTraining {
    private AotTraining() {}

    /**
     * Runs the commands on a prepared bundle.
     *
     * @param args state root, bundle directory (its config.json runs a short-lived process), and a
     *     container id prefix
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: AotTraining ROOT BUNDLE ID-PREFIX");
            System.exit(RuncCommand.USAGE);
        }
        String root = args[0];
        String bundle = args[1];
        String id = args[2];
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        PrintWriter err = new PrintWriter(System.err, true);
        List<List<String>> steps = List.of(
            List.of("run", "--bundle", bundle, id + "-run"),
            List.of("create", "--bundle", bundle, id),
            List.of("state", id),
            List.of("start", id),
            List.of("list", "--format", "json"),
            List.of("delete", "--force", id));
        for (List<String> step : steps) {
            String[] argv = new String[step.size() + 2];
            argv[0] = "--root";
            argv[1] = root;
            for (int i = 0; i < step.size(); i++) {
                argv[i + 2] = step.get(i);
            }
            int rc = RuncCommand.execute("drydock-runc", argv, quiet, err);
            if (rc != 0) {
                err.println("drydock-aot-train: step '" + String.join(" ", step) + "' exited " + rc);
                System.exit(rc);
            }
        }
        System.exit(0);
    }
}
