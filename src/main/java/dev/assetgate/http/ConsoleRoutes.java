package dev.assetgate.http;

import static io.javalin.http.HandlerType.GET;

import dev.assetgate.error.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: static files from the classpath ({@code console/}) at {@code /console} and
 * {@code /console/{name}}; {@code /} redirects there. Only the names listed here are served (no path is ever resolved, so
 * {@code ..} or encoded slashes find nothing), all read once at start-up. A strict CSP allows only
 * this origin's scripts and styles, no inline code, no framing; the page talks to the API with the
 * session cookie, so nothing it fetches needs CORS.
 */
public final class ConsoleRoutes {
    static final String CSP = "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    /** Every file of the console and its media type: the whole console, nothing else is reachable. */
    static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("console.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"),
            Map.entry("app.js", "text/javascript; charset=utf-8"),
            Map.entry("api.js", "text/javascript; charset=utf-8"),
            Map.entry("ui.js", "text/javascript; charset=utf-8"),
            Map.entry("permissions.js", "text/javascript; charset=utf-8"),
            Map.entry("signin.js", "text/javascript; charset=utf-8"),
            Map.entry("projects.js", "text/javascript; charset=utf-8"),
            Map.entry("keys.js", "text/javascript; charset=utf-8"),
            Map.entry("templates.js", "text/javascript; charset=utf-8"),
            Map.entry("upload-policies.js", "text/javascript; charset=utf-8"),
            Map.entry("units.js", "text/javascript; charset=utf-8"),
            Map.entry("assets.js", "text/javascript; charset=utf-8"),
            Map.entry("asset-actions.js", "text/javascript; charset=utf-8"),
            Map.entry("asset-upload.js", "text/javascript; charset=utf-8"),
            Map.entry("webhooks.js", "text/javascript; charset=utf-8"),
            Map.entry("audit.js", "text/javascript; charset=utf-8"),
            Map.entry("admin-kit.js", "text/javascript; charset=utf-8"),
            Map.entry("settings.js", "text/javascript; charset=utf-8"),
            Map.entry("library.js", "text/javascript; charset=utf-8"),
            Map.entry("shares.js", "text/javascript; charset=utf-8"),
            Map.entry("airboxes.js", "text/javascript; charset=utf-8"),
            Map.entry("metadata.js", "text/javascript; charset=utf-8"),
            Map.entry("approvals.js", "text/javascript; charset=utf-8"));

    private final Map<String, byte[]> bodies;

    public ConsoleRoutes() {
        this.bodies = FILES.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(n -> n, ConsoleRoutes::load));
    }

    public void register(RouteTable routes) {
        routes.open(GET, "/", ctx -> ctx.redirect("/console/", HttpStatus.FOUND)); // a browser pointed at the server finds the console
        routes.open(GET, "/console", ctx -> serve(ctx, "index.html"));
        routes.open(GET, "/console/{name}", ctx -> serve(ctx, ctx.pathParam("name")));
    }

    private void serve(Context ctx, String name) {
        byte[] body = bodies.get(name);
        if (body == null) {
            throw ApiError.NOT_FOUND.with("the console has no file '" + name + "'");
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        // The page is the entry point: never cached, so a new server version is picked up at once.
        // Scripts and styles are revalidated on every load for the same reason (they are small).
        ctx.header("Cache-Control", name.endsWith(".html") ? "no-store" : "no-cache");
        ctx.contentType(FILES.get(name));
        ctx.status(200).result(body);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) throw new IllegalStateException("console resource missing from the build: " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
