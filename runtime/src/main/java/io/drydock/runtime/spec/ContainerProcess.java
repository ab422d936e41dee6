package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code process} object: what runs in the container.
 *
 * @param terminal        attach a pseudo-terminal
 * @param consoleSize     the terminal size
 * @param user            the user the process runs as
 * @param args            argv, required and non-empty; {@code args[0]} is looked up in the container's PATH
 * @param env             environment as {@code KEY=value}
 * @param cwd             absolute working directory in the container; required
 * @param capabilities    the capability sets
 * @param rlimits         resource limits, at most one per type
 * @param noNewPrivileges set {@code PR_SET_NO_NEW_PRIVS}
 * @param oomScoreAdj     value for {@code /proc/self/oom_score_adj}
 * @param apparmorProfile AppArmor profile (drydock does not apply it)
 * @param selinuxLabel    SELinux label (drydock does not apply it)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerProcess(
        Boolean terminal,
        ConsoleSize consoleSize,
        User user,
        List<String> args,
        List<String> env,
        String cwd,
        CapabilitySets capabilities,
        List<Rlimit> rlimits,
        Boolean noNewPrivileges,
        Integer oomScoreAdj,
        String apparmorProfile,
        String selinuxLabel) {

    public ContainerProcess {
        args = Copies.list("args", args);
        env = Copies.list("env", env);
        rlimits = Copies.list("rlimits", rlimits);
    }

    /** {@code terminal}, false when absent. */
    public boolean isTerminal() {
        return Boolean.TRUE.equals(terminal);
    }

    /** {@code noNewPrivileges}, false when absent. */
    public boolean isNoNewPrivileges() {
        return Boolean.TRUE.equals(noNewPrivileges);
    }

    /** A copy with other args. */
    public ContainerProcess withArgs(List<String> newArgs) {
        return new ContainerProcess(terminal, consoleSize, user, newArgs, env, cwd, capabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with another working directory. */
    public ContainerProcess withCwd(String newCwd) {
        return new ContainerProcess(terminal, consoleSize, user, args, env, newCwd, capabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with or without a terminal. */
    public ContainerProcess withTerminal(boolean newTerminal) {
        return new ContainerProcess(newTerminal, consoleSize, user, args, env, cwd, capabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with other capability sets. */
    public ContainerProcess withCapabilities(CapabilitySets newCapabilities) {
        return new ContainerProcess(terminal, consoleSize, user, args, env, cwd, newCapabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with other rlimits. */
    public ContainerProcess withRlimits(List<Rlimit> newRlimits) {
        return new ContainerProcess(terminal, consoleSize, user, args, env, cwd, capabilities, newRlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with another user. */
    public ContainerProcess withUser(User newUser) {
        return new ContainerProcess(terminal, consoleSize, newUser, args, env, cwd, capabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }

    /** A copy with another environment. */
    public ContainerProcess withEnv(List<String> newEnv) {
        return new ContainerProcess(terminal, consoleSize, user, args, newEnv, cwd, capabilities, rlimits,
            noNewPrivileges, oomScoreAdj, apparmorProfile, selinuxLabel);
    }
}
