package io.drydock.daemon;

/** The version {@code GET /version} reports: the daemon module's, from its jar manifest. */
final class DaemonVersion {
    static final String VERSION = version();

    private DaemonVersion() {
    }

    private static String version() {
        String v = DaemonVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
