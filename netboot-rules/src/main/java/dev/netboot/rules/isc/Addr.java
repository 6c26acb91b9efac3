package dev.netboot.rules.isc;

/** IPv4 helpers for the reader. */
final class Addr {
    private Addr() {}

    /** Parses a dotted quad; -1L if it is not one. */
    static long tryParse(String s) {
        long v = 0;
        int parts = 0;
        int digits = 0;
        int b = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                b = b * 10 + (c - '0');
                if (++digits > 3) {
                    return -1L;
                }
            } else if (c == '.') {
                if (digits == 0 || b > 255 || ++parts > 4) {
                    return -1L;
                }
                v = (v << 8) | b;
                b = 0;
                digits = 0;
            } else {
                return -1L;
            }
        }
        return parts == 4 ? v : -1L;
    }

    static int parse(String s) {
        long v = tryParse(s);
        if (v < 0) {
            throw new IllegalArgumentException("not an IPv4 address: " + s);
        }
        return (int) v;
    }

    static byte[] bytes(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    static String format(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
