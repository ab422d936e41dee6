package io.drydock.runtime.image;

import java.util.Optional;

/**
 * Thins debootstrap's output to one line per stage. debootstrap prints an {@code I:} line per
 * package and per step (hundreds in all: {@code I: Retrieving libc6 2.36-9}, {@code I: Validating
 * ...}, {@code I: Unpacking ...}); a stage is a run of lines with the same verb, and only its first
 * line is passed on. {@code Validating} counts as {@code Retrieving}: the two alternate, package
 * by package, while debootstrap downloads. Warnings ({@code W:}) and errors ({@code E:}) are always passed on; anything
 * else (dpkg's chatter) is not. Not thread-safe: one instance per run.
 */
final class DebootstrapProgress {

    private static final int MAX_LENGTH = 120;

    private String stage = "";

    /** The line to show for {@code line} of debootstrap's output, or empty to keep quiet. */
    Optional<String> accept(String line) {
        String text = line.strip();
        if (text.startsWith("W:") || text.startsWith("E:")) {
            return Optional.of(shorten(text));
        }
        if (!text.startsWith("I:")) {
            return Optional.empty();
        }
        String message = text.substring(2).strip();
        int space = message.indexOf(' ');
        String verb = space < 0 ? message : message.substring(0, space);
        if (verb.equals("Validating")) {
            verb = "Retrieving";
        }
        if (verb.isEmpty() || verb.equals(stage)) {
            return Optional.empty();
        }
        stage = verb;
        return Optional.of(shorten(message));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }
}
