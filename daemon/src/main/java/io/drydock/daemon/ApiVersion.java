package io.drydock.daemon;

/**
 * The Engine API version served: v1.41 (Docker Engine 20.10), as documented in the Engine API
 * reference. A client names the version in the path ({@code /v1.41/...}) or sends none; the
 * docker CLI negotiates it from the {@code API-Version} header of {@code _ping}.
 */
public final class ApiVersion {
    /** The version served and advertised. */
    public static final String CURRENT = "1.41";
    /** The oldest version a client may ask for (as dockerd 20.10). */
    public static final String MINIMUM = "1.12";

    private ApiVersion() {
    }

    /** Whether a client's {@code major.minor} is one this daemon serves. */
    public static boolean supported(String version) {
        String[] v = version.split("\\.");
        if (v.length != 2) {
            return false;
        }
        try {
            int minor = Integer.parseInt(v[1]);
            return Integer.parseInt(v[0]) == 1 && minor >= 12 && minor <= 41;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
