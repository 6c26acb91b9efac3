package dev.netboot.tftp;

import java.util.Objects;

/**
 * Something a transfer reports to its driver, polled with {@link TftpTransfer#pollEvent()}: the
 * parameters it negotiated, data written to the sink, and exactly one terminal event,
 * {@link Completed} or {@link Failed}. Immutable values, thread-safe.
 */
public sealed interface TftpEvent {
    /**
     * Negotiation is over (for a client: the OACK was accepted, or the server answered without
     * one). Reported once, before any data moves.
     *
     * @param parameters what the transfer runs with
     */
    record Negotiated(TransferParameters parameters) implements TftpEvent {
        /** Validates that parameters are present. */
        public Negotiated {
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * File bytes were written to the sink (receiving transfers only). Consecutive reports not yet
     * polled are merged, so the queue stays short when the driver polls rarely.
     *
     * @param offset file offset of the first byte
     * @param length number of bytes
     */
    record DataReceived(long offset, long length) implements TftpEvent {}

    /**
     * The transfer succeeded: every block was acknowledged (sender), or the last block arrived and
     * was acknowledged (receiver; it may still linger, see {@link TftpTransfer#isDone()}).
     *
     * @param stats counters at completion
     */
    record Completed(TransferStats stats) implements TftpEvent {}

    /**
     * The transfer ended without success.
     *
     * @param reason the kind of failure
     * @param detail a human-readable explanation (for a log line)
     * @param errorCode the TFTP error code sent or received, or -1 when no ERROR packet was involved
     * @param stats counters at failure
     */
    record Failed(FailureReason reason, String detail, int errorCode, TransferStats stats) implements TftpEvent {}
}
