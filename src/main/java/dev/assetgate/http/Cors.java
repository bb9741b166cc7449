package dev.assetgate.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * CORS for browser clients (the widget preflights every call). Pre-flights are answered on every
 * path without authentication; allowed origins are configurable, default any.
 */
final class Cors {
    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String HEADERS = "Content-Type, X-Filerobot-Key, X-Session-Token, X-Company-Token, X-Project-Token, Range, If-None-Match";
    private final List<String> origins;
    private final boolean any;

    Cors(List<String> origins) {
        this.origins = origins;
        this.any = origins.isEmpty() || origins.contains("*");
    }

    void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        if (!any && !origins.contains(origin)) {
            return; // no CORS headers: the browser refuses the response
        }
        ctx.header("Access-Control-Allow-Origin", any ? "*" : origin);
        if (!any) ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Expose-Headers", "ETag, Content-Range, Content-Length, Retry-After, X-Request-Id");
        if ("OPTIONS".equals(ctx.method().name())) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            String requested = ctx.header("Access-Control-Request-Headers");
            ctx.header("Access-Control-Allow-Headers", requested != null ? requested : HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
        }
    }
}
