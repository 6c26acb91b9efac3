package dev.netboot.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as big-endian {@code int}s, the form every netboot accessor uses so that reading
 * an address allocates nothing. Stateless and thread-safe.
 */
public final class Ipv4 {
    private Ipv4() {}

    /** Dotted-quad text of {@code address}, e.g. {@code 192.168.2.1}. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * Parses dotted-quad text (exactly four decimal parts 0-255).
     *
     * @throws IllegalArgumentException if {@code text} is not an IPv4 address
     */
    public static int parse(CharSequence text) {
        long v = tryParse(text);
        if (v < 0) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
        }
        return (int) v;
    }

    /**
     * Parses dotted-quad text (exactly four decimal parts 0-255) without throwing: the address as
     * an unsigned value, or -1 if {@code text} is not one (for readers that try an address, then a
     * host name).
     */
    public static long tryParse(CharSequence text) {
        long value = 0;
        int parts = 0;
        int part = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (part < 0 || parts == 4) {
                    return -1;
                }
                value = (value << 8) | part;
                parts++;
                part = -1;
            } else if (c >= '0' && c <= '9') {
                part = (part < 0 ? 0 : part * 10) + (c - '0');
                if (part > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return parts == 4 ? value : -1;
    }

    /** The four network-order bytes of {@code address}. */
    public static byte[] toBytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** The {@link Inet4Address} for {@code address} (no name lookup). */
    public static Inet4Address toInet(int address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes(address));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid address
        }
    }

    /**
     * The {@code int} form of an IPv4 address.
     *
     * @throws IllegalArgumentException if {@code address} is not IPv4
     */
    public static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
