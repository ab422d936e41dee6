package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One {@code setrlimit(2)} limit. {@code soft} and {@code hard} are {@code uint64}, held as the
 * unsigned bit pattern of a {@code long}: RLIM_INFINITY (2^64-1) is {@code -1L}; compare with
 * {@link Long#compareUnsigned}.
 *
 * @param type {@code RLIMIT_*} name, see {@link RlimitType}; required
 * @param soft soft limit; required
 * @param hard hard limit; required
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rlimit(
        String type,
        @JsonSerialize(using = Uint64Json.Serializer.class)
        @JsonDeserialize(using = Uint64Json.Deserializer.class)
        Long soft,
        @JsonSerialize(using = Uint64Json.Serializer.class)
        @JsonDeserialize(using = Uint64Json.Deserializer.class)
        Long hard) {

    /** A limit from plain values. */
    public static Rlimit of(RlimitType type, long soft, long hard) {
        return new Rlimit(type.name(), soft, hard);
    }
}
