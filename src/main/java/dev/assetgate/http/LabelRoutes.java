package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_LABEL_CHANGE;
import static dev.assetgate.access.Permission.LABELS_LIST;
import static dev.assetgate.access.Permission.LABEL_MANAGE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.labels.Label;
import dev.assetgate.labels.LabelInput;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.FileRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels (reference §5.7): the project's label dictionary ({@code LABELS_LIST} to read,
 * {@code LABEL_MANAGE} to change) and attaching labels to files ({@code FILE_LABEL_CHANGE}, only on
 * files in the caller's upload scope). Counts only count files in the caller's listing scope.
 */
public final class LabelRoutes {
    /** Members a label body may carry: the writable ones, and read-only ones clients send back unchanged. */
    private static final Set<String> WRITABLE = Set.of("name", "color", "shape", "is_pinned", "permissions");
    private static final Set<String> READ_ONLY = Set.of("uuid", "sid", "assets_count", "created_at", "updated_at");

    private final LabelService labels;
    private final AssetService assets;
    private final AssetRendering rendering;

    public LabelRoutes(LabelService labels, AssetService assets, AssetRendering rendering) {
        this.labels = labels;
        this.assets = assets;
        this.rendering = rendering;
    }

    /** Register before {@link FileRoutes}: "files/labels" must never be taken for a file uuid. */
    public void register(RouteTable routes) {
        routes.project(GET, "/labels", Need.all(LABELS_LIST), this::list);
        routes.project(GET, "/labels/{uuid}", Need.all(LABELS_LIST), this::details);
        routes.project(POST, "/labels", Need.all(LABEL_MANAGE), this::create);
        routes.project(PUT, "/labels/{uuid}", Need.all(LABEL_MANAGE), this::update);
        routes.project(DELETE, "/labels", Need.all(LABEL_MANAGE), this::deleteMany);
        routes.project(DELETE, "/labels/{uuid}", Need.all(LABEL_MANAGE), this::deleteOne);
        routes.project(POST, "/files/labels", Need.all(FILE_LABEL_CHANGE), call -> changeMany(call, true));
        routes.project(DELETE, "/files/labels", Need.all(FILE_LABEL_CHANGE), call -> changeMany(call, false));
        routes.project(POST, "/files/{uuid}/labels", Need.all(FILE_LABEL_CHANGE), call -> changeOne(call, true));
        routes.project(DELETE, "/files/{uuid}/labels", Need.all(FILE_LABEL_CHANGE), call -> changeOne(call, false));
    }

    // ------------------------------------------------------------------ the dictionary

    private void list(ProjectCall call) {
        Map<String, Long> counts = labels.fileCounts(call.token(), call.access.listScope());
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("labels");
        for (Label label : labels.list(call.token())) {
            list.add(AssetJson.label(label).put("assets_count", counts.getOrDefault(label.uuid(), 0L)));
        }
        call.ok(body);
    }

    private void details(ProjectCall call) {
        Label label = labels.get(call.token(), call.ctx.pathParam("uuid"));
        long count = labels.fileCounts(call.token(), call.access.listScope()).getOrDefault(label.uuid(), 0L);
        ObjectNode body = Json.success();
        body.set("label", AssetJson.label(label).put("assets_count", count));
        call.ok(body);
    }

    private void create(ProjectCall call) {
        Label label = labels.create(call.token(), input(call.jsonObjectBody()));
        ObjectNode body = Json.success().put("action", "label_created");
        body.set("label", AssetJson.label(label));
        call.ok(body);
    }

    private void update(ProjectCall call) {
        LabelInput input = input(call.jsonObjectBody());
        Label label = labels.update(call.token(), call.ctx.pathParam("uuid"), input);
        ObjectNode body = Json.success().put("action", "label_updated");
        body.set("label", AssetJson.label(label));
        call.ok(body);
    }

    private void deleteOne(ProjectCall call) {
        List<Label> deleted = delete(call, List.of(labels.get(call.token(), call.ctx.pathParam("uuid"))));
        call.ok(Json.success().put("action", "label_deleted").put("label_uuid", deleted.get(0).uuid()));
    }

    private void deleteMany(ProjectCall call) {
        List<String> ids = Fields.ids(call.jsonObjectBody(), "labels");
        List<Label> deleted = delete(call, labels.resolve(call.token(), ids));
        ObjectNode body = Json.success().put("action", "labels_deleted");
        body.set("labels_uuids", Json.MAPPER.valueToTree(deleted.stream().map(Label::uuid).toList()));
        call.ok(body);
    }

    /**
     * Deleting a label detaches it from every file, so a key whose upload scope is restricted may
     * only delete labels that no file outside that scope carries.
     */
    private List<Label> delete(ProjectCall call, List<Label> chosen) {
        List<Label> elsewhere = labels.carriedOutside(call.token(), chosen, call.principal.uploadScope());
        if (!elsewhere.isEmpty()) {
            throw ApiError.FOLDER_NOT_ALLOWED.with("label " + elsewhere.get(0).sid() + " is attached to files outside this key's scope "
                    + call.principal.uploadScope().asList(), "Rule: upload.dir_scope");
        }
        return labels.delete(call.token(), chosen);
    }

    // ------------------------------------------------------------------ attaching to files

    private void changeOne(ProjectCall call, boolean attach) {
        String uuid = call.ctx.pathParam("uuid");
        List<String> ids = Fields.ids(call.jsonObjectBody(), "labels");
        FileGrant file = call.access.writeFile(assets.file(call.token(), uuid));
        List<Label> chosen = labels.resolve(call.token(), ids);
        change(call, List.of(file), chosen, attach);
        ObjectNode body = Json.success().put("action", attach ? "labels_attached" : "labels_detached");
        body.set("file", rendering.of(call).file(assets.file(call.token(), uuid)));
        call.ok(body);
    }

    /** Every label on (or off) every file, or nothing at all when one file or label is unknown or out of scope. */
    private void changeMany(ProjectCall call, boolean attach) {
        ObjectNode request = call.jsonObjectBody();
        List<String> fileUuids = Fields.ids(request, "files_uuids");
        List<String> ids = Fields.ids(request, "labels");
        List<FileGrant> grants = fileUuids.stream().map(uuid -> call.access.writeFile(assets.file(call.token(), uuid))).toList();
        List<Label> chosen = labels.resolve(call.token(), ids);
        change(call, grants, chosen, attach);
        List<FileRecord> files = new ArrayList<>();
        for (String uuid : fileUuids) {
            files.add(assets.file(call.token(), uuid));
        }
        ObjectNode body = Json.success().put("action", attach ? "labels_attached" : "labels_detached");
        body.set("files_uuids", Json.MAPPER.valueToTree(fileUuids));
        body.set("files", rendering.of(call).files(files));
        call.ok(body);
    }

    private void change(ProjectCall call, List<FileGrant> files, List<Label> chosen, boolean attach) {
        if (attach) {
            labels.attach(call.token(), files, chosen);
        } else {
            labels.detach(call.token(), files, chosen);
        }
    }

    // ------------------------------------------------------------------ input

    /**
     * A label body: {@code {"label":{…}}} (as the widget sends it) or the label object itself. Read-only
     * members a client echoes back (uuid, sid, assets_count, dates) are ignored; unknown ones are refused.
     */
    static LabelInput input(ObjectNode body) {
        JsonNode label = body;
        if (body.has("label")) {
            if (body.size() != 1) {
                throw ApiError.INVALID_PARAMETER.with("a label body is {\"label\":{…}} with nothing beside it");
            }
            label = body.get("label");
            if (!label.isObject()) {
                throw ApiError.INVALID_PARAMETER.with("label must be a JSON object");
            }
        }
        for (Iterator<String> names = label.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!WRITABLE.contains(name) && !READ_ONLY.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with("label." + name + " is not a label field (name, color, shape, is_pinned, permissions)");
            }
        }
        permissions(label.get("permissions"));
        JsonNode pinned = label.get("is_pinned");
        if (pinned != null && !pinned.isNull() && !pinned.isBoolean()) {
            throw ApiError.INVALID_PARAMETER.with("label.is_pinned must be true or false");
        }
        return new LabelInput(text(label, "name"), text(label, "color"), text(label, "shape"),
                pinned == null || pinned.isNull() ? null : pinned.asBoolean());
    }

    private static String text(JsonNode label, String field) {
        JsonNode v = label.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with("label." + field + " must be a string");
        return v.asText();
    }

    /**
     * Filerobot's per-label viewing/attaching scopes. Without teams or users here, only the whole
     * organisation ({@code SK_ORG}) can be honoured; any other scope is refused rather than ignored.
     */
    private static void permissions(JsonNode permissions) {
        if (permissions == null || permissions.isNull()) return;
        if (!permissions.isObject()) throw ApiError.INVALID_PARAMETER.with("label.permissions must be a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = permissions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "label.permissions." + e.getKey();
            if (!e.getKey().equals("viewing") && !e.getKey().equals("attaching")) {
                throw ApiError.INVALID_PARAMETER.with(field + " is unknown (viewing, attaching)");
            }
            JsonNode rule = e.getValue();
            if (rule.isNull()) continue;
            JsonNode scope = rule.get("scope");
            JsonNode ids = rule.get("ids");
            if (!rule.isObject() || (scope != null && !scope.isNull() && !"SK_ORG".equals(scope.asText()))
                    || (ids != null && !ids.isNull() && !(ids.isArray() && ids.isEmpty()))) {
                throw ApiError.INVALID_PARAMETER.with(field + ": only {\"scope\":\"SK_ORG\",\"ids\":null} is supported",
                        "Assetgate has no teams or users: every key holding LABELS_LIST sees, and every key holding "
                                + "FILE_LABEL_CHANGE attaches, every label of the project.");
            }
        }
    }
}
