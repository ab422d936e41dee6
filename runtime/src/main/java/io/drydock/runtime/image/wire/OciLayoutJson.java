package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The {@code oci-layout} marker file of an image layout. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciLayoutJson(String imageLayoutVersion) {
}
