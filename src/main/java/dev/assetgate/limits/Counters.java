package dev.assetgate.limits;

import java.time.Duration;
import java.util.List;

/**
 * Port: rate-limit and quota counters. A request that is counted takes a {@link Reservation} before
 * its work: atomic over all the limits given, either every limit has room and one event is held in
 * each, or nothing is held and the first full limit is reported. Once the request is known to have
 * succeeded the reservation is {@linkplain Reservation#commit committed}; when it failed it is
 * {@linkplain Reservation#release released} and the events are given back, so a refused request
 * spends nothing.
 * A held event counts against the limits at once (racing requests cannot overshoot by waiting for
 * each other's outcome). An attempt that counts whatever its outcome (a password check) uses
 * {@link #acquire}.
 *
 * <p>Implementations: in-process ({@link LocalCounters}, one node) and Redis ({@link RedisCounters},
 * a cluster). An adapter that cannot decide never allows: it throws {@code 503 SERVICE_UNAVAILABLE}
 * and holds nothing (fail closed). Settling is best effort: a release that cannot reach the store
 * leaves the events counted, never the other way round.
 */
public interface Counters {
    Reservation reserve(List<Limit> limits);

    /** Reserves and commits at once: for attempts that count whether or not they succeed. */
    default Decision acquire(List<Limit> limits) {
        Reservation r = reserve(limits);
        r.commit();
        return r.decision();
    }

    record Decision(boolean allowed, Limit refusedBy, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);
    }
}
