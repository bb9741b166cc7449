package dev.assetgate.metrics;

import java.time.Duration;

/**
 * The latency histogram buckets, a few fixed ones per kind of work rather than Micrometer's ~70
 * percentile buckets: every series of a histogram costs memory here and in Prometheus.
 */
public final class Buckets {
    private Buckets() {}

    /** HTTP requests and blob operations: 5 ms to 10 s. */
    public static final Duration[] REQUESTS = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

    /** Limiter decisions and catalog operations: 0.5 ms to 1 s. */
    public static final Duration[] FAST = micros(500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000);

    private static Duration[] millis(long... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) d[i] = Duration.ofMillis(values[i]);
        return d;
    }

    private static Duration[] micros(long... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) d[i] = Duration.ofNanos(values[i] * 1_000);
        return d;
    }
}
