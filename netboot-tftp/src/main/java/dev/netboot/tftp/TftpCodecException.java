package dev.netboot.tftp;

/**
 * Raised when bytes cannot be decoded as a TFTP packet, or a packet cannot be encoded. Unchecked;
 * carries the byte offset (relative to the first byte of the TFTP packet, or -1 when the error has
 * no position), the field it concerns and the reason. The message reads
 * {@code "<field> at offset <n>: <reason>"}. Immutable and thread-safe.
 *
 * <p>{@link #toErrorPacket()} gives the ERROR packet a server should answer with (code 8 for a bad
 * option, code 4 otherwise).
 */
public final class TftpCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String field;
    private final String reason;

    /** Creates an exception for {@code field} at {@code offset} (or -1) because of {@code reason}. */
    public TftpCodecException(String field, int offset, String reason) {
        super(field + (offset >= 0 ? " at offset " + offset : "") + ": " + reason);
        this.offset = offset;
        this.field = field;
        this.reason = reason;
    }

    /** Byte offset from the start of the TFTP packet, or -1 when the error has no position. */
    public int offset() {
        return offset;
    }

    /** The field the error concerns, e.g. {@code "filename"}, {@code "mode"} or {@code "option 3 name"}. */
    public String field() {
        return field;
    }

    /** Why the bytes were rejected, e.g. {@code "not terminated by NUL"}. */
    public String reason() {
        return reason;
    }

    /**
     * The ERROR packet to answer the offending datagram with: {@link TftpErrorCode#OPTION_NEGOTIATION}
     * when an option was malformed, {@link TftpErrorCode#ILLEGAL_OPERATION} otherwise.
     */
    public TftpPacket.ErrorPacket toErrorPacket() {
        TftpErrorCode code = field.startsWith("option")
                ? TftpErrorCode.OPTION_NEGOTIATION : TftpErrorCode.ILLEGAL_OPERATION;
        return new TftpPacket.ErrorPacket(code, getMessage());
    }
}
