package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Terminal size in characters.
 *
 * @param height rows; required
 * @param width  columns; required
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsoleSize(Long height, Long width) {
}
