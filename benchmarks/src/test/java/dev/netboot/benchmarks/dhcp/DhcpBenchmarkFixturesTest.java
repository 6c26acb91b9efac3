package dev.netboot.benchmarks.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks measure the same work everywhere: fixtures, baselines and peer adapters agree. */
class DhcpBenchmarkFixturesTest {

    @Test
    void corpusResourceHoldsEveryCapturedDhcpPacketOnceWithUniqueLabels() {
        List<Packets.Packet> corpus = Packets.corpus();
        assertEquals(62, corpus.size());
        Set<String> labels = new HashSet<>();
        for (Packets.Packet p : corpus) {
            assertTrue(labels.add(p.label()), p.label());
            assertTrue(p.label().matches("[a-z0-9-]+:\\d+-[a-z]+"), p.label());
            assertTrue(DhcpMessage.decode(Unpooled.wrappedBuffer(p.bytes())).hasMagicCookie(), p.label());
        }
        assertEquals(List.of("scapy-arch0-bios:1-discover"), Packets.select("scapy-arch0-bios:1-discover").stream()
                .map(Packets.Packet::label).toList());
        byte[] uboot = Packets.select(Packets.UBOOT_ARCH_0100).get(0).bytes();
        assertEquals(0x0100, DhcpMessage.decode(Unpooled.wrappedBuffer(uboot)).clientArchitecture().code());
    }

    @Test
    void minimalScanReadsTheSameFieldsAsNetbootOnEveryCorpusPacket() {
        for (Packets.Packet p : Packets.corpus()) {
            assertEquals(PeerProbes.oursDigest(p.bytes()), MinimalScan.decode(Unpooled.wrappedBuffer(p.bytes())), p.label());
        }
    }

    @Test
    void theDigestDependsOnEveryField() {
        int base = Fields.digest(1, 7, 32, true, 0x0ad500a6);
        assertNotEquals(base, Fields.digest(3, 7, 32, true, 0x0ad500a6));
        assertNotEquals(base, Fields.digest(1, 9, 32, true, 0x0ad500a6));
        assertNotEquals(base, Fields.digest(1, 7, 31, true, 0x0ad500a6));
        assertNotEquals(base, Fields.digest(1, 7, 32, false, 0x0ad500a6));
        assertNotEquals(base, Fields.digest(1, 7, 32, true, 0x0ad500a7));
    }

    @Test
    void everyPeerLoadsInIsolationAndReadsTheSameFieldsOnEveryCorpusPacket() {
        List<DhcpPeer> peers = Peers.all();
        assertEquals(3, peers.stream().map(DhcpPeer::name).distinct().count());
        // ApacheDS and anarres define the same class names; each must see its own
        assertNotEquals(Peers.apacheds().getClass().getClassLoader(), Peers.anarres().getClass().getClassLoader());
        for (Packets.Packet p : Packets.corpus()) {
            int expected = PeerProbes.oursDigest(p.bytes());
            for (DhcpPeer peer : peers) {
                ByteBuffer b = ByteBuffer.wrap(p.bytes());
                assertEquals(expected, peer.decodeFields(b), peer.name() + " on " + p.label());
                b.clear();
                assertEquals(expected, peer.decodeFields(b), peer.name() + " on " + p.label() + ", rewound");
            }
        }
    }

    @Test
    void craftedProbesCarryWhatTheyClaim() {
        DhcpMessage overloaded = DhcpMessage.decode(Unpooled.wrappedBuffer(Packets.overloadedFile()));
        assertEquals(1, overloaded.overload());
        assertEquals(Packets.OVERLOADED_BOOT_FILE, overloaded.bootFileName());
        assertTrue(overloaded.problems().isEmpty(), overloaded.problems().toString());
        DhcpMessage split = DhcpMessage.decode(Unpooled.wrappedBuffer(Packets.split(43, 300, 255)));
        assertEquals(2, split.occurrences(43));
        assertEquals(300, split.valueLength(43));
        assertTrue(split.problems().isEmpty(), split.problems().toString());
        List<String> report = PeerProbes.probeReport(Peers.all());
        assertEquals(3 * (2 + 3), report.size(), String.join("\n", report));
    }

    @Test
    void netbootAndMinimalEncodersWriteTheReferenceOfferAndEveryPeerIsChecked() {
        List<String> report = PeerProbes.encodeReport(Peers.all(), OfferSpec.REFERENCE);
        assertEquals(1 + 3 + 3, report.size());
        assertEquals("  netboot (pre-encoded): ok (309 bytes)", report.get(1));
        assertEquals("  netboot (typed): ok (309 bytes)", report.get(2));
        assertEquals("  minimal: ok (309 bytes)", report.get(3));
    }

    @Test
    void pcapReaderExtractsDhcpPayloadsAndSkipsOtherFrames(@TempDir Path dir) throws IOException {
        byte[] dhcp = Packets.split(60, 10, 255);
        ByteBuffer pcap = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        frame(pcap, udpFrame(dhcp, 68, 67));
        frame(pcap, udpFrame(new byte[] {1, 2, 3}, 5353, 5353));
        frame(pcap, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x06}); // ARP
        Path file = dir.resolve("probe.pcap");
        Files.write(file, java.util.Arrays.copyOf(pcap.array(), pcap.position()));
        List<PcapPayloads.Payload> payloads = PcapPayloads.read(file);
        assertEquals(1, payloads.size());
        assertEquals("probe:1-ack", payloads.get(0).label());
        assertEquals(ByteBuffer.wrap(dhcp), ByteBuffer.wrap(payloads.get(0).bytes()));
    }

    private static void frame(ByteBuffer pcap, byte[] frame) {
        pcap.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
    }

    private static byte[] udpFrame(byte[] payload, int src, int dst) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[12]).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).putInt(0).putInt(-1);
        f.putShort((short) src).putShort((short) dst).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return f.array();
    }

    @Test
    void resultTableReadsJmhJson() {
        Object json = new ResultTable.Json("[{\"benchmark\":\"a.B.ours\",\"params\":{\"packet\":\"all\"},"
                + "\"primaryMetric\":{\"score\":2.5e6,\"scoreError\":\"NaN\",\"rawData\":[[1.0,3,2]]},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":0.001}}, \"s\":\"x\\\"\\u0041\"}]").value();
        Map<?, ?> r = (Map<?, ?>) ((List<?>) json).get(0);
        assertEquals("a.B.ours", r.get("benchmark"));
        assertEquals("x\"A", r.get("s"));
        assertEquals(List.of(List.of(1.0, 3.0, 2.0)), ((Map<?, ?>) r.get("primaryMetric")).get("rawData"));
        assertEquals("NaN", ((Map<?, ?>) r.get("primaryMetric")).get("scoreError"));
    }
}
