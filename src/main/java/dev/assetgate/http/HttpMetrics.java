package dev.assetgate.http;

import dev.assetgate.metrics.Buckets;
import dev.assetgate.metrics.TaggedMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.concurrent.TimeUnit;

/**
 * Every answered request in {@code assetgate_http_requests_seconds}, by method, route and status. The
 * route is the template the request matched ({@code /{token}/v5/files/{uuid}}), never the path
 * itself, so project tokens, file ids and names never become labels; a request that matched no route
 * is {@value #UNMATCHED}. Beside it, the catalog statements each request sent, in
 * {@code assetgate_http_catalog_statements} by method and route (the API key's own lookup included).
 */
final class HttpMetrics {
    static final String UNMATCHED = "unmatched";
    private final TaggedMeters<Timer> requests;
    private final TaggedMeters<DistributionSummary> statements;

    HttpMetrics(MeterRegistry registry) {
        this.requests = new TaggedMeters<>(Timer.builder("assetgate.http.requests")
                .description("HTTP requests by method, route template and status")
                .serviceLevelObjectives(Buckets.REQUESTS)
                .withRegistry(registry), "method", "route", "status");
        this.statements = new TaggedMeters<>(DistributionSummary.builder("assetgate.http.catalog.statements")
                .description("Catalog statements per HTTP request, by method and route template")
                .withRegistry(registry), "method", "route");
    }

    /** {@code catalogStatements}: what {@link dev.assetgate.metrics.CatalogStatements} counted for it (-1: not counted). */
    void record(Context ctx, float millis, long catalogStatements) {
        try {
            String route = route(ctx);
            String method = ctx.method().name();
            requests.of(method, route, Integer.toString(ctx.statusCode())).record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
            if (catalogStatements >= 0) statements.of(method, route).record(catalogStatements);
        } catch (RuntimeException e) {
            // a meter never changes the answer, which is sent already
        }
    }

    static String route(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? UNMATCHED : matched.path;
    }
}
