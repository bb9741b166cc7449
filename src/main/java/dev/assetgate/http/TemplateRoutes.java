package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.AuditStore;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.templates.TemplateSpec;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Security Templates in the management API: {@code /admin/v1/projects/{token}/security-templates}.
 * CONFIG_LIST reads, CONFIG_CHANGE writes; a template never holds a permission its creator lacks,
 * and a key never sees or changes a template holding a permission it lacks.
 */
public final class TemplateRoutes {
    private static final String BASE = "/admin/v1/projects/{token}/security-templates";
    /** How many recent key mints of a project the live-key list reads at most. */
    private static final int LIVE_KEYS_SCANNED = 5_000;
    private final TemplateService templates;
    private final Decider decider;
    private final AuditLog audit;
    private final HttpSupport http;
    private final Clock clock;

    public TemplateRoutes(TemplateService templates, Decider decider, AuditLog audit, HttpSupport http, Clock clock) {
        this.templates = templates;
        this.decider = decider;
        this.audit = audit;
        this.http = http;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, BASE, Need.all(CONFIG_LIST), this::list);
        routes.keyed(POST, BASE, Need.all(CONFIG_CHANGE), this::create);
        routes.keyed(GET, BASE + "/{id}", Need.all(CONFIG_LIST), this::get);
        routes.keyed(PATCH, BASE + "/{id}", Need.all(CONFIG_CHANGE), this::patch);
        routes.keyed(DELETE, BASE + "/{id}", Need.all(CONFIG_CHANGE), this::delete);
        routes.keyed(POST, BASE + "/{id}/revoke-keys", Need.all(CONFIG_CHANGE), this::revokeAllKeys);
        routes.keyed(GET, BASE + "/{id}/sass-keys", Need.all(CONFIG_LIST), this::liveKeys);
        routes.keyed(DELETE, "/admin/v1/projects/{token}/sass-keys/{key_id}", Need.all(CONFIG_CHANGE), this::revokeKey);
    }

    private Project project(Context ctx, ApiKeyRecord key) {
        return decider.project(key, ctx.pathParam("token"));
    }

    /**
     * A template the caller may see and manage. Its id mints keys without any other credential, so a
     * template holding a permission the caller lacks is invisible to it (404, like an unknown id),
     * as stronger API keys are: otherwise reading the list would be a way to those permissions.
     */
    private SecurityTemplate visible(Project project, String id, ApiKeyRecord key) {
        SecurityTemplate t = templates.get(project.token(), id);
        if (!visibleTo(t, key)) {
            throw ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + id + " in project " + project.token());
        }
        return t;
    }

    private static boolean visibleTo(SecurityTemplate t, ApiKeyRecord key) {
        return key.permissions().covers(t.spec().permissions());
    }

    private void list(Context ctx, ApiKeyRecord key) {
        ArrayNode list = Json.array();
        templates.list(project(ctx, key).token()).stream().filter(t -> visibleTo(t, key)).forEach(t -> list.add(json(t)));
        ObjectNode body = Json.success();
        body.set("security_templates", list);
        // without a GeoIP database a country list refuses every request: the console warns before saving one
        body.put("geoip_database", templates.geoIpConfigured());
        HttpSupport.send(ctx, 200, body);
    }

    private void create(Context ctx, ApiKeyRecord key) {
        Project project = project(ctx, key);
        TemplateSpec spec = TemplateSpec.parse(http.jsonObjectBody(ctx));
        SecurityTemplate created = templates.create(project.token(), spec, key.permissions(), key.id(), false);
        Audit.action(audit, ctx, key, "template.created").project(project.token()).template(created.id()).record();
        ObjectNode body = Json.success();
        body.set("security_template", json(created));
        HttpSupport.send(ctx, 201, body);
    }

    private void get(Context ctx, ApiKeyRecord key) {
        ObjectNode body = Json.success();
        body.set("security_template", json(visible(project(ctx, key), ctx.pathParam("id"), key)));
        HttpSupport.send(ctx, 200, body);
    }

    private void patch(Context ctx, ApiKeyRecord key) {
        Project project = project(ctx, key);
        SecurityTemplate current = visible(project, ctx.pathParam("id"), key);
        TemplateSpec changed = current.spec().patchedWith(http.jsonObjectBody(ctx));
        ObjectNode body = Json.success();
        SecurityTemplate updated = templates.update(project.token(), current.id(), changed, key.permissions());
        Audit.action(audit, ctx, key, "template.updated").project(project.token()).template(updated.id())
                .detail("version", updated.version()).record();
        body.set("security_template", json(updated));
        HttpSupport.send(ctx, 200, body);
    }

    private void delete(Context ctx, ApiKeyRecord key) {
        String id = ctx.pathParam("id");
        Project project = project(ctx, key);
        visible(project, id, key);
        templates.delete(project.token(), id);
        Audit.action(audit, ctx, key, "template.deleted").project(project.token()).template(id).record();
        HttpSupport.send(ctx, 200, Json.success().put("action", "security_template_deleted").put("id", id));
    }

    /** Ends every key minted from the template so far (an edit does not: keys follow the current rules). */
    private void revokeAllKeys(Context ctx, ApiKeyRecord key) {
        Project project = project(ctx, key);
        SecurityTemplate t = templates.revokeAllKeys(project.token(), visible(project, ctx.pathParam("id"), key).id());
        Audit.action(audit, ctx, key, "template.keys_revoked").project(project.token()).template(t.id())
                .detail("version", t.version()).record();
        ObjectNode body = Json.success().put("action", "security_template_keys_revoked");
        body.set("security_template", json(t));
        HttpSupport.send(ctx, 200, body);
    }

    /**
     * The keys exchanged from the template that have not expired, newest first, each live or revoked.
     * Exchanged keys are stored nowhere but the audit trail ({@code sass_key.minted}), so that is where
     * they are read from: the newest {@link #LIVE_KEYS_SCANNED} mints of the project within the longest
     * key lifetime. "Revoke keys" ends every key of the template, listed or not.
     */
    private void liveKeys(Context ctx, ApiKeyRecord key) {
        Project project = project(ctx, key);
        SecurityTemplate t = visible(project, ctx.pathParam("id"), key);
        Instant now = clock.instant();
        ArrayNode list = Json.array();
        AuditFilter.Cursor after = null;
        for (int scanned = 0; scanned < LIVE_KEYS_SCANNED; ) {
            List<AuditStore.StoredEvent> page = audit.find(new AuditFilter(key.companyId(), Set.of(project.token()), project.token(),
                    null, "sass_key.minted", now.minusSeconds(TemplateSpec.MAX_EXPIRE_SECONDS), null, after, 500));
            for (AuditStore.StoredEvent stored : page) {
                AuditEvent e = stored.event();
                JsonNode detail = Json.parseStored(e.detail());
                Instant expires = Instant.parse(detail.path("expires_at").asText(now.toString()));
                if (!t.id().equals(e.templateId()) || e.sassKeyId() == null || !expires.isAfter(now)) continue;
                Long version = detail.hasNonNull("template_version") ? detail.get("template_version").asLong() : null;
                list.addObject().put("key_id", e.sassKeyId()).put("issued_at", AssetJson.time(e.at()))
                        .put("expires_at", AssetJson.time(expires)).put("ip", e.ip())
                        .put("sub", detail.path("sub").asText(null)) // a per-user key's subject, null for an exchanged key
                        .put("revoked", templates.revoked(t, e.sassKeyId(), version));
            }
            scanned += page.size();
            if (page.size() < 500) break;
            AuditStore.StoredEvent last = page.get(page.size() - 1);
            after = new AuditFilter.Cursor(last.event().at(), last.seq());
        }
        ObjectNode body = Json.success();
        body.set("sass_keys", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void revokeKey(Context ctx, ApiKeyRecord key) {
        String keyId = ctx.pathParam("key_id");
        String token = project(ctx, key).token();
        templates.revokeKey(token, keyId);
        Audit.action(audit, ctx, key, "sass_key.revoked").project(token).sassKey(keyId).record();
        HttpSupport.send(ctx, 200, Json.success().put("action", "sass_key_revoked").put("key_id", keyId));
    }

    public static ObjectNode json(SecurityTemplate t) {
        ObjectNode o = Json.object();
        o.put("id", t.id());
        o.put("project", t.project());
        o.put("version", t.version());
        o.setAll(t.spec().toJson());
        o.put("created_at", AssetJson.time(t.createdAt()));
        o.put("updated_at", AssetJson.time(t.updatedAt()));
        return o;
    }
}
