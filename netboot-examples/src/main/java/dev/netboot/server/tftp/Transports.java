package dev.netboot.server.tftp;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Picks the Netty transport: event loop groups and datagram channels for epoll or NIO. */
final class Transports {
    private Transports() {}

    /**
     * Whether {@code transport} means epoll here.
     *
     * @throws TftpServerException if epoll is required but not available
     */
    static boolean epoll(IoTransport transport) {
        return switch (transport) {
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new TftpServerException("the epoll transport is not available: " + Epoll.unavailabilityCause());
                }
                yield true;
            }
        };
    }

    /** Whether UDP segmentation offload can be used with this transport. */
    static boolean gsoSupported(boolean epoll) {
        return epoll && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    static EventLoopGroup group(int threads, boolean epoll, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static DatagramChannel newChannel(boolean epoll) {
        return epoll ? new EpollDatagramChannel() : new NioDatagramChannel();
    }

    /**
     * Sets up how a transfer socket that receives DATA reads: {@code datagram} bytes per datagram
     * (one more than a full block, so that an oversized block is seen as such), and for windows of
     * {@code batch} > 1 packets on epoll, either UDP generic receive offload (the kernel hands over a
     * window of equal-sized datagrams in one read; a GSO sender's window stays one packet all the way
     * on loopback) or, without it, recvmmsg (a window's datagrams in one call, each in a slot of one
     * buffer).
     */
    static void configureReceive(DatagramChannel ch, boolean epoll, boolean gro, int datagram, int batch) {
        ch.config().setOption(ChannelOption.SO_RCVBUF, 4 << 20);
        if (epoll && gro && batch > 1 && enableGro(ch)) {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(65536 + 1024));
        } else if (epoll && batch > 1) {
            ch.config().setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, datagram);
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(datagram * batch));
        } else {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(datagram));
        }
    }

    private static boolean enableGro(DatagramChannel ch) {
        try {
            return ch.config().setOption(EpollChannelOption.UDP_GRO, true);
        } catch (ChannelException e) {
            return false; // a kernel without UDP_GRO (before 5.0): recvmmsg instead
        }
    }
}
