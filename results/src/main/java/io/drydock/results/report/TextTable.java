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
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(pad(r.get(c), width[c]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                b.append("-".repeat(total + 2 * Math.max(0, cols - 1))).append('\n');
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
