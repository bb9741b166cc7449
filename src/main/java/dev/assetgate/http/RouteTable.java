package dev.assetgate.http;

import dev.assetgate.Assetgate;
import dev.assetgate.access.ApiKeyPrincipal;
import dev.assetgate.access.Principal;
import dev.assetgate.console.ConsoleSession;
import dev.assetgate.console.SessionService;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SassClaims;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.SassPrincipal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.util.Optional;

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
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");
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
        routes.addHttpHandler(method, "/{token}/" + version + path,
                ctx -> audited(ctx, ctx.pathParam("token"), c -> handler.handle(authorise(c, version, need))));
    }

    /** A route of the management API: API secret keys only (a SASS key never manages anything). */
    public void keyed(HandlerType method, String path, KeyHandler handler) {
        routes.addHttpHandler(method, path, ctx -> audited(ctx, ctx.pathParamMap().get("token"), c -> {
            String presented = c.header(KEY_HEADER);
            if (SassCodec.looksLikeSass(presented)) {
                throw ApiError.PERMISSION_DENIED.with("the management API needs an API secret key, not a SASS key");
            }
            handler.handle(c, apiKey(c));
        }));
    }

    /**
     * The API key acting on this request: the X-Filerobot-Key header when present (it wins), else the
     * console session cookie, which acts exactly as the key it was opened with; a state change made
     * with the cookie also needs the session's X-CSRF-Token. Neither: the usual 401.
     */
    ApiKeyRecord apiKey(Context ctx) {
        String presented = ctx.header(KEY_HEADER);
        if (presented == null || presented.isBlank()) {
            String cookie = ctx.cookie(SessionService.COOKIE);
            if (cookie != null && !cookie.isEmpty()) {
                ConsoleSession session = session(ctx, cookie);
                identified(ctx, session.key()); // first: a CSRF refusal is recorded with the session's key
                if (!SAFE_METHODS.contains(ctx.method().name())) {
                    app.sessions.checkCsrf(session, ctx.header(CSRF_HEADER));
                }
                return session.key();
            }
        }
        return identified(ctx, app.keys.authenticate(presented));
    }

    private static ApiKeyRecord identified(Context ctx, ApiKeyRecord key) {
        Caller caller = Caller.of(ctx);
        caller.keyId = key.id();
        caller.companyId = key.companyId();
        return key;
    }

    /**
     * Runs a project or management route, counting it in the per-minute request statistics and
     * recording a refusal (401, 403, 429) in the audit trail with whatever was known about the
     * caller by then. {@code token}: the project in the path, if any. The counted limits the request
     * reserved are settled here: kept when it answered with success, given back otherwise.
     */
    void audited(Context ctx, String token, io.javalin.http.Handler handler) throws Exception {
        ApiException refusal = null;
        boolean succeeded = false;
        try {
            handler.handle(ctx);
            succeeded = ctx.statusCode() < 400;
        } catch (ApiException e) {
            if (e.error.status == 401 || e.error.status == 403 || e.error.status == 429) refusal = e;
            throw e;
        } finally {
            HeldCounts.settle(ctx, succeeded);
            recordRequest(ctx, token, refusal);
        }
    }

    private void recordRequest(Context ctx, String token, ApiException refusal) {
        try {
            Caller caller = Caller.of(ctx);
            String project = caller.project;
            String company = caller.projectCompanyId;
            if (project == null && token != null && refusal != null && Project.isValidToken(token)) {
                // refused before the project was looked at: find it, so its owners see what was tried on it
                Optional<Project> found = app.projects.find(token);
                project = found.map(Project::token).orElse(null);
                company = found.map(Project::companyId).orElse(null);
            }
            if (company == null) company = caller.companyId != null ? caller.companyId : app.audit.defaultCompanyId();
            app.audit.count(company, project, refusal != null);
            if (refusal != null) {
                app.audit.entry("request.refused", company).project(project).key(caller.keyId).template(caller.templateId)
                        .sassKey(caller.sassKeyId).ip(app.clientIp(ctx).getHostAddress()).rule(refusal.error.name())
                        .request(ctx.method().name(), ctx.path())
                        .detail("status", refusal.error.status).detail("reason", refusal.reason())
                        .detail("message", refusal.getMessage()).detail("hint", refusal.hint)
                        .record();
            }
        } catch (RuntimeException e) {
            // the audit trail never changes the answer (e.g. the catalog is down: the request already failed on it)
        }
    }

    /** The live console session of this cookie; an ended one is refused and its cookie cleared. */
    ConsoleSession session(Context ctx, String cookie) {
        try {
            return app.sessions.resolve(cookie);
        } catch (ApiException e) {
            if (e.error == ApiError.SESSION_EXPIRED) e.header("Set-Cookie", SessionCookie.cleared(app.overTls(ctx)));
            throw e;
        }
    }

    /** A route with no key at all; the handler owns every check. */
    public void open(HandlerType method, String path, io.javalin.http.Handler handler) {
        routes.addHttpHandler(method, path, handler);
    }

    /** A route with no key whose refusals are audited like a keyed route's (the SASS key exchange). */
    public void openAudited(HandlerType method, String path, io.javalin.http.Handler handler) {
        routes.addHttpHandler(method, path, ctx -> audited(ctx, ctx.pathParamMap().get("token"), handler));
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
            SassClaims claims = app.templates.signed(presented.trim());
            Caller caller = Caller.of(ctx);
            caller.templateId = claims.templateId(); // first: a revoked key's refusal names the key
            caller.sassKeyId = claims.keyId();
            SassPrincipal sass = app.templates.verify(claims, token);
            project = app.projects.find(token)
                    .orElseThrow(() -> ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + token + "'"));
            located(ctx, project);
            need.check(sass.permissions());
            app.templates.checkNetwork(sass.policy(), client);
            principal = sass;
        } else {
            ApiKeyRecord key = apiKey(ctx);
            project = located(ctx, app.guard.project(key, token));
            need.check(key.permissions());
            principal = new ApiKeyPrincipal(key);
        }
        return new ProjectCall(ctx, principal, project, version, client, http, app.templates, app.approvals, app.visibility,
                app.labels);
    }

    private static Project located(Context ctx, Project project) {
        Caller caller = Caller.of(ctx);
        caller.project = project.token();
        caller.projectCompanyId = project.companyId();
        return project;
    }
}
