package io.drydock.results.report;

import java.util.List;

/** Aligned plain-text tables and Markdown escaping. */
public final class TextTable {
    private TextTable() {
    }

    /** Renders rows of cells (the first row is the header) with columns padded to align. */
    public static String render(List<List<String>> rows) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        List<String> lines = new java.util.ArrayList<>();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(pad(r.get(c), width[c]));
            }
            lines.add(line.toString().stripTrailing());
        }
        // The rule under the header is as long as the longest line, not the sum of the widths
        // (trailing padding is stripped, and a row may have fewer cells than the header).
        int longest = lines.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(lines.get(i)).append('\n');
            if (i == 0) {
                b.append("-".repeat(longest)).append('\n');
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    /** Escapes the characters that would break a Markdown table cell. */
    public static String markdownEscape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
