package io.drydock.runtime.network;

/**
 * A CNI plugin reported an error (CNI spec "Error" object: {@code code}, {@code msg},
 * {@code details}) or exited non-zero without one.
 */
public final class CniPluginException extends NetworkException {
    private static final long serialVersionUID = 1L;

    /** Spec well-known code 11: "try again later"; other codes 1-99 are spec-reserved. */
    public static final int CODE_TRY_AGAIN_LATER = 11;

    private final String plugin;
    private final String command;
    private final int code;
    private final String msg;
    private final String details;

    public CniPluginException(String plugin, String command, int code, String msg, String details) {
        super("CNI plugin '" + plugin + "' " + command + " failed (code " + code + "): " + msg
                + (details == null || details.isEmpty() ? "" : " (" + details + ")"));
        this.plugin = plugin;
        this.command = command;
        this.code = code;
        this.msg = msg;
        this.details = details == null ? "" : details;
    }

    /** The plugin's {@code type}, e.g. {@code bridge}. */
    public String plugin() {
        return plugin;
    }

    /** {@code ADD}, {@code CHECK}, {@code DEL} or {@code VERSION}. */
    public String command() {
        return command;
    }

    /** The CNI error code; 0 when the plugin printed no error object. */
    public int code() {
        return code;
    }

    /** The plugin's short message. */
    public String msg() {
        return msg;
    }

    /** The plugin's long message, or empty. */
    public String details() {
        return details;
    }
}
