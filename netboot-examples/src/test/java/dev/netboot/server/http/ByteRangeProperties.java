package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ByteRangeProperties {
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> number = Arbitraries.longs().between(0, 5000).map(n -> Long.toString(n));
        Arbitrary<String> spec = Arbitraries.oneOf(
                Arbitraries.strings().withChars("bytes=0123456789-, ").ofMaxLength(20),
                number.map(n -> "bytes=" + n + "-"),
                number.map(n -> "bytes=-" + n),
                net.jqwik.api.Combinators.combine(number, number).as((a, b) -> "bytes=" + a + "-" + b));
        return spec;
    }

    /** Whatever the header, a partial answer lies inside the representation and is not empty. */
    @Property(tries = 2000)
    void partialRangesLieInsideTheRepresentation(@ForAll("headers") String header,
            @ForAll @LongRange(min = 0, max = 4000) long size) {
        ByteRange r = ByteRange.parse(header, size);
        switch (r.kind()) {
            case PARTIAL -> {
                assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < size, r + " for size " + size);
                assertEquals(r.last() - r.first() + 1, r.length());
            }
            case UNSATISFIABLE, FULL -> assertTrue(r.first() == 0 && r.last() == -1);
        }
    }

    /** A well-formed first-last range is partial exactly when first is inside the representation. */
    @Property(tries = 1000)
    void firstLastIsPartialIffFirstIsInside(@ForAll @LongRange(min = 0, max = 3000) long first,
            @ForAll @LongRange(min = 0, max = 3000) long extra, @ForAll @LongRange(min = 0, max = 3000) long size) {
        ByteRange r = ByteRange.parse("bytes=" + first + "-" + (first + extra), size);
        if (first < size) {
            assertEquals(new ByteRange(ByteRange.Kind.PARTIAL, first, Math.min(first + extra, size - 1)), r);
        } else {
            assertEquals(ByteRange.UNSATISFIABLE, r);
        }
    }
}
