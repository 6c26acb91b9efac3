package dev.netboot.dhcp;

/**
 * One problem found while leniently decoding a message: the field or option concerned, the byte
 * offset from the start of the message, the raw bytes involved (hex, possibly empty) and why.
 * Immutable.
 *
 * @param field  e.g. {@code "hlen"} or {@code "option 53 (DHCP Message Type)"}
 * @param code   the option code, or -1 for a header field
 * @param offset byte offset from the start of the message
 * @param rawHex the bytes concerned as lower-case hex with colons, or an empty string
 * @param reason what is wrong, e.g. {@code "length 2 (expected: 1)"}
 */
public record DhcpProblem(String field, int code, int offset, String rawHex, String reason) {
    /** The same problem as the exception strict decoding raises. */
    public DhcpCodecException toException() {
        return new DhcpCodecException(field, offset, reason);
    }

    @Override
    public String toString() {
        return field + " at offset " + offset + ": " + reason + (rawHex.isEmpty() ? "" : " [" + rawHex + "]");
    }
}
