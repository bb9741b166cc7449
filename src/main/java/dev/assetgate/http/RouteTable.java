package dev.assetgate.http;

import dev.assetgate.access.AccessGuard;
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Registers routes with what they need from the calling key. Project routes are served under both
 * {@code /{token}/v4} and {@code /{token}/v5} by the same handler. The key check, the project check
 * and the declared permission check run before the handler, in that order.
 */
public final class RouteTable {
    public static final String KEY_HEADER = "X-Filerobot-Key";
    private static final String[] VERSIONS = {"v4", "v5"};
    private final RoutesConfig routes;
    private final ApiKeyService keys;
    private final AccessGuard guard;
    private final HttpSupport http;

    public RouteTable(RoutesConfig routes, ApiKeyService keys, AccessGuard guard, HttpSupport http) {
        this.routes = routes;
        this.keys = keys;
        this.guard = guard;
        this.http = http;
    }

    public interface ProjectHandler {
        void handle(ProjectCall call) throws Exception;
    }

    public interface KeyHandler {
        void handle(Context ctx, ApiKeyRecord key) throws Exception;
    }

    /** A route under /{token}/v4 and /{token}/v5. */
    public void project(HandlerType method, String path, Need need, ProjectHandler handler) {
        for (String version : VERSIONS) {
            routes.addHttpHandler(method, "/{token}/" + version + path, ctx -> handler.handle(authorise(ctx, version, need)));
        }
    }

    /** A route authenticated by key but not under a project (the management API). */
    public void keyed(HandlerType method, String path, KeyHandler handler) {
        routes.addHttpHandler(method, path, ctx -> handler.handle(ctx, keys.authenticate(ctx.header(KEY_HEADER))));
    }

    /** A route with no key at all; the handler owns every check. */
    public void open(HandlerType method, String path, io.javalin.http.Handler handler) {
        routes.addHttpHandler(method, path, handler);
    }

    ProjectCall authorise(Context ctx, String version, Need need) {
        ApiKeyRecord key = keys.authenticate(ctx.header(KEY_HEADER));
        Project project = guard.project(key, ctx.pathParam("token"));
        need.check(key);
        return new ProjectCall(ctx, key, project, version, http);
    }

    public HttpSupport http() {
        return http;
    }
}
