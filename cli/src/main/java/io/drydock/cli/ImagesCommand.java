package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drydock images}: the local images. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List local images.")
public final class ImagesCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            System.out.printf("%-40s  %-12s  %-12s  %-16s  %s%n", "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            for (Image i : e.images().list()) {
                String created = i.config().created() == null ? "" : ago(i.config().created());
                String id = i.id().hex().substring(0, 12);
                if (i.names().isEmpty()) {
                    System.out.printf("%-40s  %-12s  %-12s  %-16s  %s%n", "<none>", "<none>", id, created,
                            DfCommand.human(i.layersSize()));
                }
                for (ImageReference r : i.names()) {
                    String familiar = r.familiar();
                    String repo = r.tag() == null ? familiar : familiar.substring(0, familiar.length() - r.tag().length() - 1);
                    System.out.printf("%-40s  %-12s  %-12s  %-16s  %s%n", repo, r.tag() == null ? "<none>" : r.tag(), id,
                            created, DfCommand.human(i.layersSize()));
                }
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }

    private static String ago(Instant t) {
        Duration d = Duration.between(t, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + " days ago";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " hours ago";
        }
        return Math.max(0, d.toMinutes()) + " minutes ago";
    }
}
