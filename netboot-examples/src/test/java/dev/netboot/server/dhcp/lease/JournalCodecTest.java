package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalCodecTest {
    private static final ClientKey CLIENT = ClientKey.parse("hw:01:52:54:00:12:34:56");

    static String line(Lease lease) {
        LineBuffer out = new LineBuffer(64);
        JournalCodec.appendRecord(out, lease);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    static Lease parse(String line) throws JournalCodec.ParseException {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        int to = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        return JournalCodec.parseRecord(bytes, 0, to);
    }

    @Test
    void recordIsOneReadableLine() throws Exception {
        Lease lease = new Lease(Ipv4.parse("10.213.0.101"), CLIENT, Optional.of("pc 1\\é"),
                ManualClock.START, ManualClock.START + 86_400_000L + 5, Lease.State.ACTIVE);
        String line = line(lease);
        assertTrue(line.matches("lease 10\\.213\\.0\\.101 client hw:01:52:54:00:12:34:56 starts 2026-11-25T12:00:00Z"
                + " ends 2026-11-26T12:00:00\\.005Z state active hostname pc\\\\u00201\\\\\\\\\\\\u00e9"
                + " crc32=[0-9a-f]{8}\n"), line);
        assertEquals(lease, parse(line));
    }

    @Test
    void infiniteLeaseEndsNever() throws Exception {
        Lease lease = new Lease(-1, CLIENT, Optional.empty(), 0, Long.MAX_VALUE, Lease.State.ACTIVE);
        String line = line(lease);
        assertTrue(line.startsWith("lease 255.255.255.255 client hw:01:52:54:00:12:34:56 starts 1970-01-01T00:00:00Z"
                + " ends never state active crc32="), line);
        assertEquals(lease, parse(line));
    }

    @Test
    void timesOutsideTheFastRangeRoundTrip() throws Exception {
        for (long t : new long[] {-62_135_596_800_000L - 1, 253_402_300_800_000L + 7, Long.MAX_VALUE - 1, -1}) {
            Lease lease = new Lease(1, CLIENT, Optional.empty(), t, t, Lease.State.EXPIRED);
            assertEquals(lease, parse(line(lease)), line(lease));
        }
    }

    @Test
    void everyStateRoundTrips() throws Exception {
        for (Lease.State state : Lease.State.values()) {
            Lease lease = new Lease(7, CLIENT, Optional.empty(), 1000, 2000, state);
            assertTrue(line(lease).contains(" state " + state.name().toLowerCase() + " "));
            assertEquals(lease, parse(line(lease)));
        }
    }

    @Test
    void errorsNameTheColumn() {
        String good = line(new Lease(7, CLIENT, Optional.empty(), 1000, 2000, Lease.State.ACTIVE));
        JournalCodec.ParseException e = assertThrows(JournalCodec.ParseException.class,
                () -> parse(good.replace("state active", "state xctive")));
        assertTrue(e.getMessage().startsWith("checksum mismatch"), e.getMessage());

        String body = "lease 10.0.0.1 client hw:01 starts 2026-11-25T12:00:00Z ends 2026-11-25T12:00:00Z state bogus";
        e = assertThrows(JournalCodec.ParseException.class, () -> parse(withCrc(body)));
        assertEquals(body.indexOf("bogus") + 1, e.column);
        assertTrue(e.getMessage().startsWith("state: unknown"), e.getMessage());

        String badTime = body.replace("state bogus", "state active")
                .replace("starts 2026-11-25T12", "starts 2026-13-25T12");
        e = assertThrows(JournalCodec.ParseException.class, () -> parse(withCrc(badTime)));
        assertEquals(badTime.indexOf("2026-13") + 1, e.column);

        e = assertThrows(JournalCodec.ParseException.class, () -> parse("lease 10.0.0.1 client"));
        assertTrue(e.getMessage().contains("no checksum"), e.getMessage());
    }

    static String withCrc(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.ISO_8859_1));
        return body + String.format(" crc32=%08x", crc.getValue());
    }
}
