package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Real transfers captured on the project's test network (tftp-hpa, curl and atftp clients against
 * in.tftpd/dnsmasq): every datagram decodes and re-encodes to the same bytes, and replaying one side
 * of a transfer into our machines reproduces the other side's packets.
 */
class CaptureTest {
    private static final String HPA = "tftp-hpa-get.pcap";
    private static final String CURL = "curl-tftp.pcap";
    private static final String ATFTP = "atftp-get-options.pcap";

    private static TftpPacket decode(byte[] payload) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            TftpPacket p = TftpCodec.decode(buf);
            return p instanceof TftpPacket.Data d ? new TftpPacket.Data(d.block(), Unpooled.buffer(d.payload().readableBytes()).writeBytes(d.payload())) : p;
        } finally {
            assertTrue(buf.release());
        }
    }

    private static void release(TftpPacket p) {
        if (p instanceof TftpPacket.Data d) {
            assertTrue(d.payload().release());
        }
    }

    private static byte[] encode(TftpPacket p) {
        ByteBuf out = Unpooled.buffer();
        try {
            TftpCodec.encode(p, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            assertTrue(out.release());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HPA, CURL, ATFTP})
    void everyDatagramDecodesAndReencodesByteForByte(String capture) {
        List<PcapReader.Datagram> datagrams = PcapReader.udp(capture);
        assertTrue(datagrams.size() > 50, capture);
        for (PcapReader.Datagram d : datagrams) {
            TftpPacket p = decode(d.payload());
            try {
                assertArrayEquals(d.payload(), encode(p), capture + " #" + d.index() + " " + p);
            } finally {
                release(p);
            }
        }
    }

    @Test
    void opcodeCountsMatchTheCaptures() {
        assertEquals(Map.of(1, 4, 3, 132, 4, 133, 5, 1), opcodes(HPA));
        assertEquals(Map.of(1, 4, 3, 50, 4, 52, 5, 1, 6, 3), opcodes(CURL));
        assertEquals(Map.of(1, 2, 3, 90, 4, 92, 6, 4), opcodes(ATFTP));
    }

    private static Map<Integer, Integer> opcodes(String capture) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (PcapReader.Datagram d : PcapReader.udp(capture)) {
            TftpPacket p = decode(d.payload());
            counts.merge(p.opcode(), 1, Integer::sum);
            release(p);
        }
        return counts;
    }

    @Test
    void requestsOptionsAndErrorsAsCaptured() {
        List<PcapReader.Datagram> curl = PcapReader.udp(CURL);
        TftpPacket.ReadRequest rrq = assertInstanceOf(TftpPacket.ReadRequest.class, decode(curl.get(0).payload()));
        assertEquals("513.bin", rrq.filename());
        assertEquals(TransferMode.OCTET, rrq.mode());
        assertEquals(TftpOptions.of("tsize", "0", "blksize", "512", "timeout", "6"), rrq.options());

        TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, decode(curl.get(1).payload()));
        assertEquals(TftpOptions.of("blksize", "512", "tsize", "513"), oack.options());
        // the server dropped the timeout: still a valid answer for the client
        TransferParameters p = OptionNegotiation.acceptOack(rrq, oack);
        assertEquals(513, p.transferSize());
        assertEquals(0, p.timeoutSeconds());

        TftpPacket.ErrorPacket error = curl.stream().map(d -> decode(d.payload()))
                .filter(x -> x instanceof TftpPacket.ErrorPacket).map(TftpPacket.ErrorPacket.class::cast)
                .findFirst().orElseThrow();
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, error.code());
        assertEquals("file /run/nbharness/tftproot/no-such-file.bin not found for 10.213.0.2", error.message());
    }

    @Test
    void windowsizeNotGrantedByTheCapturedServer() {
        List<PcapReader.Datagram> atftp = PcapReader.udp(ATFTP);
        TftpPacket.ReadRequest rrq = null;
        TftpPacket.OptionAck oack = null;
        for (PcapReader.Datagram d : atftp) {
            TftpPacket x = decode(d.payload());
            if (x instanceof TftpPacket.ReadRequest r && r.options().contains("windowsize")) {
                rrq = r;
            } else if (rrq != null && oack == null && x instanceof TftpPacket.OptionAck o) {
                oack = o;
            }
            release(x);
        }
        assertEquals(TftpOptions.of("blksize", "1468", "windowsize", "4"), rrq.options());
        assertEquals(TftpOptions.of("blksize", "1468"), oack.options());
        TransferParameters p = OptionNegotiation.acceptOack(rrq, oack);
        assertEquals(1468, p.blockSize());
        assertEquals(1, p.windowSize());
    }

    /** The packets of one transfer: everything exchanged between the client port and one server port. */
    private static List<PcapReader.Datagram> flow(String capture, int clientPort) {
        List<PcapReader.Datagram> all = PcapReader.udp(capture);
        List<PcapReader.Datagram> out = new ArrayList<>();
        for (PcapReader.Datagram d : all) {
            if (d.sourcePort() == clientPort || d.destinationPort() == clientPort) {
                out.add(d);
            }
        }
        return out;
    }

    private static byte[] fileOf(List<PcapReader.Datagram> flow, int clientPort) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int expected = 1;
        for (PcapReader.Datagram d : flow) {
            if (d.destinationPort() != clientPort) {
                continue;
            }
            TftpPacket p = decode(d.payload());
            if (p instanceof TftpPacket.Data data && data.block() == expected) {
                file.writeBytes(ByteBufUtil.getBytes(data.payload()));
                expected++;
            }
            release(p);
        }
        return file.toByteArray();
    }

    @Test
    void theSameFileArrivesWithBothBlockSizes() {
        byte[] viaHpa = fileOf(flow(HPA, 44443), 44443);
        byte[] viaCurl = fileOf(flow(CURL, 51004), 51004);
        assertEquals(65536, viaHpa.length);
        assertArrayEquals(viaHpa, viaCurl);
    }

    @Test
    void ourClientAcknowledgesTheCapturedServerExactlyAsTftpHpaDid() {
        int clientPort = 44443;
        List<PcapReader.Datagram> flow = flow(HPA, clientPort);
        TftpPacket.ReadRequest rrq = assertInstanceOf(TftpPacket.ReadRequest.class, decode(flow.get(0).payload()));
        Simulation.Collector sink = new Simulation.Collector();
        long now = 0;
        TftpTransfer client = TftpClientTransfer.get(rrq, RetransmitPolicy.DEFAULT, sink, now);
        assertArrayEquals(flow.get(0).payload(), encode(client.pollOutgoing()));
        assertNull(client.pollOutgoing());
        int acks = 0;
        for (int i = 1; i < flow.size(); i++) {
            PcapReader.Datagram d = flow.get(i);
            if (d.destinationPort() != clientPort) {
                continue;
            }
            now += 1_000_000;
            ByteBuf wire = Unpooled.wrappedBuffer(d.payload());
            try {
                client.onPacket(TftpCodec.decode(wire), now);
            } finally {
                assertTrue(wire.release());
            }
            TftpPacket ours = client.pollOutgoing();
            assertArrayEquals(flow.get(i + 1).payload(), encode(ours), "answer to capture #" + d.index());
            assertNull(client.pollOutgoing());
            acks++;
        }
        assertEquals(129, acks);
        assertArrayEquals(fileOf(flow, clientPort), sink.bytes());
        TftpEvent last = null;
        for (TftpEvent e; (e = client.pollEvent()) != null; ) {
            last = e;
        }
        assertEquals(65536, assertInstanceOf(TftpEvent.Completed.class, last).stats().bytes());
    }

    @Test
    void ourServerSendsTheCapturedBlocksToTheCapturedCurlRequest() {
        int clientPort = 51004;
        List<PcapReader.Datagram> flow = flow(CURL, clientPort);
        byte[] file = fileOf(flow, clientPort);
        TftpPacket.ReadRequest rrq = assertInstanceOf(TftpPacket.ReadRequest.class, decode(flow.get(0).payload()));
        long now = 0;
        TftpTransfer server = TftpServerTransfer.read(rrq, Simulation.source(file), TftpServerPolicy.DEFAULT, now);
        TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, server.pollOutgoing());
        // unlike the captured server we also grant curl's timeout, in curl's order
        assertEquals(TftpOptions.of("tsize", "65536", "blksize", "1468", "timeout", "6"), oack.options());
        OptionNegotiation.acceptOack(rrq, oack);
        int blocks = 0;
        for (int i = 1; i < flow.size(); i++) {
            PcapReader.Datagram d = flow.get(i);
            TftpPacket p = decode(d.payload());
            if (d.sourcePort() == clientPort && p instanceof TftpPacket.Ack) {
                now += 1_000_000;
                server.onPacket(p, now);
                TftpPacket ours = server.pollOutgoing();
                if (ours != null) {
                    // the captured client's next packet was preceded by the captured server's DATA
                    PcapReader.Datagram theirs = nextFromServer(flow, i, clientPort);
                    try {
                        assertArrayEquals(theirs.payload(), encode(ours), "block after capture #" + d.index());
                    } finally {
                        release(ours);
                    }
                    blocks++;
                }
                assertNull(server.pollOutgoing());
            }
            release(p);
        }
        assertEquals(45, blocks); // 65536 / 1468 = 44.6
        TftpEvent last = null;
        for (TftpEvent e; (e = server.pollEvent()) != null; ) {
            last = e;
        }
        assertEquals(65536, assertInstanceOf(TftpEvent.Completed.class, last).stats().bytes());
        assertTrue(server.isDone());
    }

    private static PcapReader.Datagram nextFromServer(List<PcapReader.Datagram> flow, int from, int clientPort) {
        for (int j = from + 1; j < flow.size(); j++) {
            if (flow.get(j).destinationPort() == clientPort) {
                return flow.get(j);
            }
        }
        throw new AssertionError("no server packet after #" + from);
    }
}
