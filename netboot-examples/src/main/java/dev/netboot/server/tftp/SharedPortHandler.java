package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpCodecException;
import dev.netboot.tftp.TftpDispatcher;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpTransfer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * The single-port mode: every transfer is answered from the request port, and transfers are told
 * apart by the client's address and port through a {@link TftpDispatcher} (one timer for all of
 * them). With the epoll transport several such sockets share the port (SO_REUSEPORT), one per event
 * loop; the kernel sends all datagrams of one client port to the same socket. Confined to the
 * channel's event loop.
 */
final class SharedPortHandler extends DatagramHandler {
    private final ServerState state;
    private final PacketSender sender;
    private final TftpDispatcher<InetSocketAddress> dispatcher = new TftpDispatcher<>();
    private final HashMap<InetSocketAddress, ServerTransfer> transfers = new HashMap<>();
    private final DeadlineTimer timer = newTimer(this::fire, System::nanoTime);

    SharedPortHandler(ServerState state, boolean gso) {
        this.state = state;
        this.sender = new PacketSender(gso);
    }

    @Override
    void receive(ChannelHandlerContext ctx, DatagramPacket dp) {
        if (closed()) {
            return;
        }
        InetSocketAddress from = dp.sender();
        ByteBuf content = dp.content();
        if (perBlockOpcode(content) == TftpCodec.ACK) { // no packet object
            dispatcher.dispatchAck(from, TftpCodec.peekBlock(content), System.nanoTime());
            return;
        }
        TftpPacket p;
        try {
            p = TftpCodec.decode(content);
        } catch (TftpCodecException e) {
            state.logMalformed(from, e);
            TftpPacket.ErrorPacket err = e.toErrorPacket();
            if (!dispatcher.abort(from, err.code(), "malformed packet: " + e.getMessage(), System.nanoTime())
                    && ServerState.answerMalformed(dp.content())) {
                sender.send(channel(), from, err);
            }
            return;
        }
        long now = System.nanoTime();
        if (p instanceof TftpPacket.Request && dispatcher.get(from) != null) {
            settleFinished(from, now);
        }
        if (dispatcher.dispatch(from, p, now) != TftpDispatcher.Outcome.NEW_REQUEST) {
            return;
        }
        ServerTransfer st = state.admit((TftpPacket.Request) p, from, channel(), sender);
        if (st == null) {
            return;
        }
        transfers.put(from, st);
        dispatcher.add(from, st.begin(now));
        st.attach(channel().eventLoop(), (code, message) -> {
            if (!closed() && dispatcher.abort(from, code, message, System.nanoTime())) {
                drain();
            }
        });
    }

    /**
     * A request from the port of a transfer that is over but not yet forgotten (its last ACK came in
     * the same read batch, or it dallies after an upload): forget it now, so that the request starts
     * a new transfer instead of being taken for a repetition.
     */
    private void settleFinished(InetSocketAddress from, long now) {
        TftpTransfer old = dispatcher.get(from);
        if (!old.isDone() && transfers.containsKey(from)) {
            // The client may have ended the transfer earlier in this read batch (UEFI's ERROR 8 after
            // the size probe, then the real request at once): let the transfer act on that first.
            drain();
            old = dispatcher.get(from);
            if (old == null) {
                return; // it ended and is forgotten: the request starts a new transfer
            }
            if (!old.isDone() && transfers.containsKey(from)) {
                return; // still running: the request is a repetition
            }
        }
        if (!old.isDone()) {
            dispatcher.abort(from, TftpErrorCode.NOT_DEFINED, "superseded", now); // completed, dallying: silent
        }
        drain();
    }

    @Override
    void readComplete() {
        drain();
    }

    private void drain() {
        if (closed()) {
            return;
        }
        dispatcher.drain((peer, packet) -> sender.send(channel(), peer, packet), this::onEvent);
        sender.flush(channel());
        timer.arm(channel().eventLoop(), dispatcher.nextDeadline());
    }

    private void onEvent(InetSocketAddress peer, TftpEvent event) {
        ServerTransfer st = transfers.get(peer);
        if (st != null && st.onEvent(event)) {
            transfers.remove(peer);
        }
    }

    private void fire() {
        dispatcher.onTimeout(System.nanoTime());
        drain();
    }

    @Override
    void onClose() {
        timer.cancel();
        dispatcher.abortAll(TftpErrorCode.NOT_DEFINED, "Server shutting down", System.nanoTime());
        dispatcher.drain((peer, packet) -> {
            if (packet instanceof TftpPacket.Data d) {
                d.payload().release();
            }
        }, this::onEvent);
        sender.discard();
        for (ServerTransfer st : new ArrayList<>(transfers.values())) {
            st.closed(null);
        }
        transfers.clear();
    }
}
