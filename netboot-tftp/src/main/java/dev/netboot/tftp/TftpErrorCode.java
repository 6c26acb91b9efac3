package dev.netboot.tftp;

/**
 * A TFTP error code (RFC 1350 section 5, RFC 2347 code 8): an open registry, so that a code no RFC
 * defines survives decoding and re-encoding. {@link #valueOf(int)} returns the cached constant for a
 * known code and never throws for a 16-bit wire value. Immutable and thread-safe.
 */
public final class TftpErrorCode {
    /** 0: not defined, see the error message. */
    public static final TftpErrorCode NOT_DEFINED = new TftpErrorCode(0, "Not defined");
    /** 1: file not found. */
    public static final TftpErrorCode FILE_NOT_FOUND = new TftpErrorCode(1, "File not found");
    /** 2: access violation. */
    public static final TftpErrorCode ACCESS_VIOLATION = new TftpErrorCode(2, "Access violation");
    /** 3: disk full or allocation exceeded. */
    public static final TftpErrorCode DISK_FULL = new TftpErrorCode(3, "Disk full or allocation exceeded");
    /** 4: illegal TFTP operation. */
    public static final TftpErrorCode ILLEGAL_OPERATION = new TftpErrorCode(4, "Illegal TFTP operation");
    /** 5: unknown transfer ID (a packet from a port that is not the transfer's peer). */
    public static final TftpErrorCode UNKNOWN_TRANSFER_ID = new TftpErrorCode(5, "Unknown transfer ID");
    /** 6: file already exists. */
    public static final TftpErrorCode FILE_EXISTS = new TftpErrorCode(6, "File already exists");
    /** 7: no such user. */
    public static final TftpErrorCode NO_SUCH_USER = new TftpErrorCode(7, "No such user");
    /** 8: option negotiation refused (RFC 2347). */
    public static final TftpErrorCode OPTION_NEGOTIATION = new TftpErrorCode(8, "Option negotiation failed");

    private static final TftpErrorCode[] KNOWN = {
        NOT_DEFINED, FILE_NOT_FOUND, ACCESS_VIOLATION, DISK_FULL, ILLEGAL_OPERATION,
        UNKNOWN_TRANSFER_ID, FILE_EXISTS, NO_SUCH_USER, OPTION_NEGOTIATION,
    };

    private final int code;
    private final String description;

    private TftpErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * The constant for {@code code}, or a new instance described as "Unassigned" for a code no RFC
     * defines.
     *
     * @throws IllegalArgumentException if {@code code} does not fit in 16 bits
     */
    public static TftpErrorCode valueOf(int code) {
        if (code >= 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("error code: " + code + " (expected: 0 to 65535)");
        }
        return new TftpErrorCode(code, "Unassigned");
    }

    /** The 16-bit code as sent on the wire. */
    public int code() {
        return code;
    }

    /** The RFC's short description, e.g. {@code "File not found"}. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TftpErrorCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return code + " (" + description + ")";
    }
}
