package dev.assetgate.http;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.error.ApiError;
import dev.assetgate.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * GET /metrics on the public port. It answers only with {@code metrics=token}, and only to
 * {@code Authorization: Bearer <metrics-token>} (compared in constant time); otherwise it is the
 * same 404 as a path that does not exist, so the public port reveals nothing about monitoring.
 * With {@code metrics=port} the meters are served by the {@link ManagementServer} instead.
 */
final class MetricsRoute {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final ServerMetrics metrics;
    private final byte[] token;

    MetricsRoute(ServerMetrics metrics, AssetgateConfig config) {
        this.metrics = metrics;
        this.token = config.get(Setting.METRICS).equals("token")
                ? config.get(Setting.METRICS_TOKEN).getBytes(StandardCharsets.UTF_8) : null;
    }

    void handle(Context ctx) {
        if (token == null) throw ApiError.NOT_FOUND.with("no route for GET /metrics");
        String authorization = ctx.header("Authorization");
        byte[] presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token)) {
            throw ApiError.UNAUTHORIZED.with(authorization == null ? "missing Authorization header" : "the metrics token is not valid",
                    "Send Authorization: Bearer <metrics-token>.").header("WWW-Authenticate", "Bearer");
        }
        ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
    }
}
