package io.drydock.runtime.container;

import io.drydock.runtime.sys.Syscalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, the signals this JVM receives go to one process instead ({@code kill(2)}), as runc
 * passes them to the container's process while {@code run} or {@code exec} waits for it in the
 * foreground; closing puts the JVM's own handling back. The signals are those drydock-runc's native
 * front end passes on (all below 32 but faults, SIGCHLD, SIGKILL and SIGSTOP), less those the JVM
 * keeps for itself (SIGQUIT for thread dumps, SIGPIPE and others it refuses to hand over).
 */
final class SignalRelay implements AutoCloseable {
    static final List<String> SIGNALS = List.of("HUP", "INT", "QUIT", "USR1", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
        "CONT", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR");

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalRelay() {}

    /** Passes this JVM's signals to {@code pid} until closed. */
    static SignalRelay to(Syscalls sys, int pid) {
        SignalRelay r = new SignalRelay();
        SignalHandler pass = s -> {
            try {
                sys.kill(pid, s.getNumber());
            } catch (RuntimeException gone) {
                // The process has exited: the wait is about to return.
            }
        };
        for (String name : SIGNALS) {
            try {
                Signal s = new Signal(name);
                r.previous.put(s, Signal.handle(s, pass));
            } catch (IllegalArgumentException keptByTheJvm) {
                // Not a signal here, or one the JVM uses itself: it stays the JVM's.
            }
        }
        return r;
    }

    /** The signals this relay passes on. */
    List<String> relayed() {
        return previous.keySet().stream().map(Signal::getName).toList();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
