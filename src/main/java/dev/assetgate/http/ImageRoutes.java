package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.images.Derivatives;
import dev.assetgate.images.ImageSettings;
import dev.assetgate.images.ImageSettingsService;
import dev.assetgate.store.FileRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project's image settings (EXIF GPS, named presets, the allow-list of url.cdn transformations)
 * and the variants of a file: its URL under each preset, as the widget's Variations tab and the
 * Akeneo connector read them.
 */
public final class ImageRoutes {
    private final AssetService assets;
    private final ImageSettingsService settings;
    private final AssetRendering rendering;

    public ImageRoutes(AssetService assets, ImageSettingsService settings, AssetRendering rendering) {
        this.assets = assets;
        this.settings = settings;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/settings/images", Need.all(CONFIG_LIST), this::show);
        routes.project(PUT, "/settings/images", Need.all(CONFIG_CHANGE), this::change);
        for (String prefix : List.of("/files/{uuid}", "/file/{uuid}")) {
            routes.project(GET, prefix + "/variants", Need.all(OBJECTS_FETCH), this::variants);
        }
    }

    private void show(ProjectCall call) {
        call.ok(Json.success().set("settings", settings.get(call.token()).toJson()));
    }

    private void change(ProjectCall call) {
        ImageSettings changed = settings.put(call.token(), call.jsonObjectBody());
        call.ok(Json.success().set("settings", changed.toJson()));
    }

    /**
     * {@code {variants:[{variant_uuid, variant_name, variant_url, variant_query}]}}: one per preset of
     * the project, for a raster image (other files have none); signed where the file is not public.
     */
    private void variants(ProjectCall call) {
        FileRecord file = call.access.readFile(assets.file(call.token(), call.ctx.pathParam("uuid"))).file();
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("variants");
        if (Derivatives.transformable(file)) {
            for (Map.Entry<String, String> preset : settings.get(call.token()).presets().entrySet()) {
                list.addObject()
                        .put("variant_uuid", UUID.nameUUIDFromBytes((call.token() + "/" + preset.getKey()).getBytes(StandardCharsets.UTF_8)).toString())
                        .put("variant_name", preset.getKey())
                        .put("variant_url", rendering.transformedUrl(call, file, preset.getValue()))
                        .put("variant_query", preset.getValue());
            }
        }
        call.ok(body);
    }
}
