package dev.assetgate.http;

import dev.assetgate.metrics.Buckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.Timer;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.concurrent.TimeUnit;

/**
 * Every answered request in {@code assetgate_http_requests_seconds}, by method, route and status. The
 * route is the template the request matched ({@code /{token}/v5/files/{uuid}}), never the path
 * itself, so project tokens, file ids and names never become labels; a request that matched no route
 * is {@value #UNMATCHED}.
 */
final class HttpMetrics {
    static final String UNMATCHED = "unmatched";
    private final MeterProvider<Timer> requests;

    HttpMetrics(MeterRegistry registry) {
        this.requests = Timer.builder("assetgate.http.requests")
                .description("HTTP requests by method, route template and status")
                .serviceLevelObjectives(Buckets.REQUESTS)
                .withRegistry(registry);
    }

    void record(Context ctx, float millis) {
        try {
            requests.withTags("method", ctx.method().name(), "route", route(ctx), "status", Integer.toString(ctx.statusCode()))
                    .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // a meter never changes the answer, which is sent already
        }
    }

    static String route(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? UNMATCHED : matched.path;
    }
}
