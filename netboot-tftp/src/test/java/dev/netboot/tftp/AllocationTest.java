package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Encoding DATA and ACK allocates nothing; decoding them allocates only the record (and, for DATA,
 * the payload slice). Measured with the JVM's per-thread allocation counter, interpreted or
 * compiled alike (escape analysis can only lower the decode figures). A sender handed the block
 * number of an ACK ({@link TftpTransfer#onAck}) allocates nothing at all.
 */
class AllocationTest {
    private static final int N = 20_000;

    // reached reflectively: the tests compile inside module dev.netboot.tftp, which does not read jdk.management
    private static Object bean;
    private static Method allocatedBytes;

    private static long allocated() {
        try {
            return (Long) allocatedBytes.invoke(bean, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void assumeCounter() {
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            Assumptions.assumeTrue(type.isInstance(bean)
                    && (Boolean) type.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean),
                    "the JVM does not count allocated bytes per thread");
            allocatedBytes = type.getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            Assumptions.abort("no per-thread allocation counter: " + e);
        }
    }

    @Test
    void encodingDataAndAckAllocatesNothing() {
        assumeCounter();
        ByteBuf out = Unpooled.wrappedBuffer(new byte[2048]);
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[1468]);
        TftpPacket.Data data = new TftpPacket.Data(7, payload);
        TftpPacket.Ack ack = new TftpPacket.Ack(7);
        for (int round = 0; round < 3; round++) { // the last round runs warm
            long before = allocated();
            for (int i = 0; i < N; i++) {
                out.clear();
                TftpCodec.encode(data, out);
                TftpCodec.encode(ack, out);
                TftpCodec.encodeAck(i & 0xFFFF, out);
                TftpCodec.encodeDataHeader(i & 0xFFFF, out);
            }
            long bytes = allocated() - before;
            if (round == 2) {
                System.out.println("encode DATA+ACK: " + bytes + " bytes allocated in " + N + " iterations");
                assertTrue(bytes < 1024, bytes + " bytes for " + N + " iterations");
            }
        }
        assertEquals(1472 + 4 + 4 + 4, out.readableBytes());
        assertTrue(out.release());
        assertTrue(payload.release());
    }

    @Test
    void decodingDataAndAckAllocatesOnlyTheRecordAndTheSlice() {
        assumeCounter();
        ByteBuf dataWire = Unpooled.wrappedBuffer(new byte[1472]);
        dataWire.setShort(0, TftpCodec.DATA);
        ByteBuf ackWire = Unpooled.wrappedBuffer(new byte[] {0, 4, 0, 9});
        long sink = 0;
        long before = allocated();
        for (int i = 0; i < N; i++) {
            sink += ((TftpPacket.Ack) TftpCodec.decode(ackWire)).block();
        }
        long ackBytes = (allocated() - before) / N;
        before = allocated();
        for (int i = 0; i < N; i++) {
            sink += ((TftpPacket.Data) TftpCodec.decode(dataWire)).payload().readableBytes();
        }
        long dataBytes = (allocated() - before) / N;
        before = allocated();
        for (int i = 0; i < N; i++) {
            sink += TftpCodec.peekBlock(ackWire) + TftpCodec.peekBlock(dataWire) + TftpCodec.peekOpcode(dataWire);
        }
        long peekBytes = allocated() - before;
        before = allocated();
        for (int i = 0; i < N; i++) {
            sink += TftpCodec.dataPayload(dataWire).readableBytes();
        }
        long payloadBytes = (allocated() - before) / N;
        assertTrue(peekBytes < 1024, "peek: " + peekBytes + " bytes for " + N + " iterations");
        assertEquals(N * 9L + N * 1468L + N * (9L + 0 + 3) + N * 1468L, sink);
        System.out.println("decode ACK: " + ackBytes + " B/op, decode DATA: " + dataBytes + " B/op, DATA payload: "
                + payloadBytes + " B/op");
        assertTrue(payloadBytes < dataBytes && payloadBytes <= 80,
                "dataPayload: " + payloadBytes + " bytes per packet (expected: the slice alone, less than decode's "
                        + dataBytes + ")");
        assertTrue(ackBytes <= 16, "ACK decode: " + ackBytes + " bytes per packet (expected: the 16-byte record)");
        assertTrue(dataBytes <= 96, "DATA decode: " + dataBytes + " bytes per packet (expected: record and slice)");
        assertTrue(dataWire.release());
        assertTrue(ackWire.release());
    }
    @Test
    void acknowledgingBlocksOnTheSendersPathAllocatesNothing() {
        assumeCounter();
        int blockSize = 8;
        int window = 4096;
        int blocks = 70_000; // past block 65535, so that the rollover path is measured too
        byte[] file = new byte[blocks * blockSize + 3];
        TftpServerPolicy policy = new TftpServerPolicy(OptionNegotiation.MAX_BLOCK_SIZE, window,
                TftpServerPolicy.DEFAULT.allowedOptions(), RetransmitPolicy.DEFAULT);
        TftpTransfer t = TftpServerTransfer.read(new TftpPacket.ReadRequest("f", TransferMode.OCTET,
                TftpOptions.of("blksize", "8", "windowsize", Integer.toString(window))),
                Simulation.source(file), policy, 0);
        assertTrue(t.pollOutgoing() instanceof TftpPacket.OptionAck);
        t.onAck(0, 1);
        int[] sent = new int[window];
        long acknowledged = 0;
        long bytes = 0;
        long now = 2;
        while (!t.isDone()) {
            int n = 0;
            TftpPacket p;
            while ((p = t.pollOutgoing()) != null) {
                TftpPacket.Data d = (TftpPacket.Data) p;
                sent[n++] = d.block();
                assertTrue(d.payload().release());
            }
            assertTrue(n > 0, "a window of DATA after " + acknowledged + " acknowledged blocks");
            long before = allocated();
            for (int i = 0; i < n; i++) {
                t.onAck(sent[i], now++);
            }
            bytes += allocated() - before;
            acknowledged += n;
            TftpEvent e;
            while ((e = t.pollEvent()) != null) {
                assertTrue(e instanceof TftpEvent.Completed || e instanceof TftpEvent.Negotiated, e.toString());
            }
        }
        assertEquals(blocks + 1, acknowledged);
        assertEquals(blocks + 1, t.stats().blocks());
        // the batches also count the counter's own reflective calls and the completion event (about
        // 20 kB in all); one ACK record per block would be 16 bytes each, over 1 MB
        System.out.println("ACK on the sender's path: " + bytes + " bytes allocated for " + acknowledged + " ACKs");
        assertTrue(bytes < acknowledged, bytes + " bytes for " + acknowledged + " ACKs (expected: under 1 per ACK)");
    }
}
