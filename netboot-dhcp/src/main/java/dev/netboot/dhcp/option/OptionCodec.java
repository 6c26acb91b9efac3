package dev.netboot.dhcp.option;

import io.netty.buffer.ByteBuf;

/**
 * Converts one DHCP option's value bytes to and from a Java value. Implementations are immutable
 * and thread-safe. Site-defined options (ISC's {@code option NAME code N = TYPE;}) register their
 * own codecs through {@link OptionRegistry}.
 *
 * @param <T> the Java type of the value
 */
public interface OptionCodec<T> {
    /**
     * Decodes {@code length} bytes at absolute index {@code index} of {@code buf} without moving its
     * indices and without retaining it.
     *
     * @throws dev.netboot.dhcp.DhcpCodecException if the bytes are not a valid value (offset
     *     relative to {@code index})
     */
    T decode(ByteBuf buf, int index, int length);

    /** Writes the value bytes (no code, no length) at {@code out}'s writer index. */
    void encode(T value, ByteBuf out);

    /** The exact value length in bytes, or -1 if variable. A fixed-width option repeated is not joined (RFC 3396). */
    default int fixedLength() {
        return -1;
    }

    /** Formats a value as Wireshark would show it; default {@code String.valueOf}. */
    default String format(T value) {
        return String.valueOf(value);
    }
}
