package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * A client and a server transfer joined through encoded datagrams, the way the Netty drivers run
 * them: ACKs handed over as {@link TftpTransfer#onAck} with the peeked block, DATA as
 * {@link TftpTransfer#onData} with the peeked block and {@link TftpCodec#dataPayload}; everything
 * else through {@link TftpCodec#decode}. The file arrives intact, past block 65535.
 */
class WirePathTest {
    @Test
    void transferThroughThePeekPathsArrivesIntactPastTheRollover() {
        byte[] file = Simulation.randomBytes(42, 70_000 * 8 + 5);
        Simulation.Collector got = new Simulation.Collector();
        TftpTransfer client = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(4),
                got, 0);
        TftpPacket.ReadRequest rrq = (TftpPacket.ReadRequest) client.pollOutgoing();
        TftpTransfer server = TftpServerTransfer.read(rrq, Simulation.source(file), TftpServerPolicy.DEFAULT, 0);
        long now = 1;
        int steps = 0;
        while (!(client.isDone() && server.isDone()) && steps++ < 1_000_000) {
            boolean moved = deliver(server, client, now) | deliver(client, server, now);
            if (!moved) {
                now = Math.min(client.nextDeadline(), server.nextDeadline());
                assertTrue(now != TftpTransfer.NO_DEADLINE, "stalled with nothing to send and no timer");
                client.onTimeout(now);
                server.onTimeout(now);
            }
            drainEvents(client);
            drainEvents(server);
        }
        assertArrayEquals(file, got.bytes());
        assertEquals(70_001, server.stats().blocks());
    }

    /** Sends what {@code from} has to {@code to} as datagrams; returns whether anything went. */
    private static boolean deliver(TftpTransfer from, TftpTransfer to, long now) {
        boolean any = false;
        for (TftpPacket p; (p = from.pollOutgoing()) != null; ) {
            any = true;
            ByteBuf wire = Unpooled.buffer(TftpCodec.encodedLength(p));
            try {
                TftpCodec.encode(p, wire);
                if (p instanceof TftpPacket.Data d) {
                    d.payload().release();
                }
                int opcode = TftpCodec.peekOpcode(wire);
                if (opcode == TftpCodec.ACK) {
                    to.onAck(TftpCodec.peekBlock(wire), now);
                } else if (opcode == TftpCodec.DATA) {
                    to.onData(TftpCodec.peekBlock(wire), TftpCodec.dataPayload(wire), now);
                } else {
                    to.onPacket(TftpCodec.decode(wire), now);
                }
            } finally {
                assertTrue(wire.release());
            }
        }
        return any;
    }

    private static void drainEvents(TftpTransfer t) {
        for (TftpEvent e; (e = t.pollEvent()) != null; ) {
            assertTrue(!(e instanceof TftpEvent.Failed), e.toString());
        }
    }

    @Test
    void dataPayloadIsASliceAfterTheHeaderAndRefusesOtherPackets() {
        ByteBuf data = Unpooled.wrappedBuffer(new byte[] {0, 3, 0, 7, 'a', 'b', 'c'});
        ByteBuf payload = TftpCodec.dataPayload(data);
        assertEquals("abc", payload.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(7, TftpCodec.peekBlock(data));
        ByteBuf empty = Unpooled.wrappedBuffer(new byte[] {0, 3, 0, 8});
        assertEquals(0, TftpCodec.dataPayload(empty).readableBytes());
        ByteBuf ack = Unpooled.wrappedBuffer(new byte[] {0, 4, 0, 8});
        TftpCodecException notData = assertThrows(TftpCodecException.class, () -> TftpCodec.dataPayload(ack));
        assertTrue(notData.getMessage().contains("opcode 4"), notData.getMessage());
        ByteBuf shortData = Unpooled.wrappedBuffer(new byte[] {0, 3, 0});
        assertThrows(TftpCodecException.class, () -> TftpCodec.dataPayload(shortData));
        assertTrue(data.release() && empty.release() && ack.release() && shortData.release());
    }
}
