package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class JournalCodecProperties {
    @Provide
    static Arbitrary<ClientKey> clientKeys() {
        Arbitrary<ClientKey> ids = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(255)
                .map(ClientKey::clientIdentifier);
        Arbitrary<ClientKey> hws = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16)).as(ClientKey::hardware);
        return Arbitraries.oneOf(ids, hws);
    }

    @Provide
    static Arbitrary<Lease> leases() {
        Arbitrary<Optional<String>> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(255)
                .injectNull(0.3).map(Optional::ofNullable);
        Arbitrary<Long> times = Arbitraries.oneOf(
                Arbitraries.longs().between(ManualClock.START - 10_000_000_000L, ManualClock.START + 10_000_000_000L),
                Arbitraries.longs(), Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L));
        return Combinators.combine(Arbitraries.integers(), clientKeys(), names, times, times,
                Arbitraries.of(Lease.State.class))
                .as((address, key, name, a, b, state) -> new Lease(address, key, name, Math.min(a, b), Math.max(a, b),
                        state));
    }

    @Property(tries = 500)
    void recordsRoundTrip(@ForAll("leases") Lease lease) throws Exception {
        String line = JournalCodecTest.line(lease);
        assertEquals(1, line.chars().filter(c -> c == '\n').count());
        assertEquals(true, line.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'), line);
        assertEquals(true, line.length() <= JournalCodec.MAX_LINE, "line length " + line.length());
        assertEquals(lease, JournalCodecTest.parse(line));
    }

    /** CRC-32 detects every burst error of up to 32 bits, so any one changed byte is caught. */
    @Property(tries = 500)
    void anyChangedByteIsDetected(@ForAll("leases") Lease lease, @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] bytes = JournalCodecTest.line(lease).getBytes(StandardCharsets.US_ASCII);
        int to = bytes.length - 1;
        int at = where % to;
        bytes[at] ^= (byte) flip;
        JournalCodec.ParseException e = assertThrows(JournalCodec.ParseException.class,
                () -> JournalCodec.parseRecord(bytes, 0, to));
        assertEquals(true, e.column >= 1 && e.column <= to + 1, "column " + e.column);
    }

    /** Garbage never escapes as anything but a ParseException with a column on the line. */
    @Property(tries = 1000)
    void garbageIsReportedNotThrown(@ForAll("leases") Lease lease, @ForAll @IntRange(min = 0, max = 200) int cut,
            @ForAll("insertions") String inserted, @ForAll boolean fixCrc) {
        String line = JournalCodecTest.line(lease);
        String body = line.substring(0, line.indexOf(" crc32="));
        int at = Math.min(cut, body.length());
        String mangled = body.substring(0, at) + inserted + body.substring(Math.min(body.length(), at + cut % 7));
        String text = fixCrc ? JournalCodecTest.withCrc(mangled) : mangled;
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        try {
            Lease parsed = JournalCodec.parseRecord(bytes, 0, bytes.length);
            assertEquals(parsed, JournalCodecTest.parse(JournalCodecTest.line(parsed)));
        } catch (JournalCodec.ParseException e) {
            assertEquals(true, e.column >= 1 && e.column <= bytes.length + 1, "column " + e.column + " of " + text);
        }
    }

    @Provide
    Arbitrary<String> insertions() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("", " ", "  ", "lease", "never", "\\u", "\\", "hw:", ":", "crc32=",
                        "2026-02-30T00:00:00Z",
                        "99999-01-01T00:00:00Z", " hostname", " hostname x y", "state", "\u0000"));
    }
}
