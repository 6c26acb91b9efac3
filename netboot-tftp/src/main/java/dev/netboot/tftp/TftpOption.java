package dev.netboot.tftp;

import java.util.Objects;

/**
 * One option of a request or an OACK (RFC 2347): a name and a value, both strings of bytes shown as
 * ISO-8859-1 characters (so that every byte survives a round trip). Names compare
 * case-insensitively in {@link TftpOptions}; the record keeps the spelling that was sent. Immutable
 * and thread-safe.
 *
 * @param name the option name, not empty, without NUL and with characters up to U+00FF only
 * @param value the option value, possibly empty, without NUL and with characters up to U+00FF only
 */
public record TftpOption(String name, String value) {
    /** Validates that both strings can be written to the wire. */
    public TftpOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("option name is empty");
        }
        Wire.requireEncodable("option name", name);
        Wire.requireEncodable("option value", value);
    }

    /** Whether this option's name equals {@code other}, ignoring ASCII case. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
