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
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.access.CreatedKey;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.assets.AssetService;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.store.StorageSettings;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.templates.TemplateStore;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityService;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The management API (/admin/v1): projects and API secret keys. Reading needs CONFIG_LIST, writing
 * CONFIG_CHANGE; a key never creates, sees or changes a key stronger than itself.
 */
public final class AdminRoutes {
    private final ProjectStore projects;
    private final ApiKeyService keys;
    private final TemplateService templates;
    private final VisibilityService visibility;
    private final AssetService assets;
    private final Decider decider;
    private final AuditLog audit;
    private final HttpSupport http;

    public AdminRoutes(ProjectStore projects, ApiKeyService keys, TemplateService templates, VisibilityService visibility,
                       AssetService assets, Decider decider, AuditLog audit, HttpSupport http) {
        this.projects = projects;
        this.keys = keys;
        this.templates = templates;
        this.visibility = visibility;
        this.assets = assets;
        this.decider = decider;
        this.audit = audit;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, "/admin/v1/projects", Need.all(CONFIG_LIST), this::listProjects);
        routes.keyed(POST, "/admin/v1/projects", Need.all(CONFIG_CHANGE), this::createProject);
        routes.keyed(GET, "/admin/v1/projects/{token}", Need.all(CONFIG_LIST), this::getProject);
        routes.keyed(PATCH, "/admin/v1/projects/{token}", Need.all(CONFIG_CHANGE), this::patchProject);
        routes.keyed(DELETE, "/admin/v1/projects/{token}", Need.all(CONFIG_CHANGE), this::deleteProject);
        routes.keyed(GET, "/admin/v1/keys", Need.all(CONFIG_LIST), this::listKeys);
        routes.keyed(POST, "/admin/v1/keys", Need.all(CONFIG_CHANGE), this::createKey);
        routes.keyed(GET, "/admin/v1/keys/{id}", Need.all(CONFIG_LIST), this::getKey);
        routes.keyed(PATCH, "/admin/v1/keys/{id}", Need.all(CONFIG_CHANGE), this::patchKey);
        routes.keyed(DELETE, "/admin/v1/keys/{id}", Need.all(CONFIG_CHANGE), this::deleteKey);
        routes.keyed(GET, "/admin/v1/keys/{id}/sass-keys", Need.all(CONFIG_LIST), this::listMintedKeys);
        routes.keyed(DELETE, "/admin/v1/keys/{id}/sass-keys/{key_id}", Need.all(CONFIG_CHANGE), this::revokeMintedKey);
    }

    // ------------------------------------------------------------------ projects

    private void listProjects(Context ctx, ApiKeyRecord key) {
        ArrayNode list = Json.array();
        projects.list(key.companyId()).stream().filter(key::reaches).forEach(p -> list.add(project(p)));
        ObjectNode body = Json.success();
        body.set("projects", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void createProject(Context ctx, ApiKeyRecord key) {
        if (!key.companyWide()) {
            throw ApiError.PERMISSION_DENIED.with("only a company-wide key can create projects");
        }
        ObjectNode request = body(ctx);
        String token = Project.requireValidToken(Fields.text(request, "token"));
        String name = Optional.ofNullable(Fields.optionalText(request, "name")).orElse(token);
        Project created = projects.create(token, name, key.companyId())
                .orElseThrow(() -> ApiError.PROJECT_EXISTS.with("project '" + token + "' already exists"));
        Audit.action(audit, ctx, key, "project.created").project(created.token()).detail("name", created.name()).record();
        ObjectNode body = Json.success();
        body.set("project", project(created));
        HttpSupport.send(ctx, 201, body);
    }

    private void getProject(Context ctx, ApiKeyRecord key) {
        ObjectNode body = Json.success();
        body.set("project", project(reachable(ctx, key)));
        HttpSupport.send(ctx, 200, body);
    }

    /**
     * {@code name}, {@code default_visibility} ("public", "not_public", or null: the server's default) and/or
     * {@code storage} (duplicate handling and version retention, docs/versions.md); all checked before any changes.
     */
    private void patchProject(Context ctx, ApiKeyRecord key) {
        Project project = reachable(ctx, key);
        ObjectNode request = body(ctx);
        if (!request.has("name") && !request.has("default_visibility") && !request.has("storage")) {
            throw ApiError.INVALID_PARAMETER.with("name, default_visibility or storage is required");
        }
        String name = request.has("name") ? Fields.text(request, "name") : null;
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw ApiError.INVALID_PARAMETER.with("name must be 1 to 200 characters");
        }
        Visibility visibility = null;
        if (request.has("default_visibility") && !request.get("default_visibility").isNull()) {
            visibility = Visibility.parse(Fields.text(request, "default_visibility"), "default_visibility");
        }
        StorageSettings storage = request.has("storage")
                ? StorageSettingsJson.apply(assets.storageSettings(project.token()), request.get("storage")) : null;
        if (name != null) {
            project = projects.rename(project.token(), name).orElseThrow();
        }
        if (storage != null) {
            assets.setStorageSettings(project.token(), storage);
        }
        if (request.has("default_visibility")) {
            this.visibility.setProjectDefault(project.token(), visibility);
        }
        Audit.action(audit, ctx, key, "project.updated").project(project.token()).detail("name", name)
                .detail("default_visibility", request.has("default_visibility") ? (visibility == null ? "server" : visibility.wire) : null)
                .detail("storage", storage == null ? null : StorageSettingsJson.render(storage).toString())
                .record();
        ObjectNode body = Json.success();
        body.set("project", project(project));
        HttpSupport.send(ctx, 200, body);
    }

    private void deleteProject(Context ctx, ApiKeyRecord key) {
        Project project = reachable(ctx, key);
        if (!key.companyWide()) {
            throw ApiError.PERMISSION_DENIED.with("only a company-wide key can delete a project");
        }
        assets.deleteBlobs(project.token(), projects.delete(project.token()));
        keys.projectDeleted(project.token()); // a key scoped to it must not reach a new project of the same token
        Audit.action(audit, ctx, key, "project.deleted").project(project.token()).record();
        HttpSupport.send(ctx, 200, Json.success().put("action", "project_deleted").put("token", project.token()));
    }

    private Project reachable(Context ctx, ApiKeyRecord key) {
        return decider.project(key, ctx.pathParam("token"));
    }

    ObjectNode project(Project p) {
        Optional<Visibility> own = visibility.projectSetting(p.token());
        return Json.object().put("token", p.token()).put("uuid", p.uuid()).put("name", p.name())
                .put("company_uuid", p.companyId()).put("created_at", AssetJson.time(p.createdAt()))
                .put("default_visibility", own.orElse(visibility.serverDefault()).wire)
                .put("default_visibility_source", own.isPresent() ? "project" : "server")
                .set("storage", StorageSettingsJson.render(assets.storageSettings(p.token())));
    }

    // ------------------------------------------------------------------ keys

    private void listKeys(Context ctx, ApiKeyRecord key) {
        ArrayNode list = Json.array();
        keys.visibleTo(Optional.of(key), key.companyId()).forEach(k -> list.add(key(k)));
        ObjectNode body = Json.success();
        body.set("keys", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void createKey(Context ctx, ApiKeyRecord caller) {
        ObjectNode request = body(ctx);
        NewKey spec = new NewKey(
                Fields.text(request, "description"),
                permissions(request.get("permissions")),
                companyWide(request),
                new LinkedHashSet<>(Fields.strings(request, "projects")),
                expiry(request));
        CreatedKey created = keys.create(spec, caller.companyId(), Optional.of(caller));
        keyEvent(ctx, caller, "key.created", created.key()).record();
        ObjectNode out = key(created.key());
        out.put("secret", created.secret());
        ObjectNode body = Json.success();
        body.set("key", out);
        body.put("hint", "Store the secret now: it is shown only once.");
        HttpSupport.send(ctx, 201, body);
    }

    private void getKey(Context ctx, ApiKeyRecord caller) {
        ObjectNode body = Json.success();
        body.set("key", key(keys.visible(ctx.pathParam("id"), Optional.of(caller), caller.companyId())));
        HttpSupport.send(ctx, 200, body);
    }

    private void patchKey(Context ctx, ApiKeyRecord caller) {
        ApiKeyRecord current = keys.visible(ctx.pathParam("id"), Optional.of(caller), caller.companyId());
        ObjectNode request = body(ctx);
        boolean companyWide = request.has("company_wide") || request.has("projects") ? companyWide(request) : current.companyWide();
        Set<String> projects = request.has("projects") || request.has("company_wide")
                ? new LinkedHashSet<>(Fields.strings(request, "projects")) : current.projects();
        NewKey changed = new NewKey(
                request.has("description") ? Fields.text(request, "description") : current.description(),
                request.has("permissions") ? permissions(request.get("permissions")) : current.permissions(),
                companyWide, projects,
                request.has("expires_at") ? expiry(request) : current.expiresAt());
        boolean active = current.active();
        if (request.has("active")) {
            if (!request.get("active").isBoolean()) throw ApiError.INVALID_PARAMETER.with("active must be true or false");
            active = request.get("active").asBoolean();
        }
        ApiKeyRecord updated = keys.update(current, changed, active, Optional.of(caller));
        templates.apiKeyChanged(updated.id(), !updated.active()); // the keys it minted inline follow
        keyEvent(ctx, caller, "key.updated", updated).detail("changed", changedFields(current, updated)).record();
        ObjectNode body = Json.success();
        body.set("key", key(updated));
        HttpSupport.send(ctx, 200, body);
    }

    private void deleteKey(Context ctx, ApiKeyRecord caller) {
        ApiKeyRecord key = keys.visible(ctx.pathParam("id"), Optional.of(caller), caller.companyId());
        keys.delete(key);
        templates.apiKeyChanged(key.id(), true); // the keys it minted inline die with it
        keyEvent(ctx, caller, "key.deleted", key).record();
        HttpSupport.send(ctx, 200, Json.success().put("action", "key_deleted").put("id", key.id()));
    }

    /** The SASS keys an API key minted with POST /{token}/key that can still be used, revoked ones marked. */
    private void listMintedKeys(Context ctx, ApiKeyRecord caller) {
        ApiKeyRecord key = keys.visible(ctx.pathParam("id"), Optional.of(caller), caller.companyId());
        ArrayNode list = Json.array();
        templates.inlineKeys(key.id()).forEach(k -> list.add(mintedKey(k)));
        ObjectNode body = Json.success();
        body.set("sass_keys", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void revokeMintedKey(Context ctx, ApiKeyRecord caller) {
        ApiKeyRecord key = keys.visible(ctx.pathParam("id"), Optional.of(caller), caller.companyId());
        TemplateStore.InlineKey revoked = templates.revokeInlineKey(key.id(), ctx.pathParam("key_id"));
        keyEvent(ctx, caller, "sass_key.revoked", key).project(revoked.project()).sassKey(revoked.keyId()).record();
        HttpSupport.send(ctx, 200, Json.success().put("action", "sass_key_revoked").put("key_id", revoked.keyId()));
    }

    public static ObjectNode mintedKey(TemplateService.InlineKeyState state) {
        TemplateStore.InlineKey k = state.key();
        return Json.object().put("key_id", k.keyId()).put("project", k.project()).put("minted_by", k.apiKeyId())
                .put("issued_at", AssetJson.time(k.issuedAt())).put("expires_at", AssetJson.time(k.expiresAt()))
                .put("revoked", state.revoked());
    }

    /** A key event: the acting key in key_id, the key acted on in the detail (never its secret). */
    private AuditLog.Entry keyEvent(Context ctx, ApiKeyRecord caller, String kind, ApiKeyRecord subject) {
        return Audit.action(audit, ctx, caller, kind).project(Audit.projectOf(subject))
                .detail("subject_key_id", subject.id()).detail("description", subject.description())
                .detail("permissions", subject.permissions().names()).detail("company_wide", subject.companyWide())
                .detail("projects", List.copyOf(subject.projects())).detail("active", subject.active());
    }

    private static List<String> changedFields(ApiKeyRecord before, ApiKeyRecord after) {
        List<String> changed = new java.util.ArrayList<>();
        if (!before.description().equals(after.description())) changed.add("description");
        if (!before.permissions().names().equals(after.permissions().names())) changed.add("permissions");
        if (before.companyWide() != after.companyWide() || !before.projects().equals(after.projects())) changed.add("scope");
        if (before.active() != after.active()) changed.add("active");
        if (!java.util.Objects.equals(before.expiresAt(), after.expiresAt())) changed.add("expires_at");
        return changed;
    }

    private ObjectNode body(Context ctx) {
        return http.jsonObjectBody(ctx);
    }

    static PermissionSet permissions(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.INVALID_PARAMETER.with("permissions is required: a list of permission names, or \"all\"");
        }
        if (node.isTextual()) {
            return PermissionSet.parse(List.of(node.asText()), "permissions");
        }
        return PermissionSet.parse(Fields.strings(Json.object().set("permissions", node), "permissions"), "permissions");
    }

    private static boolean companyWide(JsonNode request) {
        JsonNode v = request.get("company_wide");
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw ApiError.INVALID_PARAMETER.with("company_wide must be true or false");
        return v.asBoolean();
    }

    private static Instant expiry(JsonNode request) {
        String text = Fields.optionalText(request, "expires_at");
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_PARAMETER.with("expires_at must be an ISO-8601 instant like 2027-01-31T00:00:00Z");
        }
    }

    public static ObjectNode key(ApiKeyRecord k) {
        ObjectNode o = Json.object();
        o.put("id", k.id());
        o.put("description", k.description());
        o.set("permissions", Json.MAPPER.valueToTree(k.permissions().names()));
        o.put("company_wide", k.companyWide());
        o.set("projects", Json.MAPPER.valueToTree(List.copyOf(k.projects())));
        o.put("active", k.active());
        o.put("secret_hint", k.secretHint() + "…");
        o.put("expires_at", k.expiresAt() == null ? null : AssetJson.time(k.expiresAt()));
        o.put("created_at", AssetJson.time(k.createdAt()));
        o.put("last_used_at", k.lastUsedAt() == null ? null : AssetJson.time(k.lastUsedAt()));
        return o;
    }
}
