package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpCodecException;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpOptions;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpTransfer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request port in the RFC 1350 mode: every accepted request gets a socket of its own (an
 * ephemeral port, or the next free port of the configured range) on one of the event loops, driven
 * by a {@link TransferChannelHandler}. Refusals (missing file, access violation, limits) are
 * answered straight from the request port, which costs no socket: pxelinux probes a dozen missing
 * files before it finds its configuration. A request repeated while its transfer runs is ignored
 * (the transfer's own timer resends). Confined to the listening channel's event loop.
 */
final class RequestListener extends DatagramHandler {
    private final ServerState state;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final boolean gso;
    private final InetAddress bindAddress;
    private final AtomicInteger cursor = new AtomicInteger();
    private final PacketSender sender = new PacketSender(false);

    RequestListener(ServerState state, EventLoopGroup group, boolean epoll, boolean gso) {
        this.state = state;
        this.group = group;
        this.epoll = epoll;
        this.gso = gso;
        this.bindAddress = state.config.bindAddress();
    }

    @Override
    void receive(ChannelHandlerContext ctx, DatagramPacket dp) {
        InetSocketAddress from = dp.sender();
        TftpPacket p;
        try {
            p = TftpCodec.decode(dp.content());
        } catch (TftpCodecException e) {
            state.logMalformed(from, e);
            if (ServerState.answerMalformed(dp.content())) {
                sender.send(channel(), from, e.toErrorPacket());
            }
            return;
        }
        if (!(p instanceof TftpPacket.Request request)) {
            if (!(p instanceof TftpPacket.ErrorPacket)) {
                sender.send(channel(), from, TftpPacket.ErrorPacket.unknownTransferId());
            }
            return;
        }
        ServerTransfer existing = state.running.get(from);
        if (existing != null && !existing.answered()) {
            return; // a repeated request: the transfer's own timer resends its first packet
        }
        ServerTransfer st = state.admit(request, from, channel(), sender);
        if (st == null) {
            return;
        }
        // On a wildcard socket (epoll) the recipient is the address the client sent to: the transfer
        // answers from it, as clients that check the server's address (EDK2) require on multi-homed hosts.
        InetSocketAddress to = dp.recipient();
        InetAddress local = to != null && !to.getAddress().isAnyLocalAddress() && bindAddress.isAnyLocalAddress()
                ? to.getAddress() : bindAddress;
        EventLoop loop = group.next();
        try {
            loop.execute(() -> bind(st, loop, local, 0));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            st.abandon("server shutting down");
        }
    }

    @Override
    void readComplete() {
        sender.flush(channel());
    }

    private void bind(ServerTransfer st, EventLoop loop, InetAddress local, int attempt) {
        int port = state.config.portRange().map(r -> r.first() + Math.floorMod(cursor.getAndIncrement(), r.size()))
                .orElse(0);
        DatagramChannel ch = Transports.newChannel(epoll);
        configure(ch, st.request);
        loop.register(ch).addListener(rf -> {
            if (!rf.isSuccess()) {
                ch.close();
                failStart(st, "cannot register a socket: " + rf.cause());
                return;
            }
            ch.bind(new InetSocketAddress(local, port)).addListener(bf -> {
                if (bf.isSuccess()) {
                    started(st, ch);
                    return;
                }
                ch.close();
                int tries = state.config.portRange().map(r -> Math.min(r.size(), 64)).orElse(1);
                if (attempt + 1 < tries) {
                    bind(st, loop, local, attempt + 1);
                } else {
                    failStart(st, state.config.portRange().isPresent()
                            ? "no free port in range " + state.config.portRange().get()
                            : "cannot bind a socket: " + bf.cause());
                }
            });
        });
    }

    private void configure(DatagramChannel ch, TftpPacket.Request request) {
        if (request instanceof TftpPacket.WriteRequest) {
            TftpOptions o = request.options();
            long block = Math.max(512, Math.min(o.value(TftpOptions.BLKSIZE).map(RequestListener::parse).orElse(512L),
                    state.config.policy().maxBlockSize()));
            long window = Math.min(o.value(TftpOptions.WINDOWSIZE).map(RequestListener::parse).orElse(1L),
                    state.config.policy().maxWindowSize());
            Transports.configureReceive(ch, epoll, true, (int) block + TftpCodec.DATA_HEADER_LENGTH + 1,
                    (int) Math.max(1, Math.min(window, 16)));
        } else {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(2048)); // ACKs and ERRORs
        }
    }

    /** An option's number for sizing buffers only (negotiation checks it properly), or -1. */
    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void started(ServerTransfer st, DatagramChannel ch) {
        TftpTransfer transfer = st.begin(System.nanoTime());
        TransferChannelHandler handler = new TransferChannelHandler(transfer, st.client, false, new PacketSender(gso),
                new TransferChannelHandler.Owner() {
                    @Override
                    public void onEvent(TftpEvent event) {
                        st.onEvent(event);
                    }

                    @Override
                    public void onClosed(TftpTransfer t) {
                        st.closed(t.stats());
                    }

                    @Override
                    public void onPeerPacket() {
                        st.markAnswered();
                    }
                }, System::nanoTime);
        ch.pipeline().addLast(handler);
        st.attach(ch.eventLoop(), handler::abort);
        handler.start();
    }

    private void failStart(ServerTransfer st, String reason) {
        st.abandon(reason);
        TftpPacket.ErrorPacket error = new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "Server busy");
        Channel channel = channel();
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                sender.send(channel, st.client, error);
                sender.flush(channel);
            }
        });
    }
}
