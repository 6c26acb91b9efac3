package dev.netboot.rules;

import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.ByteBuf;

/**
 * Options read in place from a decoded message through the message's own index; an option that
 * occurs more than once (RFC 3396) is joined once through the message, on first use.
 */
final class MessageOptions extends OptionSource {
    private static final int ABSENT = -1;
    private static final int REPEATED = -2;

    private final DhcpMessage message;
    private final ByteBuf buf;
    /** Values of options that occur more than once, joined (RFC 3396) on first use; null until then. */
    private byte[][] joined;

    /** Reads through the message's own per-code index (O(1)): nothing is copied unless an option repeats. */
    MessageOptions(DhcpMessage message) {
        this.message = message;
        this.buf = message.buffer();
    }

    private byte[] joined(int code) {
        if (joined == null) {
            joined = new byte[256][];
        }
        byte[] v = joined[code];
        if (v == null) {
            v = joined[code] = message.optionBytes(code);
        }
        return v;
    }

    /**
     * Absolute buffer index of option {@code code}'s value when it occurs once; {@link #ABSENT}; or
     * {@link #REPEATED} (read it joined).
     */
    private int single(int code) {
        int at = message.valueIndex(code);
        if (at < 0) {
            return ABSENT;
        }
        return message.occurrences(code) == 1 ? at : REPEATED;
    }

    @Override
    int length(int code) {
        int at = single(code);
        return at >= 0 ? message.valueLength(code) : at == ABSENT ? -1 : joined(code).length;
    }

    @Override
    int get(int code, int i) {
        int at = single(code);
        return at >= 0 ? buf.getUnsignedByte(at + i) : joined(code)[i] & 0xff;
    }

    /**
     * The option is looked up once, not per byte: equality tests are the rules' hot path. Prefixes
     * and whole values go through the message, which compares its own array in one intrinsic
     * (a {@link dev.netboot.dhcp.DhcpMessageReader}'s view, what a server decides on) and joins
     * split options without copying.
     */
    @Override
    boolean regionEquals(int code, int off, byte[] v) {
        if (off == 0) {
            return message.optionStartsWith(code, v); // false for a code out of range, as for an absent one
        }
        int at = single(code);
        if (at == ABSENT) {
            return false;
        }
        if (at == REPEATED) {
            byte[] j = joined(code);
            return off >= 0 && off + v.length <= j.length && java.util.Arrays.equals(j, off, off + v.length, v, 0, v.length);
        }
        return off >= 0 && off + v.length <= message.valueLength(code) && bytesEqual(at + off, v);
    }

    /** One lookup for length and bytes: {@code option X = "..."} is the rules' most common test. */
    @Override
    boolean valueEquals(int code, byte[] v) {
        return message.optionEquals(code, v);
    }

    @Override
    boolean has(int code) {
        return message.has(code);
    }

    private boolean bytesEqual(int from, byte[] v) {
        for (int i = 0; i < v.length; i++) {
            if (buf.getByte(from + i) != v[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    int nextCode(int after) {
        for (int c = after + 1; c < 256; c++) {
            if (message.has(c)) {
                return c;
            }
        }
        return -1;
    }
}
