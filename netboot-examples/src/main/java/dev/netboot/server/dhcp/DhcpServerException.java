package dev.netboot.server.dhcp;

/**
 * The DHCP server cannot start: a missing interface, an address already in use, a lease journal
 * that cannot be opened. The message is one line meant for the operator, so it carries no stack
 * trace of its own (the cause, if any, is kept for debugging). Immutable.
 */
public final class DhcpServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a one-line message. */
    public DhcpServerException(String message) {
        super(message, null, false, false);
    }

    /** An error with a one-line message and the underlying cause. */
    public DhcpServerException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
