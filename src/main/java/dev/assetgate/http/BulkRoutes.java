package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_META_CHANGE;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.edits.Change;
import dev.assetgate.edits.EditService;
import dev.assetgate.edits.EditTask;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.FileRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The widget's bulk metadata edit (reference §5.4): {@code PUT bulk/prepare} checks and stores the
 * edit, {@code POST bulk/{bulk_uuid}/apply} applies it to every file at once, all or nothing. Each
 * file is authorised at both steps (a write grant: the key may change things in its folder).
 */
public final class BulkRoutes {
    static final int MAX_FILES = 1000;
    static final int MAX_CHANGES = 100;
    private final AssetService assets;
    private final EditService edits;
    private final AssetRendering rendering;

    public BulkRoutes(AssetService assets, EditService edits, AssetRendering rendering) {
        this.assets = assets;
        this.edits = edits;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        routes.project(PUT, "/bulk/prepare", Need.all(FILE_META_CHANGE), this::prepare);
        routes.project(POST, "/bulk/{bulk_uuid}/apply", Need.all(FILE_META_CHANGE), this::apply);
    }

    /** A prepared edit: the files and the changes, stored (and answered) in the request's own shape. */
    record Bulk(List<String> files, List<Change> changes) {
        ObjectNode json() {
            ObjectNode o = Json.object();
            o.putObject("target").set("files_uuids", Json.MAPPER.valueToTree(files));
            ArrayNode list = o.putArray("changes");
            for (Change c : changes) {
                ObjectNode item = list.addObject().put("type", c.type().wire);
                if (c.key() != null) item.put("key", c.key());
                if (c.value() != null) item.set("value", c.value());
                if (c.lang() != null) item.put("lang", c.lang());
            }
            return o;
        }
    }

    private void prepare(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        Bulk bulk = parse(body.has("bulk") ? body.get("bulk") : body);
        // authorised and checked now, so a refusal comes before anything is stored
        check(edits.plan(call.token(), grants(call, bulk)));
        EditTask task = edits.create(call.token(), call.principal.id(), EditTask.Kind.BULK, EditService.PREPARED, bulk.json());
        ObjectNode out = Json.success().put("action", "bulk_prepared").put("bulk_uuid", task.uuid())
                .put("files_count", bulk.files().size());
        out.set("bulk", bulk.json().put("uuid", task.uuid()));
        call.ok(out);
    }

    private void apply(ProjectCall call) {
        EditTask task = edits.task(call.token(), call.principal.id(), EditTask.Kind.BULK, call.ctx.pathParam("bulk_uuid"));
        if (!EditService.PREPARED.equals(task.status()) || !edits.claim(task)) {
            throw ApiError.EDIT_CONFLICT.with("bulk edit " + task.uuid() + " is already " + (EditService.PREPARED.equals(task.status())
                    ? "being applied" : task.status().toLowerCase(java.util.Locale.ROOT)), "Prepare a new bulk edit.");
        }
        boolean applied = false;
        try {
            Bulk bulk = parse(Json.parseStored(task.body()));
            // authorised again: the key's scope, or the files, may have changed since it was prepared
            List<FileRecord> changed = edits.commit(check(edits.plan(call.token(), grants(call, bulk))));
            applied = true;
            ObjectNode out = Json.success().put("action", "bulk_applied").put("bulk_uuid", task.uuid());
            out.set("files_uuids", Json.MAPPER.valueToTree(changed.stream().map(FileRecord::uuid).toList()));
            out.set("files", rendering.of(call).files(changed));
            call.ok(out);
        } finally {
            edits.settle(task, applied);
        }
    }

    private Map<FileGrant, List<Change>> grants(ProjectCall call, Bulk bulk) {
        Map<FileGrant, List<Change>> out = new LinkedHashMap<>();
        for (String uuid : bulk.files()) {
            out.put(call.access.writeFile(assets.file(call.token(), uuid)), bulk.changes());
        }
        return out;
    }

    /** A plan with a problem refuses the whole edit, naming the first file that cannot take it. */
    private static EditService.Plan check(EditService.Plan plan) {
        if (!plan.ok()) {
            Map.Entry<String, String> first = plan.problems().entrySet().iterator().next();
            throw ApiError.INVALID_PARAMETER.with("file " + first.getKey() + ": " + first.getValue()
                    + (plan.problems().size() > 1 ? " (and " + (plan.problems().size() - 1) + " more files)" : ""),
                    "Nothing was changed. Fix the change for the metadata model (GET meta/model/fields) and try again.");
        }
        return plan;
    }

    static Bulk parse(JsonNode root) {
        if (root == null || !root.isObject()) throw ApiError.INVALID_PARAMETER.with("bulk must be a JSON object");
        JsonNode target = root.get("target");
        if (target == null || !target.isObject()) throw ApiError.INVALID_PARAMETER.with("bulk.target must be a JSON object with files_uuids");
        List<String> files = List.copyOf(new LinkedHashSet<>(Fields.ids(target, "files_uuids")));
        if (files.size() > MAX_FILES) throw ApiError.INVALID_PARAMETER.with("bulk.target.files_uuids: at most " + MAX_FILES + " files");
        JsonNode list = root.get("changes");
        if (list == null || !list.isArray() || list.isEmpty()) throw ApiError.INVALID_PARAMETER.with("bulk.changes must list at least one change");
        if (list.size() > MAX_CHANGES) throw ApiError.INVALID_PARAMETER.with("bulk.changes: at most " + MAX_CHANGES + " changes");
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            changes.add(change(list.get(i), "bulk.changes[" + i + "]"));
        }
        return new Bulk(files, changes);
    }

    static Change change(JsonNode c, String at) {
        if (!c.isObject()) throw ApiError.INVALID_PARAMETER.with(at + " must be a JSON object");
        Change.Type type = c.path("type").isTextual() ? Change.Type.parse(c.get("type").asText()) : null;
        if (type == null) {
            throw ApiError.INVALID_PARAMETER.with(at + ".type must be one of tags.add, tags.del, meta.replace, meta.merge, meta.del");
        }
        String lang = c.hasNonNull("lang") ? c.get("lang").asText() : null;
        if (lang != null && !lang.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?")) throw ApiError.INVALID_PARAMETER.with(at + ".lang: a language code such as en or fr_FR");
        JsonNode value = c.get("value");
        switch (type) {
            case TAGS_ADD, TAGS_DEL -> {
                if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 200) {
                    throw ApiError.INVALID_PARAMETER.with(at + ".value must be a tag sid (#tg…) or a label of 1 to 200 characters");
                }
                return new Change(type, null, com.fasterxml.jackson.databind.node.TextNode.valueOf(value.asText().trim()), lang);
            }
            default -> {
                String key = c.path("key").isTextual() ? c.get("key").asText() : null;
                if (key == null || key.isBlank() || key.length() > 64) throw ApiError.INVALID_PARAMETER.with(at + ".key must name a metadata key (1 to 64 characters)");
                if (type != Change.Type.META_DEL && (value == null || value.isNull())) {
                    throw ApiError.INVALID_PARAMETER.with(at + ".value is required (use meta.del to remove a key)");
                }
                return new Change(type, key, type == Change.Type.META_DEL ? null : value, lang);
            }
        }
    }
}
