package dev.netboot.tftp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * Routes received packets to transfers by peer key, answers packets for no transfer with ERROR 5,
 * and keeps one timer for all transfers. The key identifies the peer (and, if the driver wishes,
 * the local port); it is opaque here: an {@code InetSocketAddress}, a record of two addresses, or a
 * test's string. Not thread-safe: confine to one thread, like the transfers.
 *
 * <p>A driver decodes each datagram with {@link TftpCodec#decode}, calls {@link #dispatch}, creates
 * and {@link #add}s a transfer when told {@link Outcome#NEW_REQUEST}, then calls {@link #drain} to
 * send packets and receive events, and re-arms one timer at {@link #nextDeadline()}, which calls
 * {@link #onTimeout} and {@link #drain} again. Transfers that are done are forgotten by
 * {@link #drain} after their last packets and events were handed out.
 *
 * @param <K> the peer key type; needs {@code equals} and {@code hashCode}
 */
public final class TftpDispatcher<K> {
    /** What {@link #dispatch} did with a packet. */
    public enum Outcome {
        /** Handed to the peer's transfer. */
        DELIVERED,
        /** A request from a peer without a transfer: the caller decides whether to create one. */
        NEW_REQUEST,
        /** A DATA, ACK or OACK from a peer without a transfer: ERROR 5 is queued for that peer. */
        UNKNOWN_TRANSFER,
        /**
         * Dropped: an ERROR from a peer without a transfer (never answered, so that two stray peers
         * cannot bounce errors), or a repeated request from a peer whose transfer is running (its
         * own timer resends).
         */
        IGNORED,
    }

    private static final class Entry<K> {
        K key;
        final TftpTransfer transfer;
        long scheduled = TftpTransfer.NO_DEADLINE;
        boolean dirty;
        boolean removed;

        Entry(K key, TftpTransfer transfer) {
            this.key = key;
            this.transfer = transfer;
        }
    }

    private record Timer<K>(long at, Entry<K> entry) {}

    private record Reply<K>(K peer, TftpPacket packet) {}

    private final Map<K, Entry<K>> transfers = new HashMap<>();
    private final ArrayDeque<Entry<K>> dirty = new ArrayDeque<>();
    private final ArrayDeque<Reply<K>> replies = new ArrayDeque<>();
    private final PriorityQueue<Timer<K>> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    /** Creates an empty dispatcher. */
    public TftpDispatcher() {}

    /**
     * Registers {@code transfer} for packets from {@code peer}; its first packets go out with the
     * next {@link #drain}.
     *
     * @throws IllegalStateException if {@code peer} already has a transfer
     */
    public void add(K peer, TftpTransfer transfer) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(transfer, "transfer");
        Entry<K> e = new Entry<>(peer, transfer);
        if (transfers.putIfAbsent(peer, e) != null) {
            throw new IllegalStateException("peer already has a transfer: " + peer);
        }
        touched(e);
    }

    /** The transfer of {@code peer}, or null. */
    public TftpTransfer get(K peer) {
        Entry<K> e = transfers.get(peer);
        return e == null ? null : e.transfer;
    }

    /** The number of transfers not yet forgotten. */
    public int size() {
        return transfers.size();
    }

    /**
     * Moves the transfer of {@code from} to the key {@code to}: a client sends its request to the
     * server's port 69 and then locks onto the port the first answer came from.
     *
     * @return false if {@code from} has no transfer or {@code to} already has one
     */
    public boolean rebind(K from, K to) {
        Entry<K> e = transfers.get(from);
        if (e == null || transfers.containsKey(to)) {
            return false;
        }
        transfers.remove(from);
        e.key = to;
        transfers.put(to, e);
        return true;
    }

    /** Handles one packet from {@code peer}; see {@link Outcome}. */
    public Outcome dispatch(K peer, TftpPacket packet, long nowNanos) {
        Entry<K> e = transfers.get(peer);
        if (e != null) {
            if (packet instanceof TftpPacket.Request) {
                return Outcome.IGNORED;
            }
            e.transfer.onPacket(packet, nowNanos);
            touched(e);
            return Outcome.DELIVERED;
        }
        if (packet instanceof TftpPacket.Request) {
            return Outcome.NEW_REQUEST;
        }
        if (packet instanceof TftpPacket.ErrorPacket) {
            return Outcome.IGNORED;
        }
        replies.add(new Reply<>(peer, TftpPacket.ErrorPacket.unknownTransferId()));
        return Outcome.UNKNOWN_TRANSFER;
    }

    /**
     * Handles an ACK of {@code block} from {@code peer} as {@link #dispatch} would handle the decoded
     * packet, without allocating for a running transfer (see {@link TftpTransfer#onAck}).
     */
    public Outcome dispatchAck(K peer, int block, long nowNanos) {
        Entry<K> e = transfers.get(peer);
        if (e == null) {
            return dispatch(peer, new TftpPacket.Ack(block), nowNanos);
        }
        e.transfer.onAck(block, nowNanos);
        touched(e);
        return Outcome.DELIVERED;
    }

    /** Aborts the transfer of {@code peer} (see {@link TftpTransfer#abort}); false if there is none. */
    public boolean abort(K peer, TftpErrorCode code, String message, long nowNanos) {
        Entry<K> e = transfers.get(peer);
        if (e == null) {
            return false;
        }
        e.transfer.abort(code, message, nowNanos);
        touched(e);
        return true;
    }

    /** Aborts every transfer, for example when the server shuts down. */
    public void abortAll(TftpErrorCode code, String message, long nowNanos) {
        for (Entry<K> e : transfers.values()) {
            e.transfer.abort(code, message, nowNanos);
            touched(e);
        }
    }

    /** Fires the timers of every transfer whose deadline is at or before {@code nowNanos}. */
    public void onTimeout(long nowNanos) {
        Timer<K> t;
        while ((t = timers.peek()) != null && t.at <= nowNanos) {
            timers.poll();
            Entry<K> e = t.entry;
            if (e.removed || e.scheduled != t.at) {
                continue; // superseded
            }
            e.scheduled = TftpTransfer.NO_DEADLINE;
            e.transfer.onTimeout(nowNanos);
            touched(e);
        }
    }

    /**
     * The earliest deadline of any transfer, or {@link TftpTransfer#NO_DEADLINE}. It may be earlier
     * than needed (a transfer's deadline moved later); {@link #onTimeout} then just re-arms.
     */
    public long nextDeadline() {
        Timer<K> t;
        while ((t = timers.peek()) != null && (t.entry.removed || t.entry.scheduled != t.at)) {
            timers.poll();
        }
        return t == null ? TftpTransfer.NO_DEADLINE : t.at;
    }

    /**
     * Hands every pending packet to {@code send} (with the peer to send it to) and every event to
     * {@code events} (with its transfer's peer), then forgets the transfers that are done.
     */
    public void drain(BiConsumer<? super K, ? super TftpPacket> send, BiConsumer<? super K, ? super TftpEvent> events) {
        Reply<K> r;
        while ((r = replies.poll()) != null) {
            send.accept(r.peer, r.packet);
        }
        Entry<K> e;
        while ((e = dirty.poll()) != null) {
            e.dirty = false;
            TftpTransfer t = e.transfer;
            TftpPacket p;
            while ((p = t.pollOutgoing()) != null) {
                send.accept(e.key, p);
            }
            TftpEvent ev;
            while ((ev = t.pollEvent()) != null) {
                events.accept(e.key, ev);
            }
            if (t.isDone()) {
                e.removed = true;
                transfers.remove(e.key, e);
            } else {
                schedule(e);
            }
        }
    }

    private void touched(Entry<K> e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
        schedule(e);
    }

    private void schedule(Entry<K> e) {
        long d = e.transfer.nextDeadline();
        if (d != TftpTransfer.NO_DEADLINE && d < e.scheduled) {
            e.scheduled = d;
            timers.add(new Timer<>(d, e));
        }
    }
}
