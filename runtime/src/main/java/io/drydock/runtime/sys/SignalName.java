package io.drydock.runtime.sys;

import java.util.Locale;
import java.util.Map;

/** Signal names and numbers as kill(1), runc and docker accept them: "KILL", "SIGKILL", "9" (x86_64 numbering, signal(7)). */
public final class SignalName {
    private SignalName() {}

    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
        Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
        Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
        Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
        Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
        Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
        Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
        Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
        Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
        Map.entry("SYS", 31));

    /** The signal number for a name or number; an unknown one is an error naming it. */
    public static int parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("signal: none given");
        }
        String t = s.strip().toUpperCase(Locale.ROOT);
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= 64) {
                return n;
            }
            throw new IllegalArgumentException("signal '" + s + "' is not a signal name or number 1-64");
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        if (t.startsWith("RTMIN+") || t.startsWith("RTMAX-")) {
            int off = Integer.parseInt(t.substring(6));
            int n = t.startsWith("RTMIN") ? 34 + off : 64 - off;
            if (n >= 34 && n <= 64) {
                return n;
            }
        }
        Integer n = SIGNALS.get(t);
        if (n == null) {
            throw new IllegalArgumentException("signal '" + s + "' is not a signal name or number 1-64 (use a name such as TERM or KILL)");
        }
        return n;
    }
}
