package io.drydock.cli;

import io.drydock.runtime.image.ImageReference;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of the values a person types for the container and image commands, before any engine
 * state is opened: a malformed one is a usage error (exit 2) whose one line names the value.
 * Each check throws {@link IllegalArgumentException}; {@link EngineOptions#usage} reports it.
 */
final class CommandValues {
    /** A container name (Docker's rule), a full id or an id prefix: the forms lookup accepts. */
    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    /** An image id or manifest digest, whole or as a prefix of at least 6 hex digits. */
    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[0-9a-f]{6,64}");
    /** An environment variable's name: anything but '=' and NUL, as execve(2) and env(1) allow. */
    private static final Pattern ENV_KEY = Pattern.compile("[^=\\x00]+");

    private CommandValues() {
    }

    /** A container named by name or id. */
    static String container(String value) {
        if (value == null || !CONTAINER.matcher(value).matches()) {
            throw new IllegalArgumentException("container '" + printable(value)
                + "' is not a container name or id (1-128 of [a-zA-Z0-9_.-], starting with a letter or digit)");
        }
        return value;
    }

    static List<String> containers(List<String> values) {
        values.forEach(CommandValues::container);
        return values;
    }

    /** An image named by reference ({@code busybox}, {@code host:5000/repo:tag}, {@code repo@sha256:...}) or id. */
    static String image(String value) {
        if (value != null && IMAGE_ID.matcher(value).matches()) {
            return value;
        }
        reference("image", value);
        return value;
    }

    static List<String> images(List<String> values) {
        values.forEach(CommandValues::image);
        return values;
    }

    /** A reference to give an image ({@code what} names the argument in the message). */
    static ImageReference reference(String what, String value) {
        try {
            return ImageReference.parse(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' is not an image reference: "
                + e.getMessage().replaceFirst("^(invalid image reference '.*?': )?(image reference: )?", ""), e);
        }
    }

    /** {@code -e} values: {@code KEY=VALUE}, or {@code KEY} to pass the host's. */
    static List<String> env(List<String> values) {
        for (String v : values) {
            int eq = v.indexOf('=');
            String key = eq < 0 ? v : v.substring(0, eq);
            if (!ENV_KEY.matcher(key).matches() || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("-e '" + printable(v) + "' is not KEY=VALUE or KEY");
            }
        }
        return values;
    }

    /** A working directory in the container: absolute, no NUL. */
    static String workdir(String value) {
        if (value != null && (!value.startsWith("/") || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("-w '" + printable(value) + "' must be an absolute path");
        }
        return value;
    }

    /** {@code value} with control characters shown as {@code \xNN}, so the message stays one line. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
