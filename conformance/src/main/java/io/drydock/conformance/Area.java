package io.drydock.conformance;

import java.util.Arrays;
import java.util.Locale;

/** The parts of a certificate: what a group of conformance tests checks. */
public enum Area {
    LIFECYCLE("lifecycle", "Lifecycle and operations"),
    ISOLATION("isolation", "Isolation"),
    RESOURCES("resources", "Resource limits"),
    PORT_MAPPING("port-mapping", "Port mapping"),
    COW("cow", "Copy-on-write layering"),
    CLEANUP("cleanup", "Cleanup");

    private final String key;
    private final String title;

    Area(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The name on the command line and in reports: lifecycle, port-mapping, cow... */
    public String key() {
        return key;
    }

    /** The heading a person reads. */
    public String title() {
        return title;
    }

    /**
     * The area named {@code key} (as {@code --only} takes it).
     *
     * @throws IllegalArgumentException naming the value and the known areas
     */
    public static Area parse(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.key.equals(k)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown area '" + key + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(Area::key).toList())));
    }
}
