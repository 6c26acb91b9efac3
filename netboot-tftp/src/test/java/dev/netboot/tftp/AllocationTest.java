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
 * compiled alike (escape analysis can only lower the decode figures).
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
        assertTrue(peekBytes < 1024, "peek: " + peekBytes + " bytes for " + N + " iterations");
        assertEquals(N * 9L + N * 1468L + N * (9L + 0 + 3), sink);
        System.out.println("decode ACK: " + ackBytes + " B/op, decode DATA: " + dataBytes + " B/op");
        assertTrue(ackBytes <= 16, "ACK decode: " + ackBytes + " bytes per packet (expected: the 16-byte record)");
        assertTrue(dataBytes <= 96, "DATA decode: " + dataBytes + " bytes per packet (expected: record and slice)");
        assertTrue(dataWire.release());
        assertTrue(ackWire.release());
    }
}
