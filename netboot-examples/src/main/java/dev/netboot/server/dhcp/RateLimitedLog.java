package dev.netboot.server.dhcp;

import java.time.InstantSource;
import java.util.EnumMap;
import org.slf4j.Logger;

/**
 * Logs a drop reason the first time it occurs and then at most once per interval, with the
 * number of occurrences suppressed in between, so that a flood of bad packets cannot flood the
 * log. Thread-safe (one lock, held only to decide).
 */
final class RateLimitedLog {
    private final Logger log;
    private final InstantSource clock;
    private final long intervalMillis;
    private final EnumMap<DropReason, long[]> state = new EnumMap<>(DropReason.class);

    RateLimitedLog(Logger log, InstantSource clock, long intervalMillis) {
        this.log = log;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Logs {@code detail} for {@code reason} unless one was logged within the interval. */
    void log(DropReason reason, String detail) {
        if (!reason.isProblem()) {
            log.debug("dropped ({}): {}", reason.description(), detail);
            return;
        }
        long suppressed;
        synchronized (state) {
            long now = clock.millis();
            long[] s = state.computeIfAbsent(reason, r -> new long[] {Long.MIN_VALUE, 0});
            if (s[0] != Long.MIN_VALUE && now - s[0] < intervalMillis) {
                s[1]++;
                return;
            }
            s[0] = now;
            suppressed = s[1];
            s[1] = 0;
        }
        if (reason == DropReason.INTERNAL_ERROR || reason == DropReason.LEASE_STORE_FAILURE) {
            log.error("dropped ({}): {}{}", reason.description(), detail, suffix(suppressed));
        } else {
            log.warn("dropped ({}): {}{}", reason.description(), detail, suffix(suppressed));
        }
    }

    private String suffix(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " more of this kind not logged in the last "
                + intervalMillis / 1000 + " s)";
    }
}
