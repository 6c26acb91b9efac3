package dev.netboot.cli.capture;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Text with one UDP payload per line, in hex: bytes are two hex digits, optionally separated by
 * spaces, tabs or colons; {@code #} starts a comment to the end of the line; blank lines are
 * skipped; CRLF line ends and a leading UTF-8 byte-order mark are accepted.
 */
final class HexLinesReader extends BaseReader {
    private final byte[] bytes;
    private final StringBuilder line = new StringBuilder();
    private long lineNumber;

    HexLinesReader(ByteSource source, CaptureOptions options, boolean byteOrderMark) {
        super(source, options);
        if (byteOrderMark) {
            source.skipFully(3, 0, "byte-order mark");
        }
        bytes = new byte[options.maxLineLength() / 2 + 1];
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.HEX_LINES;
    }

    @Override
    UdpDatagram readNext() {
        while (true) {
            long lineOffset = source.offset();
            if (!readLine(lineOffset)) {
                return null;
            }
            String text = line.toString();
            int count = parse(text, lineOffset);
            if (count == 0) {
                continue;
            }
            ByteBuf payload = options.allocator().buffer(count, count);
            payload.writeBytes(bytes, 0, count);
            return new UdpDatagram(new DatagramOrigin.Line(source.file(), lineNumber, text), Optional.empty(),
                    Optional.empty(), Optional.empty(), count, payload);
        }
    }

    /** Reads the next line into {@link #line}; false at the end of the file. */
    private boolean readLine(long lineOffset) {
        line.setLength(0);
        int c = source.read();
        if (c < 0) {
            return false;
        }
        lineNumber++;
        while (c >= 0 && c != '\n') {
            if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\r')) {
                throw error(lineOffset, line.length() + 1, "byte 0x" + Integer.toHexString(c)
                        + " is not text (expected: hex digits, spaces, colons, or # comments)");
            }
            if (line.length() == options.maxLineLength()) {
                throw error(lineOffset, line.length() + 1, "line longer than maxLineLength "
                        + options.maxLineLength() + " (raise it with CaptureOptions.withMaxLineLength)");
            }
            line.append((char) c);
            c = source.read();
        }
        return true;
    }

    /** Decodes {@code text} into {@link #bytes}; returns the byte count. */
    private int parse(String text, long lineOffset) {
        int count = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (isSeparator(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (Character.digit(c, 16) >= 0 && c < 0x80) {
                char next = i + 1 < length ? text.charAt(i + 1) : '\n';
                if (Character.digit(next, 16) < 0 || next >= 0x80) {
                    throw error(lineOffset, i + 1, "hex digit '" + c + "' without a second digit"
                            + " (expected: two hex digits per byte)");
                }
                bytes[count++] = (byte) (Character.digit(c, 16) << 4 | Character.digit(next, 16));
                i += 2;
            } else {
                throw error(lineOffset, i + 1, "unexpected character '" + c
                        + "' (expected: hex digits, spaces, colons, or # comments)");
            }
        }
        return count;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == ':' || c == '\r';
    }

    /** The 1-based column of the byte at {@code index} in a valid line (one past the last byte if beyond). */
    static int columnOfByte(String text, int index) {
        int count = 0;
        int i = 0;
        int end = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                break;
            }
            if (isSeparator(c)) {
                i++;
                continue;
            }
            if (count == index) {
                return i + 1;
            }
            count++;
            i += 2;
            end = i;
        }
        return end + 1;
    }

    private CaptureFormatException error(long lineOffset, int column, String reason) {
        return new CaptureFormatException(source.file(), lineOffset + column - 1, (int) Math.min(lineNumber,
                Integer.MAX_VALUE), column, reason);
    }
}
