package io.drydock.runtime.image;

/**
 * A layer entry refused because writing it could touch something outside the layer directory
 * (an absolute path, a {@code ..} component, a path through a symlink, a hard link out of the layer)
 * or because it is malformed.
 */
public final class UnsafeLayerEntryException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final String entry;

    /**
     * @param entry  the entry's name as the tar stores it
     * @param reason why it is refused
     */
    public UnsafeLayerEntryException(String entry, String reason) {
        super("unpack layer entry", "'" + entry + "'", reason);
        this.entry = entry;
    }

    /** The refused entry's name. */
    public String entry() {
        return entry;
    }
}
