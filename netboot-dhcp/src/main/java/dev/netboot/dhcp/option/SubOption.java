package dev.netboot.dhcp.option;

import java.util.Arrays;

/**
 * One type-length-value sub-option (relay agent information, vendor-encapsulated options, iPXE
 * options, V-I vendor-specific data). Immutable: the value array is copied in and out.
 *
 * @param code  sub-option code 0-255
 * @param value the raw value bytes (at most 255)
 */
public record SubOption(int code, byte[] value) {
    /** Validates and copies. */
    public SubOption {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("sub-option code " + code + " (expected: 0-255)");
        }
        if (value.length > 255) {
            throw new IllegalArgumentException("sub-option " + code + " value length " + value.length + " (expected: <= 255)");
        }
        value = value.clone();
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value as ISO-8859-1 text (one char per byte). */
    public String text() {
        return new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubOption s && s.code == code && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "(" + code + ") " + Hex.format(value, 0, value.length);
    }
}
