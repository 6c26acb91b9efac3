package dev.netboot.tftp;

/**
 * Counters of one transfer, for the log line. Immutable and thread-safe.
 *
 * @param bytes file bytes acknowledged by the receiver (sender) or written to the sink (receiver)
 * @param blocks DATA blocks acknowledged (sender) or accepted in order (receiver)
 * @param timeouts retransmission timeouts that fired (each resent the last packet or window)
 * @param duplicates packets ignored as duplicate or stale (duplicate ACKs, repeated blocks)
 * @param startNanos the time the transfer was created
 * @param endNanos the time it completed or failed, or -1 while it runs
 */
public record TransferStats(long bytes, long blocks, long timeouts, long duplicates, long startNanos, long endNanos) {
    /** Nanoseconds from start to end, or -1 while the transfer runs. */
    public long elapsedNanos() {
        return endNanos < 0 ? -1 : endNanos - startNanos;
    }
}
