package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus capture read through {@link CaptureReader} yields exactly the DHCP packets tshark
 * listed, in the same order. The header and option bytes are compared with tshark's fields by a
 * plain TLV walk here (no DHCP codec), which checks the reader's payload boundaries and the
 * expectation loader at once.
 */
class CorpusCaptureTest {

    static List<Path> captures() {
        return Corpus.dhcpCaptures();
    }

    @Test
    void theCorpusIsThere() {
        assertEquals(13, captures().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void datagramsMatchTsharkInNumberAndOrder(Path capture) {
        List<TsharkDhcpPacket> expected = TsharkDhcpPacket.load(Corpus.expectationsOf(capture));
        List<CaptureNote> notes = new ArrayList<>();

        List<Captured> actual = Captured.readAll(capture,
                CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp()).withNotes(notes::add));

        assertEquals(expected.size(), actual.size(), capture + ": DHCP datagrams");
        assertEquals(List.of(), notes);
        long previousFrame = 0;
        for (int i = 0; i < actual.size(); i++) {
            Captured datagram = actual.get(i);
            TsharkDhcpPacket packet = expected.get(i);
            String where = datagram.origin() + " vs tshark packet " + i;
            assertTrue(datagram.frameNumber() > previousFrame, where + ": frames in file order");
            previousFrame = datagram.frameNumber();
            assertTrue(Set.of(67, 68).contains(datagram.sourcePort()), where);
            assertTrue(Set.of(67, 68).contains(datagram.destinationPort()), where);
            assertEquals(datagram.payload().length, datagram.declaredLength(), where);
            assertHeader(packet, datagram.payload(), where);
            assertOptions(packet, datagram.payload(), where);
        }
    }

    @Test
    void nonDhcpFramesAreSkipped() {
        Path dhclient = Corpus.dhcp().resolve("dhclient-dora.pcap");
        List<Long> frames = Captured.readAll(dhclient, CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp()))
                .stream().map(Captured::frameNumber).toList();
        // Frames 2-5 and 9-10 are ARP and ICMP.
        assertEquals(List.of(1L, 6L, 7L, 8L, 11L), frames);
    }

    private static void assertHeader(TsharkDhcpPacket p, byte[] b, String where) {
        assertEquals(p.op(), b[0] & 0xff, where + ": op");
        assertEquals(p.hardwareType(), b[1] & 0xff, where + ": htype");
        assertEquals(p.hardwareLength(), b[2] & 0xff, where + ": hlen");
        assertEquals(p.hops(), b[3] & 0xff, where + ": hops");
        assertEquals(p.xid(), u32(b, 4), where + ": xid");
        assertEquals(p.secs(), u16(b, 8), where + ": secs");
        assertEquals(p.flags(), u16(b, 10), where + ": flags");
        assertEquals(p.clientAddress(), dotted(b, 12), where + ": ciaddr");
        assertEquals(p.yourAddress(), dotted(b, 16), where + ": yiaddr");
        assertEquals(p.serverAddress(), dotted(b, 20), where + ": siaddr");
        assertEquals(p.relayAddress(), dotted(b, 24), where + ": giaddr");
        StringJoiner mac = new StringJoiner(":");
        for (int i = 0; i < (b[2] & 0xff); i++) {
            mac.add(String.format("%02x", b[28 + i] & 0xff));
        }
        assertEquals(p.clientMac(), mac.toString(), where + ": chaddr");
        assertEquals(p.serverName(), text(b, 44, 64), where + ": sname");
        assertEquals(p.file(), text(b, 108, 128), where + ": file");
        assertEquals(p.cookie(), dotted(b, 236), where + ": cookie");
    }

    private static void assertOptions(TsharkDhcpPacket p, byte[] b, String where) {
        List<String> wire = new ArrayList<>();
        int at = 240;
        int end = b.length;
        while (at < b.length) {
            int code = b[at] & 0xff;
            if (code == 0) {
                at++;
                continue;
            }
            if (code == 255) {
                wire.add("255/0/");
                end = at + 1;
                break;
            }
            int length = b[at + 1] & 0xff;
            wire.add(code + "/" + length + "/" + HexFormat.of().formatHex(b, at + 2, at + 2 + length));
            at += 2 + length;
        }
        List<String> tshark = p.options().stream().map(o -> o.code() + "/" + o.length() + "/" + o.valueHex()).toList();
        assertEquals(tshark, wire, where + ": options");
        String after = HexFormat.of().formatHex(b, end, b.length);
        // tshark names trailing zeros "padding" only when some exist.
        assertEquals(p.padding(), after, where + ": padding after End");
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static String dotted(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    private static String text(byte[] b, int at, int size) {
        int n = 0;
        while (n < size && b[at + n] != 0) {
            n++;
        }
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }
}
