package dev.netboot.server.dhcp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; thread-safe. */
final class TestClock implements InstantSource {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-25T12:00:00Z").toEpochMilli());

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
