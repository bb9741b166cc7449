package dev.assetgate.templates;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.Limit;

/** Turns a refused limit into 429 RATE_LIMITED with Retry-After and the IETF RateLimit headers. */
public final class RateLimits {
    private RateLimits() {}

    public static ApiException refused(Counters.Decision d, String message) {
        Limit limit = d.refusedBy();
        long retrySeconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
        String policy = "\"" + limit.name() + "\";q=" + limit.max() + (limit.window() == null ? "" : ";w=" + limit.window().toSeconds());
        return ApiError.RATE_LIMITED.with(message, "Rule: " + limit.name() + "; retry in " + retrySeconds + " s.")
                .header("Retry-After", Long.toString(retrySeconds))
                .header("RateLimit-Policy", policy)
                .header("RateLimit", "\"" + limit.name() + "\";r=0;t=" + retrySeconds)
                .reason("limit:" + limit.name());
    }
}
