package io.drydock.runtime.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one check, so each check reads as a list of rules. */
final class Findings {
    private final String check;
    private final List<Violation> violations = new ArrayList<>();

    Findings(String check) {
        this.check = check;
    }

    void add(String field, String message) {
        violations.add(new Violation(check, field, message));
    }

    /** Reports {@code field} as missing when {@code value} is null; returns whether it was present. */
    boolean require(Object value, String field) {
        if (value == null) {
            add(field, "required but missing");
            return false;
        }
        return true;
    }

    /** Container paths must be absolute and free of {@code ..}, so they cannot name anything above the rootfs. */
    void containerPath(String value, String field) {
        if (value == null || value.isEmpty()) {
            add(field, "required but missing");
        } else if (!value.startsWith("/")) {
            add(field, "must be an absolute path, got '" + value + "'");
        } else if (hasDotDot(value)) {
            add(field, "must not contain '..', got '" + value + "'");
        }
    }

    static boolean hasDotDot(String path) {
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    List<Violation> list() {
        return List.copyOf(violations);
    }
}
