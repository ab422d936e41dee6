package io.drydock.runtime.image.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A token server's answer (distribution's token authentication): {@code token} or {@code access_token}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenJson(String token, @JsonProperty("access_token") String accessToken) {
}
