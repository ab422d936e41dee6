package io.drydock.runtime.network;

/**
 * A networking operation failed on the host: a CNI plugin, {@code ip}, {@code iptables}, or the
 * attachment cache. The message names the operation and the object it failed on.
 */
public class NetworkException extends Exception {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
