package dev.netboot.rules.hosts;

import dev.netboot.rules.Origin;

/**
 * Raised when a hosts table cannot be read: a missing column, a malformed or duplicate host name,
 * MAC or IP address. Unchecked; the message reads {@code file:line:col: error: message}.
 */
public final class HostsTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Origin origin;
    private final String reason;

    HostsTableException(Origin origin, String reason) {
        super(origin + ": error: " + reason);
        this.origin = origin;
        this.reason = reason;
    }

    /** Where the error is. */
    public Origin origin() {
        return origin;
    }

    /** The message without the location. */
    public String reason() {
        return reason;
    }
}
