package dev.assetgate.limits;

import java.time.Duration;

/**
 * One limit to hold: at most {@code max} events for {@code key} within {@code window} (a sliding
 * window), or in total while the key lives ({@code window} null; {@code lifetime} says how long the
 * count must be kept). {@code name} is the rule, named in refusals.
 */
public record Limit(String name, String key, long max, Duration window, Duration lifetime) {

    public static Limit perWindow(String name, String key, long max, Duration window) {
        return new Limit(name, key, max, window, window);
    }

    public static Limit total(String name, String key, long max, Duration lifetime) {
        return new Limit(name, key, max, null, lifetime);
    }
}
