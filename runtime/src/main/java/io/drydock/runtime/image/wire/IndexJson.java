package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An image index (image-spec {@code image-index.md}); {@code index.json} of a layout is one. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IndexJson(
        @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        String mediaType,
        String artifactType,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<DescriptorJson> manifests,
        DescriptorJson subject,
        Map<String, String> annotations) {
}
