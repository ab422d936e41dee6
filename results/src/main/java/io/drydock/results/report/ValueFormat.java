package io.drydock.results.report;

import java.util.Locale;

/** Formats measured values for people: three significant digits, bytes in binary units. */
public final class ValueFormat {
    private ValueFormat() {
    }

    /** {@code value} in {@code unit}, both as one string: "12.3 ms/op", "1.50 GiB". */
    public static String withUnit(double value, String unit) {
        if ("bytes".equals(unit)) {
            return bytes(value);
        }
        return number(value) + " " + unit;
    }

    /** A value and its ± half-width in {@code unit}: "12.3 ± 0.41 ms/op". */
    public static String withError(double value, double halfWidth, String unit) {
        if ("bytes".equals(unit)) {
            return bytes(value) + " ± " + bytes(halfWidth);
        }
        return number(value) + " ± " + number(halfWidth) + " " + unit;
    }

    /** Three significant digits without exponent for everyday magnitudes. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1e6 || (a > 0 && a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Bytes in B, KiB, MiB or GiB. */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 ? String.format(Locale.ROOT, "%.0f", v) : number(v)) + " " + units[u];
    }

    /** A ratio: "1.23×"; from 100 on, three significant digits ("1587×" is not more precise than its interval). */
    public static String ratio(double r) {
        return Math.abs(r) >= 100 ? number(r) + "×" : String.format(Locale.ROOT, "%.2f×", r);
    }

    /** A ratio with its interval and relative half-width: "2.55× [2.49, 2.61] ±2.4%", or "2.55× (no interval)". */
    public static String ratio(io.drydock.results.schema.Ratio r) {
        return ratio(r.value()) + (r.hasInterval()
                ? String.format(Locale.ROOT, " [%.2f, %.2f] ±%.1f%%", r.low(), r.high(), 100 * r.relativeHalfWidth())
                : " (no interval)");
    }

    /** A ratio's forks, "8+8", and "8+8 paired" when its interval resamples forks of the same runs together. */
    public static String forks(io.drydock.results.schema.Ratio r) {
        return r.forks() + "+" + r.peerForks() + (r.paired() ? " paired" : "");
    }

    /** A ratio as a headline cell shows it: "2.55× crun ±2.4%", "1.31× host ±7.9% (wide)", "4.10× qemu (1 fork)". */
    public static String ratioShort(io.drydock.results.schema.Ratio r) {
        StringBuilder b = new StringBuilder(ratio(r.value())).append(' ').append(r.peer());
        if (r.hasInterval()) {
            b.append(String.format(Locale.ROOT, " ±%.1f%%", 100 * r.relativeHalfWidth()));
        }
        switch (r.precision()) {
            case WITHIN -> { }
            case WIDE -> b.append(" (wide)");
            case TOO_FEW_FORKS -> {
                int n = Math.min(r.forks(), r.peerForks());
                b.append(" (").append(n).append(n == 1 ? " fork)" : " forks)");
            }
        }
        return b.toString();
    }
}
