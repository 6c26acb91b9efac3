package dev.netboot.rules;

import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.ByteBuf;

/**
 * Options read in place from a decoded message: one scan maps each code to its option index; an
 * option that occurs more than once (RFC 3396) is joined once through the message.
 */
final class MessageOptions extends OptionSource {
    private final DhcpMessage message;
    private final ByteBuf buf;
    private final short[] slot = new short[256];
    private byte[][] joined;

    MessageOptions(DhcpMessage message) {
        this.message = message;
        this.buf = message.buffer();
        int n = message.optionCount();
        for (int i = 0; i < n; i++) {
            int c = message.optionCode(i);
            if (slot[c] == 0) {
                slot[c] = (short) Math.min(i + 1, Short.MAX_VALUE);
            } else if (slot[c] > 0) {
                slot[c] = -1;
                if (joined == null) {
                    joined = new byte[256][];
                }
                joined[c] = message.optionBytes(c);
            }
        }
    }

    @Override
    int length(int code) {
        if (code < 0 || code > 255) {
            return -1;
        }
        int s = slot[code];
        if (s > 0) {
            return message.optionLength(s - 1);
        }
        return s < 0 ? joined[code].length : -1;
    }

    @Override
    int get(int code, int i) {
        int s = slot[code];
        if (s > 0) {
            return buf.getUnsignedByte(message.optionValueIndex(s - 1) + i);
        }
        return joined[code][i] & 0xff;
    }

    @Override
    int nextCode(int after) {
        for (int c = after + 1; c < 256; c++) {
            if (slot[c] != 0) {
                return c;
            }
        }
        return -1;
    }
}
