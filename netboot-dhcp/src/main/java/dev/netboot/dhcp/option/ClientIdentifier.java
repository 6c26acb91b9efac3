package dev.netboot.dhcp.option;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Option 61, client identifier: a type byte and an identifier. Type 1 with six bytes is an
 * Ethernet MAC; type 255 is the RFC 4361 form (a 4-byte IAID and a DHCPv6 DUID). Immutable.
 *
 * @param type       the first byte
 * @param identifier the bytes after it (copied)
 */
public record ClientIdentifier(int type, byte[] identifier) {
    /** Validates and copies. */
    public ClientIdentifier {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("client identifier type " + type + " (expected: 0-255)");
        }
        identifier = identifier.clone();
    }

    /** A copy of the identifier bytes (without the type byte). */
    @Override
    public byte[] identifier() {
        return identifier.clone();
    }

    /** True for the RFC 4361 form (type 255, IAID + DUID). */
    public boolean isRfc4361() {
        return type == 255 && identifier.length >= 6;
    }

    /** The RFC 4361 IAID, or -1 when not in that form. */
    public long iaid() {
        if (!isRfc4361()) {
            return -1;
        }
        return ((identifier[0] & 0xFFL) << 24) | ((identifier[1] & 0xFF) << 16) | ((identifier[2] & 0xFF) << 8) | (identifier[3] & 0xFF);
    }

    /** The RFC 4361 DUID bytes, or an empty array when not in that form. */
    public byte[] duid() {
        return isRfc4361() ? Arrays.copyOfRange(identifier, 4, identifier.length) : new byte[0];
    }

    /** The whole option value: type byte then identifier. */
    public byte[] toBytes() {
        byte[] out = new byte[identifier.length + 1];
        out[0] = (byte) type;
        System.arraycopy(identifier, 0, out, 1, identifier.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientIdentifier c && c.type == type && Arrays.equals(c.identifier, identifier);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(identifier);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.ofDelimiter(":");
        if (isRfc4361()) {
            return "IAID " + String.format("%08x", iaid()) + ", DUID " + hex.formatHex(duid());
        }
        return String.format("%02x", type) + (identifier.length > 0 ? ":" : "") + hex.formatHex(identifier);
    }
}
