package dev.netboot.cli.capture;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Recognises the input format from its first bytes and makes the matching reader. */
final class CaptureReaders {
    private static final String EXPECTED = "expected: pcap magic a1b2c3d4 or a1b23c4d in either byte order,"
            + " pcapng section header 0a0d0d0a, or text with one hex payload per line";

    private CaptureReaders() {}

    /** Reads {@code in}, naming {@code file} in messages; closes {@code in} if this throws. */
    static CaptureReader open(InputStream in, Path file, CaptureOptions options) {
        ByteSource source = new ByteSource(in, file);
        try {
            return recognise(source, options);
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (UncheckedIOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static CaptureReader recognise(ByteSource source, CaptureOptions options) {
        byte[] magic = new byte[4];
        int n = source.peek(magic, 4);
        if (n == 0) {
            throw new CaptureFormatException(source.file(), 0, "empty file (" + EXPECTED + ")");
        }
        if (n >= 3 && (magic[0] & 0xff) == 0xef && (magic[1] & 0xff) == 0xbb && (magic[2] & 0xff) == 0xbf) {
            return new HexLinesReader(source, options, true);
        }
        if (n == 4) {
            int big = (int) Bytes.u32(magic, 0, true);
            int little = Integer.reverseBytes(big);
            if (big == PcapReader.MAGIC_MICROS || big == PcapReader.MAGIC_NANOS
                    || little == PcapReader.MAGIC_MICROS || little == PcapReader.MAGIC_NANOS) {
                return new PcapReader(source, options);
            }
            if (big == PcapngReader.SECTION_HEADER) {
                return new PcapngReader(source, options);
            }
        } else if (isMagicPrefix(magic, n)) {
            throw new CaptureFormatException(source.file(), 0, "truncated file header: the file ends after "
                    + n + " bytes");
        }
        if (isText(magic, n)) {
            return new HexLinesReader(source, options, false);
        }
        throw new CaptureFormatException(source.file(), 0, "unrecognised format: first bytes 0x"
                + Bytes.hex(magic, n) + " (" + EXPECTED + ")");
    }

    private static boolean isText(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\r' && c != '\n')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMagicPrefix(byte[] b, int n) {
        int[] magics = {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS, Integer.reverseBytes(PcapReader.MAGIC_MICROS),
            Integer.reverseBytes(PcapReader.MAGIC_NANOS), PcapngReader.SECTION_HEADER};
        for (int magic : magics) {
            boolean prefix = true;
            for (int i = 0; i < n && prefix; i++) {
                prefix = (b[i] & 0xff) == ((magic >>> (24 - 8 * i)) & 0xff);
            }
            if (prefix) {
                return true;
            }
        }
        return false;
    }
}
