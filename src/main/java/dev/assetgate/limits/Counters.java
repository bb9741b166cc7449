package dev.assetgate.limits;

import java.time.Duration;
import java.util.List;

/**
 * Port: rate-limit and quota counters. {@link #acquire} is atomic over all the limits it is given:
 * either every limit has room and one event is counted against each, or nothing is counted and the
 * first full limit is reported. Implementations: in-process (one node) and, later, Redis (cluster).
 */
public interface Counters {
    Decision acquire(List<Limit> limits);

    record Decision(boolean allowed, Limit refusedBy, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);
    }
}
