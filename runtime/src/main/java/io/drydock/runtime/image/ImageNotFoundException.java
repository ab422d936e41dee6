package io.drydock.runtime.image;

/** No image in the store answers to a name or digest. */
public final class ImageNotFoundException extends ImageException {
    private static final long serialVersionUID = 1L;

    /** @param name the reference or digest that was looked up */
    public ImageNotFoundException(String name) {
        super("find image", name, "no such image in the store");
    }
}
