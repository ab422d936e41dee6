package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.image.DiskUsage;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drydock df}: bytes shared by layers and bytes private to each container. */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show disk use: image blobs, unpacked layers shared by containers, each container's own changes.")
public final class DfCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "One line per container.")
    boolean verbose;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            DiskUsage u = e.diskUsage();
            System.out.printf("%-28s  %12s%n", "TYPE", "SIZE");
            System.out.printf("%-28s  %12s%n", "Image blobs", human(u.blobBytes()));
            System.out.printf("%-28s  %12s%n", "Layers (shared)", human(u.sharedLayerBytes()));
            System.out.printf("%-28s  %12s%n", "Containers (private)", human(u.privateBytes()));
            if (verbose) {
                Map<String, String> names = new java.util.HashMap<>();
                for (EngineContainer c : e.list(true)) {
                    names.put(c.id(), c.name());
                }
                System.out.println();
                System.out.printf("%-12s  %-24s  %12s%n", "CONTAINER ID", "NAME", "PRIVATE");
                for (Map.Entry<String, Long> s : u.upperBytesBySnapshot().entrySet()) {
                    System.out.printf("%-12s  %-24s  %12s%n", s.getKey().substring(0, Math.min(12, s.getKey().length())),
                            names.getOrDefault(s.getKey(), ""), human(s.getValue()));
                }
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double v = bytes;
        String[] units = {"kB", "MB", "GB", "TB"};
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[i]);
    }
}
