package dev.netboot.tftp;

import java.time.Duration;
import java.util.Objects;

/**
 * How a transfer retransmits: the first timeout (replaced by a negotiated RFC 2349 {@code timeout}),
 * doubled after every expiry up to {@code maxTimeout} (or the negotiated timeout, if larger); the
 * transfer fails after {@code maxRetransmits} expiries in a row without progress; the side that
 * sends the final ACK lingers {@code dally} (at least the largest timeout) to answer a repeated last
 * block. Immutable and thread-safe.
 *
 * @param initialTimeout first retransmission timeout when none was negotiated
 * @param maxTimeout cap of the doubled timeout
 * @param maxRetransmits expiries in a row that are answered with a retransmission before failing
 * @param dally how long the receiver of the last block waits for that block to come again
 */
public record RetransmitPolicy(Duration initialTimeout, Duration maxTimeout, int maxRetransmits, Duration dally) {
    /** 1 s, doubled up to 8 s, 5 retransmissions (31 s without progress before failing), 8 s dally. */
    public static final RetransmitPolicy DEFAULT =
            new RetransmitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), 5, Duration.ofSeconds(8));

    /** Validates the durations and the count. */
    public RetransmitPolicy {
        Objects.requireNonNull(initialTimeout, "initialTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(dally, "dally");
        if (initialTimeout.isNegative() || initialTimeout.isZero()) {
            throw new IllegalArgumentException("initialTimeout: " + initialTimeout + " (expected: positive)");
        }
        if (maxTimeout.compareTo(initialTimeout) < 0) {
            throw new IllegalArgumentException("maxTimeout: " + maxTimeout + " (expected: at least " + initialTimeout + ")");
        }
        if (maxRetransmits < 0) {
            throw new IllegalArgumentException("maxRetransmits: " + maxRetransmits + " (expected: 0 or more)");
        }
        if (dally.isNegative()) {
            throw new IllegalArgumentException("dally: " + dally + " (expected: 0 or more)");
        }
    }

    /** This policy with another first timeout (and a cap at least as large). */
    public RetransmitPolicy withInitialTimeout(Duration timeout) {
        return new RetransmitPolicy(timeout, maxTimeout.compareTo(timeout) < 0 ? timeout : maxTimeout,
                maxRetransmits, dally);
    }

    /** This policy with another cap on the doubled timeout. */
    public RetransmitPolicy withMaxTimeout(Duration timeout) {
        return new RetransmitPolicy(initialTimeout, timeout, maxRetransmits, dally);
    }

    /** This policy with another number of retransmissions before failing. */
    public RetransmitPolicy withMaxRetransmits(int count) {
        return new RetransmitPolicy(initialTimeout, maxTimeout, count, dally);
    }

    /** This policy with another dally time. */
    public RetransmitPolicy withDally(Duration duration) {
        return new RetransmitPolicy(initialTimeout, maxTimeout, maxRetransmits, duration);
    }
}
