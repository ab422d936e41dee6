package io.drydock.runtime.image.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Variable expansion and word splitting as Containerfiles use them: {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-default}} and {@code ${NAME:+alternative}}; an unset variable expands to nothing;
 * {@code \$} is a literal dollar. Splitting removes quotes; text in single quotes is never expanded.
 */
final class BuildVariables {

    private BuildVariables() {
    }

    /**
     * Expands the variables in {@code text} from {@code values}.
     *
     * @throws IllegalArgumentException on an unterminated {@code ${} or a bad name
     */
    static String expand(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ${ in '" + text + "'");
                }
                out.append(braced(text.substring(i + 2, end), values));
                i = end + 1;
            } else if (c == '$' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                out.append(values.getOrDefault(text.substring(i + 1, end), ""));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String braced(String inner, Map<String, String> values) {
        int colon = inner.indexOf(':');
        String name = colon < 0 ? inner : inner.substring(0, colon);
        if (name.isEmpty() || !isNameStart(name.charAt(0)) || !name.chars().allMatch(ch -> isNamePart((char) ch))) {
            throw new IllegalArgumentException("bad variable name in ${" + inner + "}");
        }
        String value = values.get(name);
        if (colon < 0) {
            return value == null ? "" : value;
        }
        String modifier = inner.substring(colon + 1);
        if (modifier.startsWith("-")) {
            return value == null || value.isEmpty() ? expand(modifier.substring(1), values) : value;
        }
        if (modifier.startsWith("+")) {
            return value == null || value.isEmpty() ? "" : expand(modifier.substring(1), values);
        }
        throw new IllegalArgumentException("unsupported modifier in ${" + inner + "} (only :- and :+)");
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /**
     * Splits {@code text} into words at unquoted whitespace and removes quotes and backslash escapes.
     * A {@code $} that must stay literal (single quotes, {@code \$}) comes out as {@code \$}, so that a
     * later {@link #expand} leaves it alone.
     *
     * @throws IllegalArgumentException on an unterminated quote
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in '" + text + "'");
                }
                word.append(text.substring(i + 1, end).replace("$", "\\$"));
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < text.length() && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
                        char next = text.charAt(i + 1);
                        word.append(next == '$' ? "\\$" : String.valueOf(next));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated \" in '" + text + "'");
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                word.append(next == '$' ? "\\$" : String.valueOf(next));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
