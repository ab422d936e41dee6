package io.drydock.runtime.image.build;

import io.drydock.runtime.image.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build.
 *
 * @param context       the build context directory: COPY and ADD sources are relative to it
 * @param containerfile the Containerfile (often {@code context/Containerfile})
 * @param tags          names the built image gets, possibly none
 * @param buildArgs     {@code --build-arg} values, by ARG name
 * @param noCache       run every step even if the cache has it
 */
public record BuildRequest(Path context, Path containerfile, List<ImageReference> tags, Map<String, String> buildArgs,
                           boolean noCache) {
    /** Validates and copies. */
    public BuildRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(containerfile, "containerfile");
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
    }
}
