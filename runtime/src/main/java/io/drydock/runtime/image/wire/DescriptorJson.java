package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor (image-spec {@code descriptor.md}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DescriptorJson(
        String mediaType,
        String digest,
        @JsonInclude(JsonInclude.Include.ALWAYS) long size,
        List<String> urls,
        Map<String, String> annotations,
        String data,
        PlatformJson platform,
        String artifactType) {
}
