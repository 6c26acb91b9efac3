package dev.netboot.server.dhcp.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A test clock that moves only when told to; thread-safe. */
final class ManualClock implements InstantSource {
    static final long START = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

    private final AtomicLong millis = new AtomicLong(START);

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }
}
