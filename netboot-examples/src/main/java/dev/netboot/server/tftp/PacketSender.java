package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;

/**
 * Encodes the packets a transfer hands out and writes them to a channel, releasing every DATA
 * payload it was given. With {@code gso}, consecutive DATA packets of equal size to one peer (a
 * window) are written as one {@link SegmentedDatagramPacket}: one buffer of header-and-payload
 * pairs that the kernel splits into datagrams (UDP_SEGMENT), so a window costs one trip through
 * the network stack instead of one per block. Without it, each packet is its own datagram; Netty's
 * epoll transport still sends all datagrams of one flush with a single sendmmsg call. Nothing
 * reaches the socket before {@link #flush}. Not thread-safe: one per event loop or channel.
 */
final class PacketSender {
    /** The kernel's limit of segments per UDP_SEGMENT send (UDP_MAX_SEGMENTS in older kernels). */
    static final int MAX_SEGMENTS = 64;
    /** Largest UDP payload of one IPv4 datagram, which a GSO super-packet must also respect. */
    static final int MAX_UDP_PAYLOAD = 65507;

    private final boolean gso;
    private final ArrayList<TftpPacket.Data> batch = new ArrayList<>(MAX_SEGMENTS);
    private InetSocketAddress batchPeer;
    private int segmentSize;
    private int batchBytes;
    private boolean batchEnded;

    PacketSender(boolean gso) {
        this.gso = gso;
    }

    /** Queues {@code packet} for {@code to}; a DATA packet's payload is released here (now or at flush). */
    void send(Channel ch, InetSocketAddress to, TftpPacket packet) {
        if (packet instanceof TftpPacket.Data d) {
            int size = TftpCodec.DATA_HEADER_LENGTH + d.payload().readableBytes();
            if (!batch.isEmpty() && (batchEnded || size > segmentSize || !to.equals(batchPeer)
                    || batch.size() >= maxSegments(segmentSize))) {
                emit(ch);
            }
            if (batch.isEmpty()) {
                batchPeer = to;
                segmentSize = size;
            }
            batch.add(d);
            batchBytes += size;
            batchEnded = size < segmentSize; // a shorter datagram may only end a GSO write
            if (!gso) {
                emit(ch);
            }
            return;
        }
        emit(ch);
        ByteBuf buf = ch.alloc().directBuffer(TftpCodec.encodedLength(packet));
        try {
            TftpCodec.encode(packet, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        writeOne(ch, buf, to);
    }

    private static void writeOne(Channel ch, ByteBuf buf, InetSocketAddress to) {
        ch.write(new DatagramPacket(buf, to), ch.voidPromise());
    }

    /** Writes everything queued and flushes the channel. */
    void flush(Channel ch) {
        emit(ch);
        ch.flush();
    }

    /** Releases what is queued without sending it (the channel is gone). */
    void discard() {
        for (TftpPacket.Data d : batch) {
            d.payload().release();
        }
        batch.clear();
        batchBytes = 0;
    }

    private static int maxSegments(int segmentSize) {
        return Math.max(1, Math.min(MAX_SEGMENTS, MAX_UDP_PAYLOAD / segmentSize));
    }

    private void emit(Channel ch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        ByteBuf buf = null;
        try {
            buf = ch.alloc().directBuffer(batchBytes, batchBytes);
            for (int i = 0; i < n; i++) {
                TftpPacket.Data d = batch.get(i);
                TftpCodec.encodeDataHeader(d.block(), buf);
                ByteBuf payload = d.payload();
                buf.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
            }
        } catch (RuntimeException e) {
            if (buf != null) {
                buf.release();
            }
            throw e;
        } finally {
            for (int i = 0; i < n; i++) {
                batch.get(i).payload().release();
            }
            batch.clear();
            batchBytes = 0;
        }
        if (n == 1) {
            writeOne(ch, buf, batchPeer);
        } else {
            ch.write(new SegmentedDatagramPacket(buf, segmentSize, batchPeer), ch.voidPromise());
        }
    }
}
