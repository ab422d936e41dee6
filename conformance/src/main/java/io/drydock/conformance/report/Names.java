package io.drydock.conformance.report;

/** Names of report files. */
final class Names {
    private Names() {}

    /** {@code name} with everything but letters, digits, '.', '_' and '-' replaced by '-'. */
    static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
