package dev.netboot.server.tftp;

/**
 * Thrown when a {@link TftpServer} cannot start (the root is missing, the port is in use, the
 * epoll transport was required but is not available). The message is one line meant for a user.
 * Unchecked; immutable and thread-safe.
 */
public final class TftpServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line message. */
    public TftpServerException(String message) {
        super(message);
    }

    /** Creates an exception with a one-line message and its cause. */
    public TftpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
