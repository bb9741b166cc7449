package dev.assetgate.http;

import static dev.assetgate.access.Permission.COLLECTIONS_LIST;
import static dev.assetgate.access.Permission.COLLECTIONS_MANAGE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.access.FolderScope;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.collections.Collection;
import dev.assetgate.collections.CollectionInput;
import dev.assetgate.collections.CollectionService;
import dev.assetgate.collections.SavedQuery;
import dev.assetgate.error.ApiError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Collections (reference §5.8): saved queries, {@code COLLECTIONS_LIST} to read, {@code COLLECTIONS_MANAGE}
 * to change. A collection whose folder lies outside the caller's listing scope (and does not lead
 * into it) is invisible to that caller: it answers as an unknown one. Its files are listed by
 * {@code GET files?collection_uuid=} (see {@link FileRoutes}).
 */
public final class CollectionRoutes {
    private static final Set<String> WRITABLE = Set.of("title", "type", "visibility", "data");
    private static final Set<String> READ_ONLY = Set.of("uuid", "created_at", "updated_at");
    private static final Set<String> DATA = Set.of("filters", "q", "folder", "recursive", "mime", "labels", "labels_operator", "groupby");

    private final CollectionService collections;

    public CollectionRoutes(CollectionService collections) {
        this.collections = collections;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/collections", Need.all(COLLECTIONS_LIST), this::list);
        routes.project(GET, "/collections/{uuid}", Need.all(COLLECTIONS_LIST), this::details);
        routes.project(GET, "/collections/{uuid}/folders", Need.all(COLLECTIONS_LIST), this::virtualFolders);
        routes.project(POST, "/collections", Need.all(COLLECTIONS_MANAGE), this::create);
        routes.project(PUT, "/collections/{uuid}", Need.all(COLLECTIONS_MANAGE), this::update);
        routes.project(DELETE, "/collections", Need.all(COLLECTIONS_MANAGE), this::deleteMany);
        routes.project(DELETE, "/collections/{uuid}", Need.all(COLLECTIONS_MANAGE), this::deleteOne);
    }

    /** The collection, when the caller may see it; else COLLECTION_NOT_FOUND, as for an unknown uuid. */
    static Collection visible(ProjectCall call, CollectionService collections, String uuid) {
        Collection collection = collections.get(call.token(), uuid);
        if (!visible(call.access.listScope(), collection)) {
            throw ApiError.COLLECTION_NOT_FOUND.with("no collection with uuid " + uuid);
        }
        return collection;
    }

    private static boolean visible(FolderScope scope, Collection collection) {
        String folder = collection.query().folder();
        return scope.allows(folder) || scope.leadsInto(folder);
    }

    private void list(ProjectCall call) {
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("collections");
        for (Collection collection : collections.list(call.token())) {
            if (visible(call.access.listScope(), collection)) list.add(json(collection));
        }
        call.ok(body);
    }

    private void details(ProjectCall call) {
        ObjectNode body = Json.success();
        body.set("collection", json(visible(call, collections, call.ctx.pathParam("uuid"))));
        call.ok(body);
    }

    /**
     * Virtual folders: one, the whole collection (grouping by {@code groupby} attributes is not done).
     * Its {@code filters} is what clients send back as {@code f64} when listing its files.
     */
    private void virtualFolders(ProjectCall call) {
        Collection collection = visible(call, collections, call.ctx.pathParam("uuid"));
        ObjectNode body = Json.success();
        body.putArray("folders").addObject()
                .put("name", collection.title())
                .put("path", "/")
                .put("filters", CollectionService.virtualFolderFilter(""))
                .putArray("children");
        call.ok(body);
    }

    private void create(ProjectCall call) {
        CollectionInput input = input(call, call.jsonObjectBody());
        ObjectNode body = Json.success().put("action", "collection_created");
        body.set("collection", json(collections.create(call.token(), input)));
        call.ok(body);
    }

    private void update(ProjectCall call) {
        CollectionInput input = input(call, call.jsonObjectBody());
        Collection current = visible(call, collections, call.ctx.pathParam("uuid"));
        ObjectNode body = Json.success().put("action", "collection_updated");
        body.set("collection", json(collections.update(call.token(), current.uuid(), input)));
        call.ok(body);
    }

    private void deleteOne(ProjectCall call) {
        Collection collection = visible(call, collections, call.ctx.pathParam("uuid"));
        collections.delete(call.token(), List.of(collection.uuid()));
        call.ok(Json.success().put("action", "collection_deleted").put("collection_uuid", collection.uuid()));
    }

    private void deleteMany(ProjectCall call) {
        List<String> uuids = Fields.ids(call.jsonObjectBody(), "collections_uuids");
        uuids.forEach(uuid -> visible(call, collections, uuid));
        List<Collection> deleted = collections.delete(call.token(), uuids);
        ObjectNode body = Json.success().put("action", "collections_deleted");
        body.set("collections_uuids", Json.MAPPER.valueToTree(deleted.stream().map(Collection::uuid).toList()));
        call.ok(body);
    }

    // ------------------------------------------------------------------ wire shapes

    static ObjectNode json(Collection c) {
        ObjectNode o = Json.object();
        o.put("uuid", c.uuid());
        o.put("title", c.title());
        o.put("type", c.type());
        o.put("visibility", c.visibility());
        SavedQuery q = c.query();
        ObjectNode data = o.putObject("data");
        data.put("filters", q.q());
        data.put("folder", q.folder());
        data.put("recursive", q.recursive());
        data.put("mime", q.mime());
        data.set("labels", Json.MAPPER.valueToTree(q.labels()));
        data.put("labels_operator", q.labelsOperator());
        data.set("groupby", Json.parseStored(c.groupby()));
        o.put("created_at", AssetJson.time(c.createdAt()));
        o.put("updated_at", AssetJson.time(c.updatedAt()));
        return o;
    }

    /**
     * A collection body: {@code {"collection":{…}}} or the collection object itself (as the widget sends
     * it). The saved query's folder must be one the caller may list.
     */
    static CollectionInput input(ProjectCall call, ObjectNode body) {
        JsonNode c = body;
        if (body.has("collection")) {
            if (body.size() != 1) {
                throw ApiError.INVALID_PARAMETER.with("a collection body is {\"collection\":{…}} with nothing beside it");
            }
            c = body.get("collection");
            if (!c.isObject()) throw ApiError.INVALID_PARAMETER.with("collection must be a JSON object");
        }
        onlyKnown(c, WRITABLE, READ_ONLY, "", "title, type, visibility, data");
        CollectionInput.Data data = null;
        JsonNode d = c.get("data");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) throw ApiError.INVALID_PARAMETER.with("data must be a JSON object");
            onlyKnown(d, DATA, Set.of(), "data.", String.join(", ", DATA));
            String filters = text(d, "filters", "data.filters");
            String q = text(d, "q", "data.q");
            if (filters != null && q != null && !filters.equals(q)) {
                throw ApiError.INVALID_PARAMETER.with("data.filters and data.q are the same expression: send one");
            }
            String folder = text(d, "folder", "data.folder");
            if (folder != null) {
                folder = AssetPaths.folder(folder);
                call.access.listFolder(folder);
            }
            JsonNode recursive = d.get("recursive");
            if (recursive != null && !recursive.isNull() && !recursive.isBoolean()) {
                throw ApiError.INVALID_PARAMETER.with("data.recursive must be true or false");
            }
            JsonNode groupby = d.get("groupby");
            if (groupby != null && !groupby.isNull() && !groupby.isArray()) {
                throw ApiError.INVALID_PARAMETER.with("data.groupby must be an array");
            }
            data = new CollectionInput.Data(filters != null ? filters : q, folder,
                    recursive == null || recursive.isNull() ? null : recursive.asBoolean(), text(d, "mime", "data.mime"),
                    strings(d, "labels"), text(d, "labels_operator", "data.labels_operator"),
                    groupby == null || groupby.isNull() ? null : Json.write(groupby));
        }
        return new CollectionInput(text(c, "title", "title"), text(c, "type", "type"), text(c, "visibility", "visibility"), data);
    }

    private static void onlyKnown(JsonNode node, Set<String> writable, Set<String> readOnly, String prefix, String known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!writable.contains(name) && !readOnly.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with(prefix + name + " is not a collection field (" + known + ")");
            }
        }
    }

    private static String text(JsonNode node, String member, String field) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        return v.asText();
    }

    private static List<String> strings(JsonNode data, String member) {
        JsonNode v = data.get(member);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw ApiError.INVALID_PARAMETER.with("data." + member + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) throw ApiError.INVALID_PARAMETER.with("data." + member + " must contain only strings");
            out.add(item.asText());
        }
        return out;
    }
}
