package dev.assetgate.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.access.Permission;
import dev.assetgate.metadata.MetadataModel;
import dev.assetgate.metadata.MetadataService;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.Project;
import java.util.List;

/**
 * The start-up calls of the Filerobot widget and asset picker: settings, the tag dictionary, the
 * file types of the type filter, the search box's attribute and tag suggestions.
 * Labels and collections have their own routes and permissions ({@link LabelRoutes},
 * {@link CollectionRoutes}): the widget asks for them only when its key holds LABELS_LIST or
 * COLLECTIONS_LIST, and the asset picker carries on without them.
 */
public final class WidgetRoutes {
    private static final int DEFAULT_FILTERS = 50;
    private static final int MAX_FILTERS = 500;
    private static final int MAX_ATTRIBUTE_KEYS = 1000;
    private static final int MAX_SUGGESTIONS = 20;
    private static final int MAX_SUGGESTION_QUERY = 200;
    private final AssetCatalog catalog;
    private final MetadataService metadata;

    public WidgetRoutes(AssetCatalog catalog, MetadataService metadata) {
        this.catalog = catalog;
        this.metadata = metadata;
    }

    public void register(RouteTable routes) {
        routes.projectOrAnonymous(GET, "/settings", Need.authenticated(), this::settings, this::publicSettings);
        routes.project(GET, "/attributes/keys", Need.authenticated(), this::attributeKeys);
        routes.project(GET, "/attributes/tags", Need.authenticated(), this::attributeTags);
        routes.project(GET, "/filters", Need.authenticated(), this::filters);
        routes.project(GET, "/tags", Need.authenticated(), this::tags);
        routes.project(GET, "/metadata/autocomplete", Need.all(Permission.OBJECTS_LIST), this::autocomplete);
    }

    /**
     * Any key of the project may read settings (the widget asks at start-up); the metadata model in
     * it is configuration, shown only to a key holding CONFIG_LIST (else an empty model).
     */
    private void settings(ProjectCall call) {
        MetadataModel model = call.principal.permissions().has(Permission.CONFIG_LIST)
                ? metadata.model(call.token()) : new MetadataModel(List.of());
        call.ok(settingsBody(call.project, model));
    }

    /** Without any credential (the Akeneo connector asks so): the settings a key without CONFIG_LIST sees. */
    private void publicSettings(AnonymousCall call) {
        Project project = call.project().orElseThrow(() -> ApiError.PROJECT_NOT_FOUND.with("no such project"));
        call.ok(settingsBody(project, new MetadataModel(List.of())));
    }

    private static ObjectNode settingsBody(Project project, MetadataModel model) {
        ObjectNode body = Json.success();
        body.putObject("settings");
        body.set("metadata", MetadataJson.settingsBlock(project.uuid(), model));
        body.putObject("fs").put("permission_model", "PT_FAST");
        body.putArray("presets");
        return body;
    }

    /**
     * The type filter panel: the project's file types with their counts, inside the key's list scope
     * ({@code value} is what {@code q=type:} matches). A key that may not list files gets none.
     */
    private void filters(ProjectCall call) {
        int limit = limit(call.query("limit"));
        ObjectNode body = Json.success();
        ArrayNode types = body.putObject("filters").putArray("file_types");
        if (call.principal.permissions().has(Permission.OBJECTS_LIST)) {
            for (AssetCatalog.TypeCount type : catalog.fileTypes(call.token(), call.access.listScope(), limit)) {
                String category = type.mime().contains("/") ? type.mime().substring(0, type.mime().indexOf('/')) : type.mime();
                types.addObject().put("name", type.mime()).put("value", type.mime()).put("count", type.count()).put("category", category);
            }
        }
        call.ok(body);
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) return DEFAULT_FILTERS;
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_FILTERS) return limit;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.INVALID_PARAMETER.with("limit must be a whole number from 1 to " + MAX_FILTERS + ", got '" + raw + "'");
    }

    private void tags(ProjectCall call) {
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("tags");
        for (AssetCatalog.Tag tag : catalog.tags(call.token())) {
            ObjectNode t = list.addObject();
            t.put("uuid", tag.sid());
            t.put("sid", tag.sid());
            t.put("slug", tag.label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-"));
            t.putObject("names").put(tag.lang(), tag.label());
            t.put("primary", tag.lang());
            t.put("created_at", AssetJson.time(tag.createdAt()));
            t.put("updated_at", AssetJson.time(tag.createdAt()));
        }
        call.ok(body);
    }

    /**
     * The search box's attribute suggestions ({@code slug:} in q=): the metadata keys stored on files
     * inside the key's list scope. A key that may not list files gets none.
     */
    private void attributeKeys(ProjectCall call) {
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("attributes");
        if (call.principal.permissions().has(Permission.OBJECTS_LIST)) {
            for (String key : catalog.metaKeys(call.token(), call.access.listScope(), MAX_ATTRIBUTE_KEYS)) {
                list.addObject().put("slug", key).put("sys_key", "meta." + key).put("label", key).put("type", "meta");
            }
        }
        call.ok(body);
    }

    /**
     * Value suggestions while typing in a metadata field: {@code q} (part of a value) and
     * {@code meta_key=_<key>} → {@code {tags:[{tag}]}}, the distinct strings stored under that key on
     * files inside the key's list scope; without {@code meta_key}, the tag dictionary's labels.
     */
    private void autocomplete(ProjectCall call) {
        String part = call.query("q") == null ? "" : call.query("q");
        if (part.length() > MAX_SUGGESTION_QUERY) {
            throw ApiError.INVALID_PARAMETER.with("q is longer than " + MAX_SUGGESTION_QUERY + " characters");
        }
        String metaKey = call.query("meta_key");
        List<String> values;
        if (metaKey == null) {
            String lower = part.toLowerCase(java.util.Locale.ROOT);
            values = catalog.tags(call.token()).stream().map(AssetCatalog.Tag::label)
                    .filter(label -> label.toLowerCase(java.util.Locale.ROOT).contains(lower)).distinct().limit(MAX_SUGGESTIONS).toList();
        } else {
            String key = metaKey.startsWith("_") ? metaKey.substring(1) : metaKey; // the widget prefixes the field's key with '_'
            if (key.isBlank() || key.length() > MAX_SUGGESTION_QUERY) {
                throw ApiError.INVALID_PARAMETER.with("meta_key must name a metadata key (1 to " + MAX_SUGGESTION_QUERY + " characters)");
            }
            values = catalog.metaValues(call.token(), call.access.listScope(), key, part, MAX_SUGGESTIONS);
        }
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("tags");
        values.forEach(v -> list.addObject().put("tag", v));
        call.ok(body);
    }

    /** The search box's tag suggestions: the project's tag dictionary, as {@code {name, sid, lang}}. */
    private void attributeTags(ProjectCall call) {
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("attributes");
        for (AssetCatalog.Tag tag : catalog.tags(call.token())) {
            list.addObject().put("name", tag.label()).put("sid", tag.sid()).put("lang", tag.lang());
        }
        call.ok(body);
    }
}
