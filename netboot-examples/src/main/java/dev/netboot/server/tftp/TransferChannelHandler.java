package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpCodecException;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpTransfer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one transfer over a channel of its own (RFC 1350: each transfer has its own port): hands
 * datagrams from the peer to the transfer, answers datagrams from any other port with ERROR 5,
 * sends what the transfer hands out once per read batch, keeps one timer at the transfer's deadline
 * and closes the channel when the transfer is done. A client's handler starts with the server's
 * request port as peer and locks onto the port of the first answer from the server's address.
 * Confined to the channel's event loop.
 */
final class TransferChannelHandler extends DatagramHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TransferChannelHandler.class);

    /** Who learns what happens to the transfer; called on the channel's event loop. */
    interface Owner {
        /** An event of the transfer. */
        void onEvent(TftpEvent event);

        /** The channel closed; the transfer is over (its terminal event, if any, came before). */
        void onClosed(TftpTransfer transfer);

        /** A well-formed packet from the peer reached the transfer (the peer has answered). */
        default void onPeerPacket() {}
    }

    private final TftpTransfer transfer;
    private final PacketSender sender;
    private final Owner owner;
    private final LongSupplier clock;
    private final boolean lockOnFirstAnswer;
    private final DeadlineTimer timer;
    private InetSocketAddress peer;
    private boolean locked;
    private boolean started;

    /**
     * @param peer the peer's address; for a client, the server's request port until the first answer
     * @param lockOnFirstAnswer whether the peer port is learned from the first answer (client)
     */
    TransferChannelHandler(TftpTransfer transfer, InetSocketAddress peer, boolean lockOnFirstAnswer,
            PacketSender sender, Owner owner, LongSupplier clock) {
        this.transfer = transfer;
        this.peer = peer;
        this.lockOnFirstAnswer = lockOnFirstAnswer;
        this.sender = sender;
        this.owner = owner;
        this.clock = clock;
        this.timer = newTimer(this::fire, clock);
    }

    /** Sends the transfer's first packets; call on the event loop once the handler is in the pipeline. */
    void start() {
        started = true;
        pump();
    }

    /** Aborts the transfer with an ERROR to the peer; call on the event loop. */
    void abort(TftpErrorCode code, String message) {
        if (started && !closed()) {
            transfer.abort(code, message, clock.getAsLong());
            pump();
        }
    }

    /** The peer's current address (for a client: the server's transfer port once locked). */
    InetSocketAddress peer() {
        return peer;
    }

    @Override
    void receive(ChannelHandlerContext ctx, DatagramPacket dp) {
        if (!started || closed()) {
            return;
        }
        InetSocketAddress from = dp.sender();
        if (!from.equals(peer)) {
            if (lockOnFirstAnswer && !locked && from.getAddress().equals(peer.getAddress())) {
                peer = from;
                locked = true;
            } else {
                stray(from, dp);
                return;
            }
        }
        locked = true;
        long now = clock.getAsLong();
        ByteBuf content = dp.content();
        switch (perBlockOpcode(content)) { // the per-block paths, without packet objects
            case TftpCodec.ACK -> transfer.onAck(TftpCodec.peekBlock(content), now);
            case TftpCodec.DATA -> transfer.onData(TftpCodec.peekBlock(content), TftpCodec.dataPayload(content), now);
            default -> {
                TftpPacket p;
                try {
                    p = TftpCodec.decode(content);
                } catch (TftpCodecException e) {
                    TftpPacket.ErrorPacket err = e.toErrorPacket();
                    transfer.abort(err.code(), "malformed packet: " + e.getMessage(), now);
                    return;
                }
                transfer.onPacket(p, now);
            }
        }
        owner.onPeerPacket();
    }

    private void stray(InetSocketAddress from, DatagramPacket dp) {
        // RFC 1350 section 4: a packet from a foreign port gets ERROR 5; the transfer goes on.
        // An ERROR is never answered, so that two confused peers cannot bounce errors forever.
        if (dp.content().readableBytes() >= 2 && TftpCodec.peekOpcode(dp.content()) == TftpCodec.ERROR) {
            return;
        }
        sender.send(channel(), from, TftpPacket.ErrorPacket.unknownTransferId());
    }

    @Override
    void readComplete() {
        pump();
    }

    /** Sends what the transfer has, reports its events, re-arms the timer or closes. */
    void pump() {
        if (!started || closed()) {
            return;
        }
        TftpPacket p;
        while ((p = transfer.pollOutgoing()) != null) {
            sender.send(channel(), peer, p);
        }
        TftpEvent e;
        while ((e = transfer.pollEvent()) != null) {
            owner.onEvent(e);
        }
        sender.flush(channel());
        if (transfer.isDone()) {
            timer.cancel();
            channel().close();
            return;
        }
        timer.arm(channel().eventLoop(), transfer.nextDeadline());
    }

    private void fire() {
        transfer.onTimeout(clock.getAsLong());
        pump();
    }

    @Override
    void onClose() {
        timer.cancel();
        if (!transfer.isDone()) {
            transfer.abort(TftpErrorCode.NOT_DEFINED, "Transfer closed", clock.getAsLong());
        }
        TftpPacket p;
        while ((p = transfer.pollOutgoing()) != null) {
            if (p instanceof TftpPacket.Data d) {
                d.payload().release();
            }
        }
        sender.discard();
        TftpEvent e;
        while ((e = transfer.pollEvent()) != null) {
            owner.onEvent(e);
        }
        owner.onClosed(transfer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tftp transfer socket error with {}: {}", peer, cause.toString());
    }
}
