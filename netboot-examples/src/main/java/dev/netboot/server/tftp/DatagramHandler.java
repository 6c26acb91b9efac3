package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongSupplier;

/**
 * What every TFTP socket handler of this package does the same way with Netty: it hands each
 * datagram to {@link #receive} and releases it afterwards (anything else read is released unread),
 * calls {@link #readComplete} once per read batch (so that what a batch produced leaves in one
 * flush), and calls {@link #onClose} once, whether the channel goes inactive or the handler is
 * removed first, after which its timer tasks no longer run. Confined to the channel's event loop.
 */
abstract class DatagramHandler extends ChannelInboundHandlerAdapter {
    private Channel channel;
    private boolean closed;

    /** The channel, from the moment the handler is in its pipeline. */
    final Channel channel() {
        return channel;
    }

    /** Whether {@link #onClose} has run: nothing may be sent or scheduled any more. */
    final boolean closed() {
        return closed;
    }

    @Override
    public final void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket dp)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            receive(ctx, dp);
        } finally {
            dp.release();
        }
    }

    /** Handles one datagram, which is released on return: whatever outlives the call is retained. */
    abstract void receive(ChannelHandlerContext ctx, DatagramPacket dp);

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        readComplete();
        ctx.fireChannelReadComplete();
    }

    /** The end of a read batch: send what it produced. */
    abstract void readComplete();

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        close();
        ctx.fireChannelInactive();
    }

    @Override
    public final void handlerRemoved(ChannelHandlerContext ctx) {
        close();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose();
    }

    /** Releases what the handler holds; runs once, on the event loop. */
    void onClose() {}

    /** A timer for this handler's deadlines whose {@code task} no longer runs once the handler is closed. */
    final DeadlineTimer newTimer(Runnable task, LongSupplier clock) {
        return new DeadlineTimer(() -> {
            if (!closed) {
                task.run();
            }
        }, clock);
    }

    /**
     * The opcode of an ACK or DATA packet in {@code content} that is long enough for the per-block
     * path (block number peeked, payload sliced, no packet object), or 0: decode it instead.
     */
    static int perBlockOpcode(ByteBuf content) {
        if (content.readableBytes() < 4) {
            return 0;
        }
        int opcode = TftpCodec.peekOpcode(content);
        return opcode == TftpCodec.ACK || opcode == TftpCodec.DATA ? opcode : 0;
    }
}
