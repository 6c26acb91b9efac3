package dev.netboot.server.dhcp.lease;

import java.util.Arrays;
import java.util.Objects;

/**
 * The key a lease is bound to (RFC 2131 §4.2): the client identifier (option 61) when the
 * client sends one, else its hardware type and hardware address ({@code htype} and
 * {@code chaddr}). The two kinds never compare equal, even for the same bytes.
 *
 * <p>Immutable and thread-safe; factories copy the arrays they are given. Text form (used in the
 * lease journal and by {@link #parse(String)}): {@code id:} followed by the option bytes, or
 * {@code hw:} followed by the hardware type byte and the address bytes, each byte as two
 * lower-case hex digits separated by colons, e.g. {@code hw:01:52:54:00:12:34:56}.
 */
public final class ClientKey {
    /** Which field of the client's message the key comes from. */
    public enum Kind {
        /** The client identifier option (61). */
        CLIENT_IDENTIFIER,
        /** Hardware type and client hardware address from the message header. */
        HARDWARE
    }

    /** Longest client identifier accepted (RFC 2132 option length is one octet). */
    public static final int MAX_IDENTIFIER = 255;
    /** {@code chaddr} is 16 octets. */
    private static final int MAX_HARDWARE_ADDRESS = 16;
    private static final byte TAG_IDENTIFIER = 0;
    private static final byte TAG_HARDWARE = 1;

    /** Tag byte, then the key bytes: one array per key keeps 100,000 leases small. */
    private final byte[] data;
    private final int hash;

    private ClientKey(byte[] data) {
        this.data = data;
        this.hash = hash(data);
    }

    /**
     * FNV-1a: {@link Arrays#hashCode(byte[])} gives equal hashes to many MACs that differ only
     * in their last bytes (31 is too small a multiplier), which turns HashMap buckets into trees.
     */
    private static int hash(byte[] data) {
        int h = 0x811c9dc5;
        for (byte b : data) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /**
     * A key from the value of the client identifier option (61), usually a type octet followed
     * by a hardware address.
     *
     * @throws IllegalArgumentException when the value is empty or longer than 255 bytes
     */
    public static ClientKey clientIdentifier(byte[] optionValue) {
        Objects.requireNonNull(optionValue, "optionValue");
        if (optionValue.length < 1 || optionValue.length > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("client identifier length: " + optionValue.length
                    + " (expected: 1 to " + MAX_IDENTIFIER + ")");
        }
        return new ClientKey(tagged(TAG_IDENTIFIER, optionValue, 0, optionValue.length, -1));
    }

    /**
     * A key from the hardware type ({@code htype}, 1 for Ethernet) and the first {@code hlen}
     * bytes of {@code chaddr}.
     *
     * @throws IllegalArgumentException when the type is not an octet or the address is longer
     *     than 16 bytes
     */
    public static ClientKey hardware(int hardwareType, byte[] hardwareAddress) {
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        if (hardwareType < 0 || hardwareType > 255) {
            throw new IllegalArgumentException("hardware type: " + hardwareType + " (expected: 0 to 255)");
        }
        if (hardwareAddress.length > MAX_HARDWARE_ADDRESS) {
            throw new IllegalArgumentException("hardware address length: " + hardwareAddress.length
                    + " (expected: 0 to " + MAX_HARDWARE_ADDRESS + ")");
        }
        return new ClientKey(tagged(TAG_HARDWARE, hardwareAddress, 0, hardwareAddress.length, hardwareType));
    }

    private static byte[] tagged(byte tag, byte[] src, int from, int length, int prefix) {
        int extra = prefix >= 0 ? 2 : 1;
        byte[] data = new byte[length + extra];
        data[0] = tag;
        if (prefix >= 0) {
            data[1] = (byte) prefix;
        }
        System.arraycopy(src, from, data, extra, length);
        return data;
    }

    /**
     * Parses the text form ({@code id:01:52:54:00:12:34:56} or {@code hw:01:52:54:00:12:34:56}).
     *
     * @throws IllegalArgumentException naming the column of the first bad character
     */
    public static ClientKey parse(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ClientKey key = parse(bytes, 0, bytes.length);
        if (key == null) {
            throw new IllegalArgumentException("not a client key: '" + text
                    + "' (expected: id: or hw: followed by colon-separated hex bytes)");
        }
        return key;
    }

    /** The key in {@code bytes[from, to)}, or null when it is not one. */
    static ClientKey parse(byte[] bytes, int from, int to) {
        if (to - from < 5 || bytes[from + 2] != ':') {
            return null;
        }
        byte tag;
        if (bytes[from] == 'i' && bytes[from + 1] == 'd') {
            tag = TAG_IDENTIFIER;
        } else if (bytes[from] == 'h' && bytes[from + 1] == 'w') {
            tag = TAG_HARDWARE;
        } else {
            return null;
        }
        int hexLength = to - from - 3;
        if ((hexLength + 1) % 3 != 0) {
            return null;
        }
        int count = (hexLength + 1) / 3;
        int max = tag == TAG_IDENTIFIER ? MAX_IDENTIFIER : MAX_HARDWARE_ADDRESS + 1;
        if (count > max) {
            return null;
        }
        byte[] data = new byte[count + 1];
        data[0] = tag;
        int p = from + 3;
        for (int i = 0; i < count; i++, p += 3) {
            int hi = Character.digit(bytes[p], 16);
            int lo = Character.digit(bytes[p + 1], 16);
            if (hi < 0 || lo < 0 || (i < count - 1 && bytes[p + 2] != ':')) {
                return null;
            }
            data[i + 1] = (byte) (hi << 4 | lo);
        }
        return new ClientKey(data);
    }

    /** Which kind of key this is. */
    public Kind kind() {
        return data[0] == TAG_IDENTIFIER ? Kind.CLIENT_IDENTIFIER : Kind.HARDWARE;
    }

    /**
     * A copy of the key bytes: the option value for {@link Kind#CLIENT_IDENTIFIER}; the
     * hardware type octet followed by the hardware address for {@link Kind#HARDWARE}.
     */
    public byte[] bytes() {
        return Arrays.copyOfRange(data, 1, data.length);
    }

    void appendTo(LineBuffer out) {
        out.appendAscii(data[0] == TAG_IDENTIFIER ? "id:" : "hw:");
        for (int i = 1; i < data.length; i++) {
            if (i > 1) {
                out.append(':');
            }
            out.appendHexByte(data[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKey && hash == ((ClientKey) o).hash && Arrays.equals(data, ((ClientKey) o).data);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The text form, e.g. {@code hw:01:52:54:00:12:34:56}. */
    @Override
    public String toString() {
        LineBuffer out = new LineBuffer(3 + data.length * 3);
        appendTo(out);
        return new String(out.array(), 0, out.length(), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
