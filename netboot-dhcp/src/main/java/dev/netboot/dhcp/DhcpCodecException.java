package dev.netboot.dhcp;

/**
 * Raised when DHCP bytes cannot be decoded or a value cannot be encoded. Unchecked; carries the
 * byte offset (relative to the start of the DHCP message, or -1 when not applicable), the field or
 * option it concerns, and the reason. The message reads
 * {@code "<field> at offset <n>: <reason>"}.
 */
public final class DhcpCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String field;
    private final String reason;

    /** Creates an exception for {@code field} at {@code offset} (or -1) because of {@code reason}. */
    public DhcpCodecException(String field, int offset, String reason) {
        super(field + (offset >= 0 ? " at offset " + offset : "") + ": " + reason);
        this.offset = offset;
        this.field = field;
        this.reason = reason;
    }

    /** Byte offset from the start of the DHCP message, or -1 when the error has no position. */
    public int offset() {
        return offset;
    }

    /** The header field or option the error concerns, e.g. {@code "hlen"} or {@code "option 53"}. */
    public String field() {
        return field;
    }

    /** Why the bytes were rejected, e.g. {@code "length 2 (expected: 1)"}. */
    public String reason() {
        return reason;
    }
}
