package dev.netboot.server.dhcp.lease;

/**
 * A lease store cannot do its job: the journal is unreadable (the message names
 * {@code file:line:column}), a write or fsync failed (after which the store refuses every change,
 * because what reached the disk is unknown), the store is closed, or its backlog is full.
 * Unchecked; immutable once thrown.
 */
public class LeaseStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what failed and where. */
    public LeaseStoreException(String message) {
        super(message);
    }

    /** An exception with a message and the I/O failure that caused it. */
    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
