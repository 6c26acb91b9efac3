package dev.netboot.server.dhcp.lease;

import java.util.Arrays;

/** A growable ASCII byte buffer for journal lines; not thread-safe. */
final class LineBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    LineBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }

    void append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
    }

    void appendAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    void appendHexByte(int b) {
        ensure(2);
        bytes[length++] = HEX[(b >>> 4) & 0xf];
        bytes[length++] = HEX[b & 0xf];
    }

    void appendHexInt(int value) {
        ensure(8);
        for (int shift = 28; shift >= 0; shift -= 4) {
            bytes[length++] = HEX[(value >>> shift) & 0xf];
        }
    }

    /** Appends {@code value} (0 to 9999) zero-padded to {@code width} digits. */
    void appendPadded(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    void appendDecimal(long value) {
        appendAscii(Long.toString(value));
    }

    void appendDecimal(int value) {
        if (value >= 0 && value < 10) {
            append((char) ('0' + value));
        } else if (value >= 10 && value < 100) {
            appendPadded(value, 2);
        } else if (value >= 100 && value < 1000) {
            appendPadded(value, 3);
        } else {
            appendAscii(Integer.toString(value));
        }
    }

    void append(LineBuffer other) {
        ensure(other.length);
        System.arraycopy(other.bytes, 0, bytes, length, other.length);
        length += other.length;
    }
}
