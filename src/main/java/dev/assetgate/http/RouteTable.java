package dev.assetgate.http;

import dev.assetgate.Assetgate;
import dev.assetgate.access.ApiKeyPrincipal;
import dev.assetgate.access.Principal;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.SassPrincipal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;

/**
 * Registers routes with what they need from the calling key. Project routes are served under both
 * {@code /{token}/v4} and {@code /{token}/v5} by the same handler. Before the handler, in order
 * (cheapest first): the key is verified (API key: hash lookup; SASS key: signature, expiry,
 * revocation), the project is checked, the declared permission is checked, and for a SASS key its
 * network rules (IP ranges, countries). Folder scopes and counted limits depend on what the call
 * touches and are checked by the handler through {@link ProjectCall}.
 */
public final class RouteTable {
    public static final String KEY_HEADER = "X-Filerobot-Key";
    private static final String[] VERSIONS = {"v4", "v5"};
    private final RoutesConfig routes;
    private final Assetgate app;
    private final HttpSupport http;

    public RouteTable(RoutesConfig routes, Assetgate app, HttpSupport http) {
        this.routes = routes;
        this.app = app;
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
            projectOn(version, method, path, need, handler);
        }
    }

    /**
     * A route under /{token}/v5 only, for v5 APIs whose v4 spelling means something else (the share
     * management {@code /v5/share/{uuid}} beside the public read {@code /v4/share/{puid}}).
     */
    public void v5(HandlerType method, String path, Need need, ProjectHandler handler) {
        projectOn("v5", method, path, need, handler);
    }

    private void projectOn(String version, HandlerType method, String path, Need need, ProjectHandler handler) {
        routes.addHttpHandler(method, "/{token}/" + version + path, ctx -> handler.handle(authorise(ctx, version, need)));
    }

    /** A route of the management API: API secret keys only (a SASS key never manages anything). */
    public void keyed(HandlerType method, String path, KeyHandler handler) {
        routes.addHttpHandler(method, path, ctx -> {
            String presented = ctx.header(KEY_HEADER);
            if (SassCodec.looksLikeSass(presented)) {
                throw ApiError.PERMISSION_DENIED.with("the management API needs an API secret key, not a SASS key");
            }
            handler.handle(ctx, app.keys.authenticate(presented));
        });
    }

    /** A route with no key at all; the handler owns every check. */
    public void open(HandlerType method, String path, io.javalin.http.Handler handler) {
        routes.addHttpHandler(method, path, handler);
    }

    ProjectCall authorise(Context ctx, String version, Need need) {
        return authorise(ctx, ctx.pathParam("token"), version, need);
    }

    ProjectCall authorise(Context ctx, String token, String version, Need need) {
        String presented = ctx.header(KEY_HEADER);
        InetAddress client = app.clientIp(ctx);
        Principal principal;
        Project project;
        if (SassCodec.looksLikeSass(presented)) {
            SassPrincipal sass = app.templates.verify(presented.trim(), token);
            project = app.projects.find(token)
                    .orElseThrow(() -> ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + token + "'"));
            need.check(sass.permissions());
            app.templates.checkNetwork(sass.policy(), client);
            principal = sass;
        } else {
            ApiKeyRecord key = app.keys.authenticate(presented);
            project = app.guard.project(key, token);
            need.check(key.permissions());
            principal = new ApiKeyPrincipal(key);
        }
        return new ProjectCall(ctx, principal, project, version, client, http, app.templates, app.approvals, app.visibility,
                app.labels);
    }
}
