package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What both transfer directions share: the outgoing queue of control packets, the event queue, the
 * retransmission timer with exponential backoff, the terminal states and the counters.
 */
abstract class AbstractTransfer implements TftpTransfer {
    final TftpPacket.Request request;
    final RetransmitPolicy retransmit;
    final ArrayDeque<TftpPacket> control = new ArrayDeque<>(4);
    private final ArrayDeque<TftpEvent> events = new ArrayDeque<>(4);
    TransferParameters parameters = TransferParameters.DEFAULT;
    long deadline = NO_DEADLINE;
    /** Timer expiries in a row without progress. */
    int attempts;
    private long timeoutBase;
    private long timeoutCap;
    /** A terminal event (completed or failed) was queued. */
    boolean finished;
    /** Nothing will be sent or timed any more. */
    boolean stopped;
    /** The latest time the driver passed in, for events raised while polling. */
    long lastNow;
    private final long startNanos;
    private long endNanos = -1;
    long bytes;
    long blocks;
    long timeouts;
    long duplicates;

    AbstractTransfer(TftpPacket.Request request, RetransmitPolicy retransmit, long nowNanos) {
        this.request = request;
        this.retransmit = retransmit;
        this.startNanos = nowNanos;
        this.lastNow = nowNanos;
        useParameters(TransferParameters.DEFAULT);
    }

    /** Protocol handling of a packet other than ERROR, while not stopped. */
    abstract void handle(TftpPacket packet, long nowNanos);

    /** The timer fired while not stopped. */
    abstract void expire(long nowNanos);

    final void useParameters(TransferParameters p) {
        parameters = p;
        timeoutBase = p.timeoutSeconds() > 0
                ? TimeUnit.SECONDS.toNanos(p.timeoutSeconds()) : retransmit.initialTimeout().toNanos();
        timeoutCap = Math.max(timeoutBase, retransmit.maxTimeout().toNanos());
    }

    /** The timeout after {@link #attempts} expiries: doubled each time, capped. */
    final long currentTimeout() {
        long t = timeoutBase;
        for (int i = 0; i < attempts && t < timeoutCap; i++) {
            t <<= 1;
        }
        return Math.min(t, timeoutCap);
    }

    final long dallyNanos() {
        return Math.max(retransmit.dally().toNanos(), timeoutCap);
    }

    final void arm(long nowNanos) {
        deadline = nowNanos + currentTimeout();
    }

    /** Counts an expiry and re-arms the timer, or fails with TIMEOUT when the budget is spent. */
    final boolean retry(long nowNanos) {
        timeouts++;
        if (++attempts > retransmit.maxRetransmits()) {
            fail(nowNanos, FailureReason.TIMEOUT, "no answer after " + retransmit.maxRetransmits()
                    + " retransmissions", -1, null);
            return false;
        }
        arm(nowNanos);
        return true;
    }

    final void emit(TftpEvent event) {
        if (event instanceof TftpEvent.DataReceived d && events.peekLast() instanceof TftpEvent.DataReceived last
                && last.offset() + last.length() == d.offset()) {
            events.pollLast();
            events.add(new TftpEvent.DataReceived(last.offset(), last.length() + d.length()));
        } else {
            events.add(event);
        }
    }

    final void complete(long nowNanos) {
        finished = true;
        endNanos = nowNanos;
        events.add(new TftpEvent.Completed(stats()));
    }

    final void fail(long nowNanos, FailureReason reason, String detail, int errorCode, TftpPacket.ErrorPacket send) {
        if (!finished) {
            finished = true;
            endNanos = nowNanos;
            if (send != null) {
                control.add(send);
            }
            events.add(new TftpEvent.Failed(reason, detail, errorCode, stats()));
        }
        stop();
    }

    final void stop() {
        stopped = true;
        deadline = NO_DEADLINE;
    }

    static int wire(long block) {
        return (int) (block & 0xFFFF);
    }

    @Override
    public final TftpPacket.Request request() {
        return request;
    }

    @Override
    public final TransferParameters parameters() {
        return parameters;
    }

    @Override
    public final void onPacket(TftpPacket packet, long nowNanos) {
        lastNow = nowNanos;
        if (stopped) {
            return;
        }
        if (packet instanceof TftpPacket.ErrorPacket e) {
            int code = e.code().code();
            fail(nowNanos, FailureReason.PEER_ERROR, "peer sent ERROR " + code + ": " + e.message(), code, null);
            return;
        }
        handle(packet, nowNanos);
    }

    @Override
    public final void onAck(int block, long nowNanos) {
        lastNow = nowNanos;
        if (!stopped) {
            handleAck(block, nowNanos);
        }
    }

    @Override
    public final void onData(int block, ByteBuf payload, long nowNanos) {
        lastNow = nowNanos;
        if (!stopped) {
            handleData(block, payload, nowNanos);
        }
    }

    /** {@link #onData} once running; a receiver overrides it to skip the packet object. */
    void handleData(int block, ByteBuf payload, long nowNanos) {
        handle(new TftpPacket.Data(block, payload), nowNanos);
    }

    /** {@link #onAck} once running; a sender overrides it to skip the packet object. */
    void handleAck(int block, long nowNanos) {
        handle(new TftpPacket.Ack(block), nowNanos);
    }

    @Override
    public final void onTimeout(long nowNanos) {
        lastNow = nowNanos;
        if (stopped || deadline == NO_DEADLINE || nowNanos < deadline) {
            return;
        }
        expire(nowNanos);
    }

    @Override
    public TftpPacket pollOutgoing() {
        return control.poll();
    }

    @Override
    public final TftpEvent pollEvent() {
        return events.poll();
    }

    @Override
    public final long nextDeadline() {
        return deadline;
    }

    @Override
    public final void abort(TftpErrorCode code, String message, long nowNanos) {
        lastNow = nowNanos;
        if (stopped) {
            return;
        }
        fail(nowNanos, FailureReason.ABORTED, "aborted: " + message, code.code(),
                finished ? null : new TftpPacket.ErrorPacket(code, message));
    }

    @Override
    public final boolean isDone() {
        return stopped && control.isEmpty() && events.isEmpty();
    }

    @Override
    public final TransferStats stats() {
        return new TransferStats(bytes, blocks, timeouts, duplicates, startNanos, endNanos);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + request.filename() + ", " + parameters + ", " + stats() + "]";
    }
}
