package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.templates.SassClaims;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.templates.TemplatePolicy;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.templates.TemplateSpec;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The SASS key exchange ({@code GET /{token}/key/{template}}, also under /v4 and /v5; no key needed),
 * key introspection ({@code GET /{token}/v4/key/info?key=K}) and direct minting with inline rules
 * ({@code POST /{token}/key}, an API key with CONFIG_CHANGE, never wider nor longer-lived than that
 * key). A backend mints a per-user key of a template for one subject with {@code POST
 * /{token}/key/{template}} (CONFIG_CHANGE). Every key minted is in the audit trail, and so is a
 * refused exchange.
 */
public final class KeyExchangeRoutes {
    private final TemplateService templates;
    private final ProjectStore projects;
    private final Decider decider;
    private final AuditLog audit;
    private final HttpSupport http;

    public KeyExchangeRoutes(TemplateService templates, ProjectStore projects, Decider decider, AuditLog audit, HttpSupport http) {
        this.templates = templates;
        this.projects = projects;
        this.decider = decider;
        this.audit = audit;
        this.http = http;
    }

    public void register(RouteTable routes) {
        for (String prefix : new String[] {"/{token}/v4/key", "/{token}/v5/key"}) {
            routes.open(GET, prefix + "/info", this::info);
            routes.openAudited(GET, prefix + "/{template}", this::exchange);
        }
        routes.openAudited(GET, "/{token}/key/{template}", this::exchange);
        routes.keyed(POST, "/{token}/key", Need.all(CONFIG_CHANGE), this::mintInline);
        routes.keyed(POST, "/{token}/key/{template}", Need.all(CONFIG_CHANGE), this::mintForSubject);
    }

    /** The template id arrives in the path; a key header (the 2026 asset picker sends the template id there) is ignored. */
    private void exchange(Context ctx) {
        String token = ctx.pathParam("token");
        String template = ctx.pathParam("template");
        Caller.of(ctx).templateId = template; // a refusal is recorded against the template asked for
        Cors.followKey(ctx, templates.allowedOrigins(token, template));
        TemplateService.Minted minted = templates.exchange(token, template, RequestFacts.clientIp(ctx), RequestFacts.channel(ctx));
        String company = projects.find(token).map(Project::companyId).orElseGet(audit::defaultCompanyId);
        minted(ctx, audit.entry("sass_key.minted", company), minted).detail("via", "exchange").record();
        HttpSupport.send(ctx, 200, mintedBody(minted));
    }

    private void info(Context ctx) {
        String key = HttpSupport.query(ctx, "key");
        if (key == null) key = ctx.header(RouteTable.KEY_HEADER);
        if (key == null || !SassCodec.looksLikeSass(key)) {
            throw ApiError.UNAUTHORIZED.with("key is missing or is not a SASS key", "Pass ?key=SASS__...");
        }
        SassPrincipal principal = templates.verify(key, ctx.pathParam("token"));
        ObjectNode body = Json.success().put("is_validate", true).put("is_user_info_included", false);
        body.set("permissions", Json.MAPPER.valueToTree(principal.policy().spec().permissions().names()));
        body.put("key_id", principal.claims().keyId());
        body.put("expires_at", principal.claims().expiresAt().toString());
        HttpSupport.send(ctx, 200, body);
    }

    private void mintInline(Context ctx, ApiKeyRecord caller) {
        Project project = decider.project(caller, ctx.pathParam("token"));
        TemplateSpec spec = TemplateSpec.parse(http.jsonObjectBody(ctx)).withActive(true);
        TemplateService.Minted minted = templates.mintInline(project.token(), spec, caller);
        minted(ctx, audit.entry("sass_key.minted", caller.companyId()).key(caller.id()), minted).detail("via", "inline").record();
        HttpSupport.send(ctx, 200, mintedBody(minted));
    }

    /**
     * A per-user key: {@code {"sub": "user-42", "claims": {...}}}. The subject is signed into the key;
     * the optional claims (a flat object of the backend's own facts about the user) are recorded with
     * the mint in the audit trail, never in the key.
     */
    private void mintForSubject(Context ctx, ApiKeyRecord caller) {
        Project project = decider.project(caller, ctx.pathParam("token"));
        ObjectNode body = http.jsonObjectBody(ctx);
        JsonNode sub = body.get("sub");
        JsonNode claims = body.get("claims");
        if (claims != null && !claims.isNull() && !validClaims(claims)) {
            throw ApiError.INVALID_PARAMETER.with("claims must be an object of at most " + MAX_CLAIMS
                    + " strings, numbers or booleans, at most " + MAX_CLAIMS_CHARS + " characters as JSON");
        }
        Caller.of(ctx).templateId = ctx.pathParam("template");
        TemplateService.Minted minted = templates.mintForSubject(project.token(), ctx.pathParam("template"),
                sub != null && sub.isTextual() ? sub.asText() : null, caller);
        AuditLog.Entry entry = minted(ctx, audit.entry("sass_key.minted", caller.companyId()).key(caller.id()), minted).detail("via", "subject");
        if (claims != null && !claims.isNull()) entry.detail("claims", claims);
        entry.record();
        HttpSupport.send(ctx, 200, mintedBody(minted));
    }

    private static final int MAX_CLAIMS = 20;
    private static final int MAX_CLAIMS_CHARS = 2048;

    private static boolean validClaims(JsonNode claims) {
        if (!claims.isObject() || claims.size() > MAX_CLAIMS || claims.toString().length() > MAX_CLAIMS_CHARS) return false;
        for (JsonNode v : claims) {
            if (!v.isValueNode() || v.isNull()) return false;
        }
        return true;
    }

    /** The audit entry of a key minted: which key, from which template, for whom, until when (never the key itself). */
    private AuditLog.Entry minted(Context ctx, AuditLog.Entry entry, TemplateService.Minted minted) {
        SassClaims claims = minted.claims();
        return entry.project(claims.project()).template(claims.templateId()).sassKey(claims.keyId())
                .ip(RequestFacts.clientIp(ctx).getHostAddress()).request(ctx.method().name(), ctx.path())
                .detail("expires_at", claims.expiresAt().toString()).detail("sub", claims.subject())
                .detail("template_version", claims.templateVersion()); // what the template's live-key list compares with revoke-all
    }

    static ObjectNode mintedBody(TemplateService.Minted minted) {
        TemplatePolicy policy = minted.policy();
        long millis = Duration.between(minted.claims().issuedAt(), minted.claims().expiresAt()).toMillis();
        ObjectNode body = Json.success();
        body.put("key", minted.key());
        body.put("hint", "Send it as X-Filerobot-Key; it expires at " + minted.claims().expiresAt() + ".");
        // milliseconds: the Filerobot widget schedules its renewal with setTimeout(expire_duration)
        body.putObject("key_validity").put("expire_duration", millis).put("expires_at", minted.claims().expiresAt().toString());
        String sub = minted.claims().subject();
        body.set("list_scope", Json.MAPPER.valueToTree(policy.listScope().forSubject(sub).asList()));
        body.set("upload_scope", Json.MAPPER.valueToTree(policy.uploadScope().forSubject(sub).asList()));
        if (sub != null) body.put("sub", sub);
        body.set("permissions", Json.MAPPER.valueToTree(policy.spec().permissions().names()));
        body.put("key_id", minted.claims().keyId());
        return body;
    }
}
