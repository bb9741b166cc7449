package dev.assetgate.limits;

import java.time.Duration;
import java.util.List;

/**
 * Port: rate-limit and quota counters. {@link #acquire} is atomic over all the limits it is given:
 * either every limit has room and one event is counted against each, or nothing is counted and the
 * first full limit is reported. Implementations: in-process ({@link LocalCounters}, one node) and
 * Redis ({@link RedisCounters}, a cluster). An adapter that cannot decide never allows: it throws
 * {@code 503 SERVICE_UNAVAILABLE} and counts nothing (fail closed).
 */
public interface Counters {
    Decision acquire(List<Limit> limits);

    record Decision(boolean allowed, Limit refusedBy, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);
    }
}
