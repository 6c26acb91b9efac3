package dev.netboot.server.dhcp.lease;

/**
 * The journal's strict IPv4 text (no leading zeros, parsed straight from line bytes); formatting is
 * netboot-dhcp's {@link dev.netboot.dhcp.Ipv4}. Stateless.
 */
final class Ipv4 {
    private Ipv4() {}

    static String format(int address) {
        return dev.netboot.dhcp.Ipv4.format(address);
    }

    static void appendTo(LineBuffer out, int address) {
        out.appendDecimal(address >>> 24);
        out.append('.');
        out.appendDecimal((address >>> 16) & 0xff);
        out.append('.');
        out.appendDecimal((address >>> 8) & 0xff);
        out.append('.');
        out.appendDecimal(address & 0xff);
    }

    /** Parses a dotted quad; throws IllegalArgumentException naming the text when it is not one. */
    static int parse(String text) {
        long value = parse(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, text.length());
        if (value < 0) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected: a.b.c.d)");
        }
        return (int) value;
    }

    /** The address in {@code bytes[from, to)} as an unsigned value, or -1 when it is not a dotted quad. */
    static long parse(byte[] bytes, int from, int to) {
        long result = 0;
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && bytes[i] >= '0' && bytes[i] <= '9') {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            if (i == start || value > 255 || (i - start > 1 && bytes[start] == '0')) {
                return -1;
            }
            result = (result << 8) | value;
            octets++;
            if (octets < 4) {
                if (i >= to || bytes[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? result : -1;
    }

    /** Unsigned comparison, because 128.0.0.0 and above are negative ints. */
    static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
