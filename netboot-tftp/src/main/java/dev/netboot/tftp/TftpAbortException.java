package dev.netboot.tftp;

import java.util.Objects;

/**
 * Thrown by a {@link TftpBlockSource} or {@link TftpBlockSink} to end the transfer with a chosen
 * ERROR packet (for example {@link TftpErrorCode#DISK_FULL} when an upload exceeds a size limit).
 * Unchecked; immutable and thread-safe.
 */
public final class TftpAbortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TftpErrorCode code;

    /** Creates an exception that sends ERROR {@code code} with {@code message} to the peer. */
    public TftpAbortException(TftpErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code sent to the peer. */
    public TftpErrorCode code() {
        return code;
    }
}
