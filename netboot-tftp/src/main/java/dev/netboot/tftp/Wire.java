package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/** Byte-level helpers shared by the codec and the records; strings are ISO-8859-1 on the wire. */
final class Wire {
    private Wire() {}

    static void requireEncodable(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException(what + " has character U+" + String.format("%04X", (int) c)
                        + " at index " + i + " (expected: U+0001 to U+00FF)");
            }
        }
    }

    /** Writes {@code s} as ISO-8859-1, replacing characters above U+00FF and NUL by '?'. */
    static void writeString(ByteBuf out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.writeByte(c == 0 || c > 0xFF ? '?' : c);
        }
    }

    static void writeStringZ(ByteBuf out, String s) {
        writeString(out, s);
        out.writeByte(0);
    }

    /**
     * Parses an unsigned decimal number of at most {@code maxDigits} digits (leading zeros allowed),
     * or returns -1 when {@code s} is not one.
     */
    static long parseUnsigned(String s, int maxDigits) {
        int start = 0;
        while (start < s.length() - 1 && s.charAt(start) == '0') {
            start++;
        }
        if (s.isEmpty() || s.length() - start > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
