package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An image manifest (image-spec {@code manifest.md}); also reads Docker's schema 2 manifest,
 * which has the same shape.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ManifestJson(
        @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        String mediaType,
        String artifactType,
        DescriptorJson config,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<DescriptorJson> layers,
        DescriptorJson subject,
        Map<String, String> annotations) {
}
