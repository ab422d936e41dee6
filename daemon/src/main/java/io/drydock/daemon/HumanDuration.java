package io.drydock.daemon;

import java.time.Duration;

/** A duration as {@code docker ps} words it: "Less than a second", "5 seconds", "About a minute", "3 hours". */
final class HumanDuration {
    private HumanDuration() {
    }

    static String of(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 1) {
            return "Less than a second";
        }
        if (s == 1) {
            return "1 second";
        }
        if (s < 60) {
            return s + " seconds";
        }
        long m = d.toMinutes();
        if (m == 1) {
            return "About a minute";
        }
        if (m < 60) {
            return m + " minutes";
        }
        long h = d.toHours();
        if (h == 1) {
            return "About an hour";
        }
        if (h < 48) {
            return h + " hours";
        }
        return d.toDays() + " days";
    }
}
