package dev.netboot.server.http;

/**
 * An {@link HttpBootServer} could not start: the root is not a readable directory, or the address
 * cannot be bound (in use, or a privileged port without the capability). The message is one line
 * naming the root or address and the reason. Unchecked.
 */
public final class HttpBootServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message and cause (may be null). */
    public HttpBootServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
