package dev.assetgate.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.console.ConsoleSession;
import dev.assetgate.console.SessionService;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.ApiKeyRecord;
import io.javalin.http.Context;

/**
 * Console sign-in and sign-out at {@code /admin/v1/session}: an API key (in the body, never kept)
 * is exchanged for a session cookie; GET reads the session back (the console's "who am I"), DELETE
 * ends it on the server.
 */
public final class SessionRoutes {
    static final String PATH = "/admin/v1/session";
    private final SessionService sessions;
    private final AuditLog audit;
    private final HttpSupport http;
    private final RouteTable routes;

    public SessionRoutes(SessionService sessions, AuditLog audit, HttpSupport http, RouteTable routes) {
        this.sessions = sessions;
        this.audit = audit;
        this.http = http;
        this.routes = routes;
    }

    public void register(RouteTable routes) {
        routes.open(POST, PATH, this::signIn);
        routes.open(GET, PATH, this::current);
        routes.open(DELETE, PATH, this::signOut);
    }

    private void signIn(Context ctx) {
        // application/json only: a cross-site HTML form can send text/plain, never JSON, so no other
        // site can sign a browser into a session of the attacker's key (login CSRF)
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith(HttpSupport.JSON)) {
            throw ApiError.UNSUPPORTED_MEDIA_TYPE.with("sign in with a JSON body (Content-Type: application/json)");
        }
        ObjectNode request = http.jsonObjectBody(ctx);
        String presented = request.path("key").isTextual() ? request.get("key").asText() : null;
        ApiKeyRecord key = null;
        SessionService.Opened opened;
        try {
            if (presented == null || presented.isBlank()) {
                throw ApiError.UNAUTHORIZED.with("key is required: the API secret key to sign in with", "Send {\"key\":\"agsk_…\"}.");
            }
            key = sessions.signInKey(presented);
            opened = sessions.open(key);
        } catch (ApiException e) {
            event(ctx, "session.refused", key).rule(e.error.name()).detail("message", e.getMessage()).detail("hint", e.hint).record();
            throw e;
        }
        event(ctx, "session.signed_in", key).detail("read_only", opened.session().readOnly()).record();
        ctx.header("Set-Cookie", SessionCookie.issued(opened.id(), sessions.cookieMaxAge(opened.session()), RequestFacts.overTls(ctx)));
        ctx.header("Cache-Control", "no-store");
        HttpSupport.send(ctx, 200, body(opened.session()));
    }

    private void current(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        HttpSupport.send(ctx, 200, body(required(ctx)));
    }

    private void signOut(Context ctx) {
        ConsoleSession session = required(ctx);
        sessions.checkCsrf(session, ctx.header(RouteTable.CSRF_HEADER));
        sessions.end(session);
        event(ctx, "session.signed_out", session.key()).record();
        ctx.header("Set-Cookie", SessionCookie.cleared(RequestFacts.overTls(ctx)));
        HttpSupport.send(ctx, 200, Json.success().put("action", "signed_out"));
    }

    /** A session event; company-level, with the key when known (a refused sign-in may not know one). */
    private AuditLog.Entry event(Context ctx, String kind, ApiKeyRecord key) {
        AuditLog.Entry entry = audit.entry(kind, key == null ? null : key.companyId())
                .ip(RequestFacts.clientIp(ctx).getHostAddress()).request(ctx.method().name(), ctx.path());
        return key == null ? entry : entry.key(key.id()).project(Audit.projectOf(key));
    }

    private ConsoleSession required(Context ctx) {
        String cookie = ctx.cookie(SessionService.COOKIE);
        if (cookie == null || cookie.isEmpty()) {
            throw ApiError.UNAUTHORIZED.with("no console session", "Sign in with POST " + PATH + " and {\"key\":\"agsk_…\"}.");
        }
        return routes.session(ctx, cookie);
    }

    private static ObjectNode body(ConsoleSession s) {
        ObjectNode session = Json.object();
        session.put("csrf_token", s.csrfToken());
        session.put("expires_at", AssetJson.time(s.expiresAt()));
        session.put("read_only", s.readOnly());
        session.set("key", AdminRoutes.key(s.key()));
        session.put("company_uuid", s.key().companyId());
        ObjectNode body = Json.success();
        body.set("session", session);
        return body;
    }
}
