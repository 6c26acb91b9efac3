package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static ByteRange partial(long first, long last) {
        return new ByteRange(ByteRange.Kind.PARTIAL, first, last);
    }

    @Test
    void singleRanges() {
        assertEquals(partial(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(partial(500, 999), ByteRange.parse("bytes=500-", 1000));
        assertEquals(partial(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(partial(0, 999), ByteRange.parse("bytes=-5000", 1000), "suffix longer than the file");
        assertEquals(partial(990, 999), ByteRange.parse("bytes=990-5000", 1000), "last clamped");
        assertEquals(partial(7, 7), ByteRange.parse("bytes=7-7", 1000));
        assertEquals(partial(1, 2), ByteRange.parse(" Bytes = 1-2 ", 1000), "unit is case-insensitive");
        assertEquals(partial(1, 2), ByteRange.parse("bytes=1-2, ,", 1000), "empty list elements are ignored");
        assertEquals(partial(0, 999), ByteRange.parse("bytes=0-99999999999999999999999", 1000), "saturates");
    }

    @Test
    void unsatisfiable() {
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-2000", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0), "empty file");
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-1", 0), "empty file");
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=99999999999999999999999-", 1000));
    }

    @Test
    void ignoredMeansTheWholeRepresentation() {
        assertEquals(ByteRange.FULL, ByteRange.parse(null, 1000));
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=0-1,5-6", 1000), "multi-range served whole");
        assertEquals(ByteRange.FULL, ByteRange.parse("items=0-1", 1000), "unknown unit");
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=5-1", 1000), "last before first");
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=a-b", 1000));
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=+1-2", 1000));
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=1 - 2", 1000), "no white space inside a range");
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=", 1000));
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes=-", 1000));
        assertEquals(ByteRange.FULL, ByteRange.parse("bytes 0-1", 1000));
    }
}
