package dev.assetgate.limits;

import java.time.Duration;

/**
 * One limit to hold: at most {@code max} units for {@code key} within {@code window} (a sliding
 * window), or in total while the key lives ({@code window} null; {@code lifetime} says how long the
 * count must be kept). A reservation holds {@code cost} units (one event; a byte quota holds the
 * upload's bytes, and is {@code weighted}: its store keeps each event's cost). {@code name} is the rule, named in refusals.
 */
public record Limit(String name, String key, long max, Duration window, Duration lifetime, long cost, boolean weighted) {

    public Limit(String name, String key, long max, Duration window, Duration lifetime) {
        this(name, key, max, window, lifetime, 1, false);
    }

    public static Limit perWindow(String name, String key, long max, Duration window) {
        return new Limit(name, key, max, window, window);
    }

    public static Limit total(String name, String key, long max, Duration lifetime) {
        return new Limit(name, key, max, null, lifetime);
    }

    /** This limit, holding {@code units} per reservation instead of one (bytes, not events). */
    public Limit costing(long units) {
        return new Limit(name, key, max, window, lifetime, units, true);
    }
}
