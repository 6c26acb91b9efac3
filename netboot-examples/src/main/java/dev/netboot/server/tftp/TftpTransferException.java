package dev.netboot.server.tftp;

import dev.netboot.tftp.FailureReason;
import java.util.Objects;

/**
 * A client transfer that failed: why ({@link FailureReason}), the TFTP error code sent or received
 * (or -1), and the detail. Unchecked; immutable and thread-safe.
 */
public final class TftpTransferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FailureReason reason;
    private final int errorCode;

    /** Creates an exception; the message is {@code detail}. */
    public TftpTransferException(FailureReason reason, int errorCode, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.errorCode = errorCode;
    }

    /** Why the transfer failed. */
    public FailureReason reason() {
        return reason;
    }

    /** The TFTP error code sent or received, or -1 when no ERROR packet was involved. */
    public int errorCode() {
        return errorCode;
    }
}
