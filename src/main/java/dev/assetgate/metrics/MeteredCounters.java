package dev.assetgate.metrics;

import dev.assetgate.error.ApiException;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.Limit;
import dev.assetgate.limits.Reservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rate-limit counters with meters around them: each decision by limit name (allowed, refused,
 * unavailable: the store could not decide and the request was refused with 503), and the time a
 * decision took, which on {@code counters=redis} is the round trip to Redis. A limit's name is one
 * of the few a template can set ({@code listing.max}, {@code upload.limit_per_min}, ...), never a key.
 */
public final class MeteredCounters implements Counters {
    private final Counters counters;
    private final MeterRegistry registry;
    private final Timer decisionTime;

    public MeteredCounters(Counters counters, String kind, MeterRegistry registry) {
        this.counters = counters;
        this.registry = registry;
        this.decisionTime = Timer.builder("assetgate.limiter.decision.time").tag("counters", kind)
                .description("Time to reach one limiter decision (on counters=redis: the round trip to Redis)")
                .serviceLevelObjectives(Buckets.FAST).register(registry);
    }

    @Override
    public Reservation reserve(List<Limit> limits) {
        if (limits.isEmpty()) return counters.reserve(limits);
        long start = System.nanoTime();
        Reservation r;
        try {
            r = counters.reserve(limits);
        } catch (ApiException unavailable) {
            decisionTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            for (Limit limit : limits) decision(limit, "unavailable").increment();
            throw unavailable;
        }
        decisionTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (r.allowed()) {
            for (Limit limit : limits) decision(limit, "allowed").increment();
        } else {
            decision(r.decision().refusedBy(), "refused").increment();
        }
        return r;
    }

    private Counter decision(Limit limit, String outcome) {
        return Counter.builder("assetgate.limiter.decisions").tag("limit", limit.name()).tag("decision", outcome)
                .description("Limiter decisions per limit: allowed (an event held), refused (the limit was full), unavailable (fail closed)")
                .register(registry);
    }
}
