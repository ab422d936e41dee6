package io.drydock.runtime.image;

/** An image that cannot be removed because a container uses it and removal was not forced. */
public final class ImageInUseException extends ImageException {
    private static final long serialVersionUID = 1L;

    /** @param name the image's reference or digest */
    public ImageInUseException(String name) {
        super("remove image", name, "it is in use by a container; remove the container first or force");
    }
}
