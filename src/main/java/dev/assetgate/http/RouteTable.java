package dev.assetgate.http;

import dev.assetgate.access.Access;
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.ApiKeyPrincipal;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.access.Principal;
import dev.assetgate.airbox.AirboxPrincipal;
import dev.assetgate.airbox.AirboxService;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.console.ConsoleSession;
import dev.assetgate.console.SessionService;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.events.Actor;
import dev.assetgate.policies.UploadPolicies;
import dev.assetgate.policies.UploadPolicyPrincipal;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.templates.SassClaims;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.templates.TemplateService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers every route with what it needs from the caller, so the access decision runs once,
 * before the handler, and no handler can forget it. Project routes are served under both
 * {@code /{token}/v4} and {@code /{token}/v5} by the same handler; they declare their permissions and
 * what they count ({@link Need}); the credential is loaded into a {@link Principal} and the
 * {@link Decider} evaluates it (project, permission, network) and hands the
 * handler an {@link Access}, which checks each target against the folder scopes
 * (grants) and counts last. An upload carrying {@code X-Filerobot-Airbox-Puid} is decided the same
 * way, for an {@link AirboxPrincipal} whose only right is uploading into its Airbox's folder. Management routes declare their permission the same way. Open routes
 * (signed URLs, public shares, the key exchange, the console's files) own their checks, and the
 * coverage test lists them by name.
 */
public final class RouteTable {
    public static final String KEY_HEADER = "X-Filerobot-Key";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** A single-use upload policy presented instead of a key (docs/upload-policies.md). */
    public static final String POLICY_HEADER = "X-Filerobot-Upload-Policy";
    private static final String ACCESS = "assetgate.access";
    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");
    private static final String[] VERSIONS = {"v4", "v5"};
    private final RoutesConfig routes;
    private final Decider decider;
    private final ApiKeyService keys;
    private final SessionService sessions;
    private final TemplateService templates;
    private final UploadPolicies policies;
    private final AirboxService airboxes;
    private final ProjectStore projects;
    private final AuditLog audit;
    private final HttpSupport http;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final List<Registration> registrations = new ArrayList<>();

    /** One registered route and what it declared; {@code need} is null for an open route. */
    public record Registration(HandlerType method, String path, Kind kind, Need need) {}

    public enum Kind { PROJECT, MANAGEMENT, OPEN }

    public RouteTable(RoutesConfig routes, Decider decider, ApiKeyService keys, SessionService sessions,
                      TemplateService templates, UploadPolicies policies, AirboxService airboxes, ProjectStore projects, AuditLog audit, HttpSupport http,
                      io.micrometer.core.instrument.MeterRegistry meters) {
        this.policies = policies;
        this.routes = routes;
        this.decider = decider;
        this.keys = keys;
        this.sessions = sessions;
        this.templates = templates;
        this.airboxes = airboxes;
        this.projects = projects;
        this.audit = audit;
        this.http = http;
        this.meters = meters;
    }

    public interface ProjectHandler {
        void handle(ProjectCall call) throws Exception;
    }

    public interface KeyHandler {
        void handle(Context ctx, ApiKeyRecord key) throws Exception;
    }

    /** Every route registered so far, in order (the coverage test reads it). */
    public List<Registration> registrations() {
        return List.copyOf(registrations);
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

    /**
     * A project route at its older unversioned spelling {@code /{token}/path} (the "store" API's
     * {@code /{token}/upload?dir=}): the same decision as the versioned routes, answering as v4.
     */
    public void unversioned(HandlerType method, String path, Need need, ProjectHandler handler) {
        String full = "/{token}" + path;
        registrations.add(new Registration(method, full, Kind.PROJECT, java.util.Objects.requireNonNull(need)));
        routes.addHttpHandler(method, full, ctx -> audited(ctx, ctx.pathParam("token"), c -> handler.handle(authorise(c, "v4", need))));
    }

    /**
     * A project route that also answers a caller presenting no credential at all (no key, no console
     * session) through {@code anonymous}, which reveals only what is public (CMS plugins read public
     * files and settings so). A credential, once presented, is always checked the usual way.
     */
    public void projectOrAnonymous(HandlerType method, String path, Need need, ProjectHandler handler, AnonymousHandler anonymous) {
        for (String version : VERSIONS) {
            projectOn(version, method, path, need, handler, java.util.Objects.requireNonNull(anonymous));
        }
    }

    public interface AnonymousHandler {
        void handle(AnonymousCall call) throws Exception;
    }

    private void projectOn(String version, HandlerType method, String path, Need need, ProjectHandler handler) {
        projectOn(version, method, path, need, handler, null);
    }

    private void projectOn(String version, HandlerType method, String path, Need need, ProjectHandler handler, AnonymousHandler anonymous) {
        String full = "/{token}/" + version + path;
        registrations.add(new Registration(method, full, Kind.PROJECT, java.util.Objects.requireNonNull(need)));
        routes.addHttpHandler(method, full, ctx -> audited(ctx, ctx.pathParam("token"), c -> {
            if (anonymous != null && presentsNoCredential(c)) {
                anonymous.handle(new AnonymousCall(c, version, projects));
                return;
            }
            ProjectCall call = authorise(c, version, need);
            handler.handle(call);
        }));
    }

    /**
     * Neither a key header, an Airbox puid nor a console session cookie (an empty one counts as
     * presented: it is refused as usual; an Airbox is refused anything but uploads).
     */
    private static boolean presentsNoCredential(Context ctx) {
        return ctx.header(KEY_HEADER) == null && ctx.header(POLICY_HEADER) == null && ctx.header(AirboxService.PUID_HEADER) == null
                && ctx.cookie(SessionService.COOKIE) == null;
    }

    /** A route of the management API: API secret keys only (a SASS key never manages anything), holding {@code need}. */
    public void keyed(HandlerType method, String path, Need need, KeyHandler handler) {
        registrations.add(new Registration(method, path, Kind.MANAGEMENT, java.util.Objects.requireNonNull(need)));
        routes.addHttpHandler(method, path, ctx -> audited(ctx, ctx.pathParamMap().get("token"), c -> {
            ApiKeyRecord key = SassCodec.looksLikeSass(c.header(KEY_HEADER)) ? null : apiKey(c);
            handler.handle(c, Decider.manage(key, need));
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
                Caller.of(ctx).viaSession = true;
                if (!SAFE_METHODS.contains(ctx.method().name())) {
                    sessions.checkCsrf(session, ctx.header(CSRF_HEADER));
                }
                return session.key();
            }
        }
        return identified(ctx, keys.authenticate(presented));
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
        try (Actor.Scope acting = Actor.acting(() -> actorOf(ctx))) { // who the events of this request's changes name
            handler.handle(ctx);
            succeeded = ctx.statusCode() < 400;
            if (succeeded) recordAirboxUpload(ctx, token);
        } catch (ApiException e) {
            if (e.error.status == 401 || e.error.status == 403 || e.error.status == 429) refusal = e;
            throw e;
        } finally {
            Access access = ctx.attribute(ACCESS);
            if (access != null) access.settle(succeeded);
            recordRequest(ctx, token, refusal);
        }
    }

    /** The caller as far as it was identified (ids only), or null before any credential was checked. */
    private static Actor actorOf(Context ctx) {
        Caller caller = Caller.of(ctx);
        String ip = RequestFacts.clientIp(ctx).getHostAddress();
        if (caller.airbox != null) return Actor.airbox(caller.airbox, ip);
        if (caller.sassKeyId != null) return Actor.sassKey(caller.sassKeyId, caller.templateId, ip);
        if (caller.keyId == null) return null;
        return caller.viaSession ? Actor.session(caller.keyId, ip) : Actor.apiKey(caller.keyId, ip);
    }

    private void recordRequest(Context ctx, String token, ApiException refusal) {
        if (refusal != null) countDenial(refusal);
        try {
            Caller caller = Caller.of(ctx);
            String project = caller.project;
            String company = caller.projectCompanyId;
            if (project == null && token != null && refusal != null && Project.isValidToken(token)) {
                // refused before the project was looked at: find it, so its owners see what was tried on it
                Optional<Project> found = projects.find(token);
                project = found.map(Project::token).orElse(null);
                company = found.map(Project::companyId).orElse(null);
            }
            if (company == null) company = caller.companyId != null ? caller.companyId : audit.defaultCompanyId();
            audit.count(company, project, refusal != null);
            if (refusal != null) {
                audit.entry("request.refused", company).project(project).key(caller.keyId).template(caller.templateId)
                        .sassKey(caller.sassKeyId).ip(RequestFacts.clientIp(ctx).getHostAddress()).rule(refusal.error.name())
                        .request(ctx.method().name(), ctx.path())
                        .detail("status", refusal.error.status).detail("reason", refusal.reason()).detail("sub", caller.subject)
                        .detail("policy", caller.policyId).detail("airbox", caller.airbox)
                        .detail("message", refusal.getMessage()).detail("hint", refusal.hint)
                        .record();
            }
        } catch (RuntimeException e) {
            // the audit trail never changes the answer (e.g. the catalog is down: the request already failed on it)
        }
    }

    /** An upload through an Airbox is recorded in the audit trail (its files' events name the Airbox too). */
    private void recordAirboxUpload(Context ctx, String token) {
        Caller caller = Caller.of(ctx);
        if (caller.airbox == null) return;
        try {
            audit.entry("airbox.upload", caller.projectCompanyId).project(caller.project)
                    .ip(RequestFacts.clientIp(ctx).getHostAddress()).request(ctx.method().name(), ctx.path())
                    .detail("airbox", caller.airbox).detail("status", ctx.statusCode()).record();
        } catch (RuntimeException e) {
            // the audit trail never changes the answer
        }
    }

    /**
     * Every refusal of the access pipeline, by wire code and internal reason (which names the rule:
     * {@code outside_upload_scope}, {@code limit:listing.max}, {@code api_key_unknown}, ...). Both come
     * from fixed lists in the code, never from the request.
     */
    private void countDenial(ApiException refusal) {
        try {
            io.micrometer.core.instrument.Counter.builder("assetgate.access.denials")
                    .tag("code", refusal.error.name()).tag("reason", refusal.reason())
                    .description("Requests refused by the access pipeline (401, 403, 429), by wire code and internal reason")
                    .register(meters).increment();
        } catch (RuntimeException e) {
            // a meter never changes the answer
        }
    }

    /** The live console session of this cookie; an ended one is refused and its cookie cleared. */
    ConsoleSession session(Context ctx, String cookie) {
        try {
            return sessions.resolve(cookie);
        } catch (ApiException e) {
            if (e.error == ApiError.SESSION_EXPIRED) e.header("Set-Cookie", SessionCookie.cleared(RequestFacts.overTls(ctx)));
            throw e;
        }
    }

    /** A route with no key at all; the handler owns every check. */
    public void open(HandlerType method, String path, io.javalin.http.Handler handler) {
        registrations.add(new Registration(method, path, Kind.OPEN, null));
        routes.addHttpHandler(method, path, handler);
    }

    /** A route with no key whose refusals are audited like a keyed route's (the SASS key exchange). */
    public void openAudited(HandlerType method, String path, io.javalin.http.Handler handler) {
        registrations.add(new Registration(method, path, Kind.OPEN, null));
        routes.addHttpHandler(method, path, ctx -> audited(ctx, ctx.pathParamMap().get("token"), handler));
    }

    ProjectCall authorise(Context ctx, String version, Need need) {
        return authorise(ctx, ctx.pathParam("token"), version, need);
    }

    ProjectCall authorise(Context ctx, String token, String version, Need need) {
        InetAddress client = RequestFacts.clientIp(ctx);
        Access access = decider.decide(principal(ctx, token), token, need, client, RequestFacts.channel(ctx));
        located(ctx, access.project());
        ctx.attribute(ACCESS, access); // settled by audited() once the request's outcome is known
        return new ProjectCall(ctx, access, version, client, http);
    }

    /**
     * Loads the credential of a project call: a SASS key (verified, not yet evaluated), an API key, or,
     * with no key header, an upload policy (whose grants are the policy).
     */
    private Principal principal(Context ctx, String token) {
        String airbox = ctx.header(AirboxService.PUID_HEADER);
        if (airbox != null) { // an upload into an Airbox: the Airbox decides, whatever key came along
            AirboxPrincipal box = airboxes.principal(token, airbox, ctx.header(AirboxService.ACCESS_HEADER));
            Caller.of(ctx).airbox = box.airbox().uuid();
            return box;
        }
        String presented = ctx.header(KEY_HEADER);
        String policy = ctx.header(POLICY_HEADER);
        if (presented == null && policy != null) {
            UploadPolicyPrincipal loaded = policies.load(policy, token);
            Caller caller = Caller.of(ctx);
            caller.keyId = loaded.policy().signer(); // the policy acts for the key that signed it: its audit entries name that key
            caller.policyId = loaded.policy().id();
            return loaded;
        }
        if (!SassCodec.looksLikeSass(presented)) return new ApiKeyPrincipal(apiKey(ctx));
        SassClaims claims = templates.signed(presented.trim());
        Caller caller = Caller.of(ctx);
        caller.templateId = claims.templateId(); // first: a revoked key's refusal names the key
        caller.sassKeyId = claims.keyId();
        caller.subject = claims.subject();
        SassPrincipal verified = templates.verify(claims, token);
        Cors.followKey(ctx, verified.policy().origins()); // before the decision: its refusal follows the template too
        return verified;
    }

    private static Project located(Context ctx, Project project) {
        Caller caller = Caller.of(ctx);
        caller.project = project.token();
        caller.projectCompanyId = project.companyId();
        return project;
    }
}
