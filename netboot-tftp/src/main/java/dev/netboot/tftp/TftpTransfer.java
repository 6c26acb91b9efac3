package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/**
 * One TFTP transfer as a sans-I/O state machine: it holds no socket, clock, thread or logger. The
 * driver feeds it packets from the peer ({@link #onPacket}) and expired deadlines
 * ({@link #onTimeout}), and after each call polls {@link #pollOutgoing()} until null (packets to
 * send to the peer), {@link #pollEvent()} until null, and {@link #nextDeadline()} to re-arm its timer.
 * Created by {@link TftpServerTransfer} and {@link TftpClientTransfer}; see the package
 * documentation for a driver loop.
 *
 * <p>Time is any monotonic nanosecond count the driver chooses (for example
 * {@code System.nanoTime()}), passed to every call; it must not go backwards.
 *
 * <p>Not thread-safe: confine each transfer to one thread (a Netty event loop). The transfer never
 * keeps a reference to a packet's payload after {@link #onPacket} returns; DATA packets from
 * {@link #pollOutgoing()} own their payload (see {@link TftpPacket}).
 */
public interface TftpTransfer {
    /** {@link #nextDeadline()} when no timer is needed. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** The request that started the transfer (received by a server, sent by a client). */
    TftpPacket.Request request();

    /** What the transfer runs with: {@link TransferParameters#DEFAULT} until negotiation is over. */
    TransferParameters parameters();

    /**
     * Handles a packet from the transfer's peer (the driver checks the peer's address and port; a
     * packet from elsewhere gets ERROR 5 and never reaches this method, see {@link TftpDispatcher}).
     * Duplicate, stale and unexpected packets are ignored without sending anything new except the
     * re-acknowledgement a receiver owes for a repeated block.
     */
    void onPacket(TftpPacket packet, long nowNanos);

    /**
     * Handles an ACK of {@code block} from the peer exactly as {@link #onPacket} would handle
     * {@code new TftpPacket.Ack(block)}, without the packet object: a sending driver reads the block
     * with {@link TftpCodec#peekBlock} and calls this, so that the per-block path allocates nothing.
     */
    default void onAck(int block, long nowNanos) {
        onPacket(new TftpPacket.Ack(block), nowNanos);
    }

    /**
     * Handles DATA block {@code block} with {@code payload} exactly as {@link #onPacket} would handle
     * {@code new TftpPacket.Data(block, payload)}, without the packet object: a receiving driver
     * passes {@link TftpCodec#peekBlock} and {@link TftpCodec#dataPayload}. The payload is not
     * retained after the call.
     */
    default void onData(int block, ByteBuf payload, long nowNanos) {
        onPacket(new TftpPacket.Data(block, payload), nowNanos);
    }

    /** Retransmits or gives up if {@code nowNanos} has reached {@link #nextDeadline()}; otherwise does nothing. */
    void onTimeout(long nowNanos);

    /** The next packet to send to the peer, or null when there is none now. */
    TftpPacket pollOutgoing();

    /** The next event, or null when there is none now. */
    TftpEvent pollEvent();

    /** When {@link #onTimeout} must next be called, or {@link #NO_DEADLINE}. */
    long nextDeadline();

    /**
     * Ends the transfer now, sending ERROR {@code code} with {@code message} (and reporting
     * {@link FailureReason#ABORTED}); after completion it only stops dallying. Ignored once done.
     */
    void abort(TftpErrorCode code, String message, long nowNanos);

    /**
     * Whether the transfer is over and has nothing left to send or report: the driver may forget it.
     * A receiver that completed lingers (dallies) before this turns true, to acknowledge the last
     * block again if the peer repeats it.
     */
    boolean isDone();

    /** Counters so far. */
    TransferStats stats();
}
