package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HexLinesReaderTest {

    private static List<Captured> read(String text) {
        return Captured.readAll(text.getBytes(StandardCharsets.ISO_8859_1), "m.hex");
    }

    private static CaptureFormatException fail(String text) {
        return assertThrows(CaptureFormatException.class, () -> read(text));
    }

    @Test
    void separatorsCommentsAndBlankLines() {
        List<Captured> all = read("""
                # a comment
                01 02 0a ff

                01:02:0A:FF
                \t01020aff   # trailing comment
                  :: 01\t02 :0a: ff ::
                """);
        assertEquals(4, all.size());
        for (Captured c : all) {
            assertArrayEquals(new byte[] {1, 2, 10, (byte) 0xff}, c.payload());
            assertEquals(Optional.empty(), c.timestamp());
            assertEquals(Optional.empty(), c.source());
            assertEquals(4, c.declaredLength());
        }
        assertEquals(List.of(2L, 4L, 5L, 6L), all.stream().map(Captured::frameNumber).toList());
    }

    @Test
    void crlfByteOrderMarkAndNoFinalNewline() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] text = "0102\r\n# c\r\n0304".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(text, 0, file, 3, text.length);
        List<Captured> all = Captured.readAll(file, "bom.hex");
        assertEquals(2, all.size());
        assertArrayEquals(new byte[] {3, 4}, all.get(1).payload());
        assertEquals(3, all.get(1).frameNumber());
    }

    @Test
    void commentsOnlyGiveNoDatagrams() {
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream("# nothing\n\n".getBytes(StandardCharsets.US_ASCII)),
                Path.of("c.hex"), CaptureOptions.defaults())) {
            assertEquals(CaptureFormat.HEX_LINES, reader.format());
            assertEquals(false, reader.hasNext());
        }
    }

    @Test
    void locateNamesLineAndColumnOfAPayloadByte() {
        Captured c = read("# x\n  01 02:03 0405\n").get(0);
        assertEquals("m.hex:2:3", c.origin().locate(0));
        assertEquals("m.hex:2:6", c.origin().locate(1));
        assertEquals("m.hex:2:9", c.origin().locate(2));
        assertEquals("m.hex:2:12", c.origin().locate(3));
        assertEquals("m.hex:2:14", c.origin().locate(4));
        assertEquals("m.hex:2:16", c.origin().locate(5), "one past the last byte");
    }

    @Test
    void badHexDigitIsReportedWithLineAndColumn() {
        CaptureFormatException e = fail("0102\n# ok\n01 0g 03\n");
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertEquals(Path.of("m.hex"), e.file());
        assertEquals(5 + 5 + 3, e.offset());
        assertEquals("m.hex:3:4: hex digit '0' without a second digit (expected: two hex digits per byte)", e.getMessage());
    }

    @Test
    void oddDigitCountAndStrayCharacters() {
        CaptureFormatException odd = fail("01 020\n");
        assertEquals(1, odd.line());
        assertEquals(6, odd.column());

        CaptureFormatException split = fail("0 1\n");
        assertEquals(1, split.column());

        CaptureFormatException prefix = fail("01\n  0x01\n");
        assertEquals(2, prefix.line());
        assertEquals(3, prefix.column(), "'0x' is not a byte: the 0 lacks a second hex digit");

        CaptureFormatException stray = fail("01 zz\n");
        assertEquals("unexpected character 'z' (expected: hex digits, spaces, colons, or # comments)", stray.reason());
        assertEquals(4, stray.column());
    }

    @Test
    void nonTextBytesAreReportedWhereTheyAre() {
        CaptureFormatException e = fail("0102\n03\u00e904\n");
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertEquals(7, e.offset());
        assertTrue(e.reason().startsWith("byte 0xe9 is not text"), e.reason());
    }

    @Test
    void lineLengthLimitIsNamed() {
        String line = "00".repeat(40);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captured.readAll(
                (line + "\n").getBytes(StandardCharsets.US_ASCII), "long.hex",
                CaptureOptions.defaults().withMaxLineLength(64)));
        assertEquals(65, e.column());
        assertEquals("line longer than maxLineLength 64 (raise it with CaptureOptions.withMaxLineLength)", e.reason());
        assertEquals(1, Captured.readAll((line + "\n").getBytes(StandardCharsets.US_ASCII), "long.hex",
                CaptureOptions.defaults().withMaxLineLength(80)).size());
    }

    @Test
    void datagramsBeforeABadLineAreDelivered() {
        TrackingAllocator allocator = new TrackingAllocator();
        int delivered = 0;
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream("01\n02\nxx\n".getBytes(StandardCharsets.US_ASCII)),
                Path.of("d.hex"), CaptureOptions.defaults().withAllocator(allocator))) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (reader.hasNext()) {
                    Captured.take(reader.next());
                }
            });
            assertEquals(3, e.line());
            delivered = allocator.allocated();
        }
        assertEquals(2, delivered);
        assertEquals(0, allocator.live());
    }

    @Test
    void theFilterDoesNotApplyToHexLines() {
        List<Captured> all = Captured.readAll("0102\n".getBytes(StandardCharsets.US_ASCII), "f.hex",
                CaptureOptions.defaults().withFilter((s, d) -> false));
        assertEquals(1, all.size());
    }
}
