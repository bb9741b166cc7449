package dev.assetgate.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.AssetCatalog;

/**
 * The start-up calls of the Filerobot widget and asset picker. Features that do not exist yet
 * (metadata model, filters) answer well-formed empty results; the tag dictionary is real. Labels
 * and collections have their own routes and permissions ({@link LabelRoutes},
 * {@link CollectionRoutes}): the widget asks for them only when its key holds LABELS_LIST or
 * COLLECTIONS_LIST, and the asset picker carries on without them.
 */
public final class WidgetRoutes {
    private final AssetCatalog catalog;

    public WidgetRoutes(AssetCatalog catalog) {
        this.catalog = catalog;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/settings", Need.authenticated(), this::settings);
        routes.project(GET, "/attributes/keys", Need.authenticated(), call -> empty(call, "attributes"));
        routes.project(GET, "/attributes/tags", Need.authenticated(), call -> empty(call, "attributes"));
        routes.project(GET, "/filters", Need.authenticated(), this::filters);
        routes.project(GET, "/tags", Need.authenticated(), this::tags);
    }

    private void settings(ProjectCall call) {
        ObjectNode body = Json.success();
        body.putObject("settings");
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("version", 1);
        metadata.putArray("model");
        metadata.putObject("store").putArray("regional_variants_groups");
        body.putObject("fs").put("permission_model", "PT_FAST");
        body.putArray("presets");
        call.ok(body);
    }

    private void filters(ProjectCall call) {
        ObjectNode body = Json.success();
        body.putObject("filters").putArray("file_types");
        call.ok(body);
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

    private static void empty(ProjectCall call, String field) {
        ObjectNode body = Json.success();
        body.putArray(field);
        call.ok(body);
    }
}
