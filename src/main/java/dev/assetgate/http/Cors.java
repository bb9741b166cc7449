package dev.assetgate.http;

import dev.assetgate.access.OriginList;
import io.javalin.http.Context;
import java.util.List;

/**
 * CORS for browser clients (the widget preflights every call). Pre-flights are answered on every
 * path without authentication; allowed origins are configurable, default any. Once a request's SASS
 * key is known, its template's {@code restrictions.allowed_origins} narrows the answer
 * ({@link #followKey}): a key may only ever shrink what the server allows, never widen it.
 */
final class Cors {
    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String HEADERS = "Content-Type, X-Filerobot-Key, X-Filerobot-Upload-Policy, X-Session-Token, X-Company-Token, X-Project-Token, Range, If-None-Match";
    private final List<String> origins;
    private final boolean any;

    Cors(List<String> origins) {
        this.origins = origins;
        this.any = origins.isEmpty() || origins.contains("*");
    }

    /**
     * The answer to a request made with a key whose template lists {@code origins}: an allowed origin is
     * echoed (with Vary: Origin, as the answer now depends on it), another one gets no CORS header at all,
     * so the browser hides the answer from the page. Nothing changes when the server's own list already
     * left the origin out, or the template lists none.
     */
    static void followKey(Context ctx, OriginList origins) {
        String origin = ctx.header("Origin");
        if (origin == null || origins.isEmpty() || ctx.res().getHeader("Access-Control-Allow-Origin") == null) return;
        if (origins.allows(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            String vary = ctx.res().getHeader("Vary");
            if (vary == null || vary.isBlank()) ctx.header("Vary", "Origin");
            else if (!vary.contains("Origin")) ctx.header("Vary", vary + ", Origin");
        } else {
            ctx.res().setHeader("Access-Control-Allow-Origin", null);
            ctx.res().setHeader("Access-Control-Expose-Headers", null);
        }
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
        ctx.header("Access-Control-Expose-Headers", "ETag, Content-Range, Content-Length, Retry-After, X-Request-Id, "
                + "Location, Tus-Resumable, Tus-Version, Upload-Offset, Upload-Length, Upload-Expires"); // the last ones: tus uploads
        if ("OPTIONS".equals(ctx.method().name())) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            String requested = ctx.header("Access-Control-Request-Headers");
            ctx.header("Access-Control-Allow-Headers", requested != null ? requested : HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
        }
    }
}
