package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * {@code linux.seccomp}. Names are libseccomp's, see {@link io.drydock.runtime.security.SeccompAction},
 * {@link io.drydock.runtime.security.SeccompOperator}, {@link io.drydock.runtime.security.SeccompArch}.
 *
 * @param defaultAction    action for unmatched syscalls; required
 * @param defaultErrnoRet  errno for an errno-returning default action (EPERM when absent)
 * @param architectures    architectures the filter covers besides the native one
 * @param flags            {@code SECCOMP_FILTER_FLAG_*} names
 * @param listenerPath     unix socket for {@code SCMP_ACT_NOTIFY}
 * @param listenerMetadata opaque data sent to the listener
 * @param syscalls         rules, in order
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Seccomp(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<Syscall> syscalls) {

    public Seccomp {
        architectures = Copies.list("architectures", architectures);
        flags = Copies.list("flags", flags);
        syscalls = Copies.list("syscalls", syscalls);
    }

    /**
     * One rule: the action for the named syscalls when all argument conditions hold.
     *
     * @param names    syscall names, at least one
     * @param action   the action; required
     * @param errnoRet errno for an errno-returning action
     * @param args     argument conditions
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = Copies.list("names", names);
            args = Copies.list("args", args);
        }
    }

    /**
     * A condition on one syscall argument. {@code value}/{@code valueTwo} are {@code uint64} held
     * as unsigned {@code long} bit patterns.
     *
     * @param index    argument index 0..5; required
     * @param value    compared value; required
     * @param valueTwo second value (the mask's operand for {@code SCMP_CMP_MASKED_EQ})
     * @param op       operator; required
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arg(
            Integer index,
            @JsonSerialize(using = Uint64Json.Serializer.class)
            @JsonDeserialize(using = Uint64Json.Deserializer.class)
            Long value,
            @JsonSerialize(using = Uint64Json.Serializer.class)
            @JsonDeserialize(using = Uint64Json.Deserializer.class)
            Long valueTwo,
            String op) {
    }
}
