package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-port handler on an embedded channel, where a test decides exactly which datagrams
 * make up one read batch (on a real socket that depends on timing).
 */
class SharedPortHandlerTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 69);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    @TempDir
    Path root;

    /** A single-port handler serving {@link #root}, without GSO, on an embedded channel. */
    private EmbeddedChannel singlePortHandler() {
        TftpServerConfig config = TftpServerConfig.builder(root).port(0).singlePort(true).build();
        return new EmbeddedChannel(new SharedPortHandler(new ServerState(config), false));
    }

    private static DatagramPacket fromClient(byte[] packet) {
        return new DatagramPacket(Unpooled.wrappedBuffer(packet), SERVER, CLIENT);
    }

    /** The opcode of the next datagram sent to the client (released), or -1 if none. */
    private static int nextOpcode(EmbeddedChannel ch) {
        DatagramPacket out = ch.readOutbound();
        if (out == null) {
            return -1;
        }
        try {
            assertEquals(CLIENT, out.recipient());
            ByteBuf b = out.content();
            return b.getUnsignedShort(b.readerIndex());
        } finally {
            out.release();
        }
    }

    @Test
    void aRequestInTheSameBatchAsTheError8EndingTheSizeProbeStartsANewTransfer() throws Exception {
        TestFiles.create(root, "snponly.efi", 100_000);
        EmbeddedChannel ch = singlePortHandler();
        try {
            ch.writeInbound(fromClient(RawPeer.rrq("snponly.efi", "tsize", "0", "blksize", "1468")));
            assertEquals(6, nextOpcode(ch), "OACK to the size probe");
            assertEquals(-1, nextOpcode(ch));
            // one batch: the client's ERROR 8, then its real request from the same port
            ch.writeInbound(fromClient(RawPeer.error(8, "User aborted the transfer")),
                    fromClient(RawPeer.rrq("snponly.efi", "blksize", "1468")));
            int answer = nextOpcode(ch);
            assertEquals(6, answer, "an OACK for the new request, not silence until the client retransmits");
            assertEquals(-1, nextOpcode(ch));
            // the same request again, before the client has answered that OACK: a repetition, no new transfer
            ch.writeInbound(fromClient(RawPeer.rrq("snponly.efi", "blksize", "1468")));
            assertNull(ch.readOutbound(), "a repeated request while the transfer runs starts nothing");
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aReadRequestIsAnsweredWithItsFirstBlock() throws Exception {
        TestFiles.create(root, "f.bin", 10);
        EmbeddedChannel ch = singlePortHandler();
        try {
            ch.writeInbound(fromClient(RawPeer.rrq("f.bin")));
            DatagramPacket data = ch.readOutbound();
            assertNotNull(data, "DATA 1");
            try {
                assertEquals(3, data.content().getUnsignedShort(0));
                assertEquals(4 + 10, data.content().readableBytes());
            } finally {
                data.release();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
