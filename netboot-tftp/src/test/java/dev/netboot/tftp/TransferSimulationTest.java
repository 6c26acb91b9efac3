package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client and server machines joined by a simulated link. */
class TransferSimulationTest {
    private static final long MS = Simulation.MS;

    record Run(Simulation.Result result, byte[] received, TftpTransfer client, TftpTransfer server) {
        TftpEvent.Completed clientCompleted() {
            return assertInstanceOf(TftpEvent.Completed.class, Simulation.terminal(result.clientEvents()), "client");
        }

        TftpEvent.Completed serverCompleted() {
            return assertInstanceOf(TftpEvent.Completed.class, Simulation.terminal(result.serverEvents()), "server");
        }
    }

    static Run get(byte[] file, TftpPacket.ReadRequest request, TftpServerPolicy policy, Simulation.Link link) {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer client = TftpClientTransfer.get(request, RetransmitPolicy.DEFAULT, sink, 0);
        Simulation sim = new Simulation(link, true, true, client, (r, now) ->
                TftpServerTransfer.read((TftpPacket.ReadRequest) r, Simulation.source(file), policy, now));
        Simulation.Result result = sim.run(5_000_000);
        return new Run(result, sink.bytes(), client, sim.server());
    }

    static Run get(byte[] file, TftpClientConfig config, Simulation.Link link) {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer client = TftpClientTransfer.get("file", config, sink, 0);
        Simulation sim = new Simulation(link, true, true, client, (r, now) ->
                TftpServerTransfer.read((TftpPacket.ReadRequest) r, Simulation.source(file), TftpServerPolicy.DEFAULT, now));
        Simulation.Result result = sim.run(5_000_000);
        return new Run(result, sink.bytes(), client, sim.server());
    }

    static Run put(byte[] file, TftpClientConfig config, Simulation.Link link) {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer client = TftpClientTransfer.put("file", config, Simulation.source(file), 0);
        Simulation sim = new Simulation(link, true, true, client, (r, now) ->
                TftpServerTransfer.write((TftpPacket.WriteRequest) r, sink, TftpServerPolicy.DEFAULT, now));
        Simulation.Result result = sim.run(5_000_000);
        return new Run(result, sink.bytes(), client, sim.server());
    }

    @ParameterizedTest(name = "get {0} bytes, blksize {1}, windowsize {2}")
    @CsvSource({"0,0,0", "1,0,0", "511,0,0", "512,0,0", "513,0,0", "1024,0,0", "40000,0,0",
        "40000,1468,0", "40000,1468,4", "40000,1468,16", "2936,1468,4", "65536,8,7", "100,65464,0"})
    void getOverAPerfectLink(int size, int blockSize, int windowSize) {
        byte[] file = Simulation.randomBytes(size, size);
        Run run = get(file, TftpClientConfig.DEFAULT.withBlockSize(blockSize).withWindowSize(windowSize)
                .withTransferSize(true), Simulation.perfect());
        assertArrayEquals(file, run.received());
        assertEquals(size, run.clientCompleted().stats().bytes());
        assertEquals(size, run.serverCompleted().stats().bytes());
        assertEquals(0, run.clientCompleted().stats().timeouts());
        int bs = blockSize == 0 ? 512 : blockSize;
        assertEquals(size / bs + 1, run.serverCompleted().stats().blocks());
        assertTrue(run.client().isDone() && run.server().isDone());
    }

    @ParameterizedTest(name = "put {0} bytes, blksize {1}, windowsize {2}")
    @CsvSource({"0,0,0", "512,0,0", "513,0,0", "40000,1468,8", "10000,8,3"})
    void putOverAPerfectLink(int size, int blockSize, int windowSize) {
        byte[] file = Simulation.randomBytes(size + 1, size);
        Run run = put(file, TftpClientConfig.DEFAULT.withBlockSize(blockSize).withWindowSize(windowSize)
                .withTransferSize(true), Simulation.perfect());
        assertArrayEquals(file, run.received());
        assertEquals(size, run.clientCompleted().stats().bytes());
        assertEquals(size, run.serverCompleted().stats().bytes());
    }

    @ParameterizedTest(name = "seed {0}, windowsize {1}")
    @CsvSource({"1,1", "2,1", "3,4", "4,4", "5,8", "6,16", "7,16", "8,2"})
    void getAndPutSurviveLossDuplicationAndReordering(long seed, int windowSize) {
        byte[] file = Simulation.randomBytes(seed, 30_000 + (int) seed);
        TftpClientConfig config = TftpClientConfig.DEFAULT.withBlockSize(1024).withWindowSize(windowSize);
        Run g = get(file, config, Simulation.random(seed, 0.1, 0.05, 20));
        assertArrayEquals(file, g.received());
        g.clientCompleted();
        g.serverCompleted();
        Run p = put(file, config, Simulation.random(seed + 100, 0.1, 0.05, 20));
        assertArrayEquals(file, p.received());
        p.clientCompleted();
        p.serverCompleted();
    }

    @Test
    void uefiAsksForTheSizeAbortsWithError8ThenAsksAgainWithoutTsize() {
        byte[] file = Simulation.randomBytes(9, 300_000);
        TftpPacket.ReadRequest sizeQuery = new TftpPacket.ReadRequest("efi-x64/shim.efi", TransferMode.OCTET,
                TftpOptions.of("tsize", "0", "blksize", "1468", "windowsize", "4"));
        TftpTransfer server = TftpServerTransfer.read(sizeQuery, Simulation.source(file), TftpServerPolicy.DEFAULT, 0);
        TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, server.pollOutgoing());
        assertEquals(TftpOptions.of("tsize", "300000", "blksize", "1468", "windowsize", "4"), oack.options());

        // the firmware's side, with our client: accepts the OACK (nothing more than asked), then aborts
        TftpTransfer firmware = TftpClientTransfer.get(sizeQuery, RetransmitPolicy.DEFAULT, new Simulation.Collector(), 0);
        firmware.pollOutgoing();
        firmware.onPacket(oack, MS);
        assertEquals(new TftpPacket.Ack(0), firmware.pollOutgoing());
        TftpEvent.Negotiated negotiated = null;
        for (TftpEvent e; (e = firmware.pollEvent()) != null; ) {
            negotiated = e instanceof TftpEvent.Negotiated n ? n : negotiated;
        }
        assertEquals(300_000, negotiated.parameters().transferSize());
        firmware.abort(TftpErrorCode.OPTION_NEGOTIATION, "size query only", MS);
        TftpPacket.ErrorPacket abort = assertInstanceOf(TftpPacket.ErrorPacket.class, firmware.pollOutgoing());

        server.onPacket(abort, 2 * MS);
        assertNull(server.pollOutgoing(), "an ERROR is never answered");
        TftpEvent.Failed failed = null;
        for (TftpEvent e; (e = server.pollEvent()) != null; ) {
            failed = e instanceof TftpEvent.Failed f ? f : failed;
        }
        assertEquals(FailureReason.PEER_ERROR, failed.reason());
        assertEquals(8, failed.errorCode());
        assertTrue(server.isDone());

        // the real download, without tsize, over a lossy link
        TftpPacket.ReadRequest download = new TftpPacket.ReadRequest("efi-x64/shim.efi", TransferMode.OCTET,
                TftpOptions.of("blksize", "1468", "windowsize", "4"));
        Run run = get(file, download, TftpServerPolicy.DEFAULT, Simulation.random(42, 0.05, 0.02, 10));
        assertArrayEquals(file, run.received());
        assertEquals(TftpOptions.of("blksize", "1468", "windowsize", "4"), run.server().parameters().acknowledged());
        run.clientCompleted();
    }

    @Test
    void pxelinuxGetsNoOptionItDidNotAskFor() {
        byte[] file = Simulation.randomBytes(10, 5000);
        // our client refuses any unrequested OACK option, as pxelinux does: completion proves there was none
        String[][] shapes = {
            {},
            {"tsize", "0"},
            {"blksize", "1408"},
            {"tsize", "0", "blksize", "1408", "multicast", "", "x-pxelinux", "1"},
            {"timeout", "3", "blksize", "2048"},
        };
        for (String[] options : shapes) {
            TftpPacket.ReadRequest r = new TftpPacket.ReadRequest("pxelinux.0", TransferMode.OCTET, TftpOptions.of(options));
            Run run = get(file, r, TftpServerPolicy.DEFAULT.withMaxBlockSize(1432), Simulation.perfect());
            assertArrayEquals(file, run.received(), String.join(" ", options));
            for (TftpOption granted : run.server().parameters().acknowledged().entries()) {
                assertTrue(r.options().contains(granted.name()), granted.name());
            }
        }
    }

    @Test
    void uBootTimeoutFiveAndBlockNumbersWrapToZero() {
        byte[] file = Simulation.randomBytes(11, 65536 * 512 + 100); // 65537 blocks
        TftpPacket.ReadRequest uboot = new TftpPacket.ReadRequest("rpi3/boot.conf", TransferMode.OCTET,
                TftpOptions.of("timeout", "5", "tsize", "0", "blksize", "512"));
        Run run = get(file, uboot, TftpServerPolicy.DEFAULT, Simulation.perfect());
        assertArrayEquals(file, run.received());
        assertEquals(5, run.server().parameters().timeoutSeconds());
        List<Integer> blocks = new ArrayList<>();
        for (Simulation.Sent s : run.result().sent()) {
            if (s.opcode() == TftpCodec.DATA) {
                blocks.add(s.block());
            }
        }
        assertEquals(65537, blocks.size());
        assertEquals(List.of(65534, 65535, 0, 1), blocks.subList(65533, 65537));
        assertEquals(65537, run.serverCompleted().stats().blocks());
    }

    @Test
    void rolloverWithWindowsAndLossBeyond65536Blocks() {
        byte[] file = Simulation.randomBytes(12, 8 * 70_000 + 5);
        Run run = get(file, TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(16),
                Simulation.random(12, 0.01, 0.01, 5));
        assertArrayEquals(file, run.received());
        assertEquals(70_001, run.serverCompleted().stats().blocks());
        assertTrue(run.serverCompleted().stats().timeouts() > 0, "the link lost packets");
    }

    @Test
    void transferOfMoreThanFourGibWithTsizeAsLong() {
        long size = (5L << 30) + 123;
        int blockSize = 65464;
        byte[] zeros = new byte[blockSize];
        ByteBuf zeroBuf = Unpooled.wrappedBuffer(zeros);
        TftpBlockSource source = new TftpBlockSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuf read(long offset, int length) {
                int n = (int) Math.min(length, size - offset);
                byte[] header = new byte[8];
                for (int i = 0; i < 8; i++) {
                    header[i] = (byte) (offset >>> (56 - 8 * i));
                }
                // every block starts with its own offset, so misplaced blocks are detected
                return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(header, 0, Math.min(8, n)),
                        zeroBuf.retainedSlice(0, Math.max(0, n - 8)));
            }
        };
        long[] received = {0};
        TftpBlockSink sink = (offset, buf) -> {
            assertEquals(received[0], offset);
            if (buf.readableBytes() >= 8) {
                assertEquals(offset, buf.getLong(buf.readerIndex()));
            }
            received[0] += buf.readableBytes();
        };
        TftpTransfer client = TftpClientTransfer.get("big.img",
                TftpClientConfig.DEFAULT.withBlockSize(blockSize).withWindowSize(64).withTransferSize(true), sink, 0);
        Simulation sim = new Simulation(Simulation.perfect(), false, false, client, (r, now) ->
                TftpServerTransfer.read((TftpPacket.ReadRequest) r, source, TftpServerPolicy.DEFAULT, now));
        Simulation.Result result = sim.run(5_000_000);
        assertTrue(zeroBuf.release());
        assertEquals(size, received[0]);
        assertEquals(size, client.parameters().transferSize());
        assertEquals(TftpOptions.of("blksize", "65464", "tsize", "5368709243", "windowsize", "64"),
                client.parameters().acknowledged());
        TftpEvent.Completed done = assertInstanceOf(TftpEvent.Completed.class, Simulation.terminal(result.clientEvents()));
        assertEquals(size, done.stats().bytes());
        assertEquals(size / blockSize + 1, done.stats().blocks());
    }

    @Test
    void netasciiIsConvertedOnTheWireAndBack() {
        byte[] text = "line one\nline two\r\nbare\rend\n\n\r".getBytes(StandardCharsets.ISO_8859_1);
        TftpClientConfig config = TftpClientConfig.DEFAULT.withMode(TransferMode.NETASCII).withBlockSize(8);
        Run g = get(text, config, Simulation.perfect());
        assertArrayEquals(text, g.received());
        Run p = put(text, config, Simulation.perfect());
        assertArrayEquals(text, p.received());
        // what crossed the wire: CR LF for LF, CR NUL for CR
        int wireBytes = 0;
        for (Simulation.Sent s : g.result().sent()) {
            if (s.opcode() == TftpCodec.DATA) {
                wireBytes += s.length();
            }
        }
        assertEquals(text.length + 4 /* LF */ + 3 /* CR */, wireBytes);
        assertEquals(text.length, g.serverCompleted().stats().bytes(), "file bytes, not wire bytes");
    }

    @Test
    void netasciiSurvivesLossAndWindows() {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(13);
        for (int i = 0; i < 5000; i++) {
            sb.append("ab\r\n\0x".charAt(r.nextInt(6)));
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        TftpClientConfig config = TftpClientConfig.DEFAULT.withMode(TransferMode.NETASCII).withBlockSize(9).withWindowSize(5);
        Run g = get(text, config, Simulation.random(13, 0.1, 0.05, 10));
        assertArrayEquals(text, g.received());
        Run p = put(text, config, Simulation.random(14, 0.1, 0.05, 10));
        assertArrayEquals(text, p.received());
    }

    @Test
    void blksize8WithManyOptionsGetsASmallOackAndWorks() {
        // the request shape behind OACK buffer overflows in other servers: tiny block, huge option list
        StringBuilder sb = new StringBuilder("big.bin\0octet\0blksize\0" + "8\0");
        for (int i = 0; i < 30; i++) {
            sb.append("x-option-").append(i).append("\0").append("v".repeat(250)).append("\0");
        }
        sb.append("tsize\0" + "0\0");
        byte[] wire = TftpCodecTest.bytes(0, 1, sb.toString());
        assertTrue(wire.length > 7000);
        ByteBuf buf = Unpooled.wrappedBuffer(wire);
        TftpPacket.ReadRequest hostile;
        try {
            hostile = assertInstanceOf(TftpPacket.ReadRequest.class, TftpCodec.decode(buf));
        } finally {
            assertTrue(buf.release());
        }
        byte[] file = Simulation.randomBytes(15, 1000);
        Run run = get(file, hostile, TftpServerPolicy.DEFAULT, Simulation.perfect());
        assertArrayEquals(file, run.received());
        assertEquals(TftpOptions.of("blksize", "8", "tsize", "1000"), run.server().parameters().acknowledged());
        for (Simulation.Sent s : run.result().sent()) {
            if (s.from() == Simulation.Side.SERVER && s.opcode() == TftpCodec.DATA) {
                assertTrue(s.length() <= 8);
            }
        }
        // one option more than the decoder's limit is refused before any negotiation
        ByteBuf tooMany = Unpooled.wrappedBuffer(TftpCodecTest.bytes(0, 1, sb + "y\0" + "1\0"));
        try {
            TftpCodecException e = org.junit.jupiter.api.Assertions.assertThrows(TftpCodecException.class,
                    () -> TftpCodec.decode(tooMany));
            assertEquals(TftpErrorCode.OPTION_NEGOTIATION, e.toErrorPacket().code());
        } finally {
            assertTrue(tooMany.release());
        }
    }

    @Test
    void everythingLostEndsInTimeoutsWithinTheBudget() {
        Run run = get(new byte[100], TftpClientConfig.DEFAULT, (seq, from, pk) -> new Simulation.Decision(0, MS, 0));
        TftpEvent.Failed f = assertInstanceOf(TftpEvent.Failed.class, Simulation.terminal(run.result().clientEvents()));
        assertEquals(FailureReason.TIMEOUT, f.reason());
        assertEquals(31 * 1_000_000_000L, f.stats().elapsedNanos(), "1 + 2 + 4 + 8 + 8 + 8 seconds");
        assertEquals(null, run.server());
    }
}
