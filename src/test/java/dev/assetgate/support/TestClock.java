package dev.assetgate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a {@link TestServer}: the wall clock plus an offset that a test moves forward by hand,
 * so an expiry test says "an hour passes" instead of sleeping. Time keeps running between advances,
 * so everything that spaces events by real time (rate windows, timeouts) still behaves.
 */
public final class TestClock extends Clock {
    private final Clock wall = Clock.systemUTC();
    private volatile Duration offset = Duration.ZERO;

    /** Moves this clock forward; it never goes back, as no real clock a server trusts does. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("a clock only moves forward: " + by);
        offset = offset.plus(by);
    }

    /** How far this clock is ahead of the wall clock. */
    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return wall.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.normalized().equals(ZoneOffset.UTC)) return this;
        throw new UnsupportedOperationException("the server runs on UTC");
    }
}
