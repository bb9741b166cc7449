package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.templates.TemplateSpec;
import io.javalin.http.Context;

/**
 * Security Templates in the management API: {@code /admin/v1/projects/{token}/security-templates}.
 * CONFIG_LIST reads, CONFIG_CHANGE writes; a template never holds a permission its creator lacks,
 * and a key never sees or changes a template holding a permission it lacks.
 */
public final class TemplateRoutes {
    private static final String BASE = "/admin/v1/projects/{token}/security-templates";
    private final TemplateService templates;
    private final Decider decider;
    private final AuditLog audit;
    private final HttpSupport http;

    public TemplateRoutes(TemplateService templates, Decider decider, AuditLog audit, HttpSupport http) {
        this.templates = templates;
        this.decider = decider;
        this.audit = audit;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, BASE, Need.all(CONFIG_LIST), this::list);
        routes.keyed(POST, BASE, Need.all(CONFIG_CHANGE), this::create);
        routes.keyed(GET, BASE + "/{id}", Need.all(CONFIG_LIST), this::get);
        routes.keyed(PATCH, BASE + "/{id}", Need.all(CONFIG_CHANGE), this::patch);
        routes.keyed(DELETE, BASE + "/{id}", Need.all(CONFIG_CHANGE), this::delete);
        routes.keyed(POST, BASE + "/{id}/revoke-keys", Need.all(CONFIG_CHANGE), this::revokeAllKeys);
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
