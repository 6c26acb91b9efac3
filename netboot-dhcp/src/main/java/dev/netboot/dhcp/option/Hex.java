package dev.netboot.dhcp.option;

import io.netty.buffer.ByteBuf;

/** Hex formatting helpers shared by the codecs. Stateless. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    static String format(byte[] bytes, int from, int length) {
        if (length == 0) {
            return "";
        }
        char[] out = new char[length * 3 - 1];
        for (int i = 0; i < length; i++) {
            int b = bytes[from + i] & 0xFF;
            if (i > 0) {
                out[i * 3 - 1] = ':';
            }
            out[i * 3] = DIGITS[b >>> 4];
            out[i * 3 + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }

    static String format(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return "";
        }
        char[] out = new char[length * 3 - 1];
        for (int i = 0; i < length; i++) {
            int b = buf.getUnsignedByte(index + i);
            if (i > 0) {
                out[i * 3 - 1] = ':';
            }
            out[i * 3] = DIGITS[b >>> 4];
            out[i * 3 + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }
}
