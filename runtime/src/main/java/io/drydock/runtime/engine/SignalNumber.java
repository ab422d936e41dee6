package io.drydock.runtime.engine;

import java.util.Locale;
import java.util.Map;

/** Signal names as {@code kill -s} and an image's StopSignal give them: {@code TERM}, {@code SIGKILL}, {@code 9}. */
public final class SignalNumber {
    // signal(7), x86-64 and arm64 numbering.
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("CHLD", 17),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
            Map.entry("PWR", 30), Map.entry("SYS", 31));

    private SignalNumber() {
    }

    /**
     * The number of {@code name}.
     *
     * @throws IllegalArgumentException naming the value when it is no signal
     */
    public static int parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("signal: none given");
        }
        String s = name.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 2) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        Integer n = NUMBERS.get(s.startsWith("SIG") ? s.substring(3) : s);
        if (n == null) {
            throw new IllegalArgumentException("signal '" + name + "' is not a signal name or number 1-64");
        }
        return n;
    }
}
