package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.metadata.MetaField;
import dev.assetgate.metadata.MetadataService;

/**
 * The project's metadata model (reference §5.6): typed fields, select options. Reading needs
 * CONFIG_LIST, every change CONFIG_CHANGE.
 */
public final class MetadataRoutes {
    private static final String FIELDS = "/meta/model/fields";
    private final MetadataService metadata;

    public MetadataRoutes(MetadataService metadata) {
        this.metadata = metadata;
    }

    public void register(RouteTable routes) {
        routes.project(GET, FIELDS, Need.all(CONFIG_LIST), this::list);
        routes.project(POST, FIELDS, Need.all(CONFIG_CHANGE), this::create);
        routes.project(GET, FIELDS + "/{uuid}", Need.all(CONFIG_LIST), this::details);
        routes.project(PUT, FIELDS + "/{uuid}", Need.all(CONFIG_CHANGE), this::update);
        routes.project(DELETE, FIELDS + "/{uuid}", Need.all(CONFIG_CHANGE), this::delete);
        routes.project(POST, FIELDS + "/{uuid}/options", Need.all(CONFIG_CHANGE), this::addOptions);
    }

    private void list(ProjectCall call) {
        ObjectNode body = Json.success();
        body.set("fields", MetadataJson.fields(metadata.model(call.token()).fields()));
        call.ok(body);
    }

    private void details(ProjectCall call) {
        ObjectNode body = Json.success();
        body.set("field", MetadataJson.field(metadata.field(call.token(), call.ctx.pathParam("uuid"))));
        call.ok(body);
    }

    private void create(ProjectCall call) {
        MetaField field = metadata.create(call.token(), call.jsonObjectBody());
        call.ok(changed("field_created", field));
    }

    private void update(ProjectCall call) {
        MetaField field = metadata.update(call.token(), call.ctx.pathParam("uuid"), call.jsonObjectBody());
        call.ok(changed("field_updated", field));
    }

    private void delete(ProjectCall call) {
        String uuid = call.ctx.pathParam("uuid");
        metadata.delete(call.token(), uuid);
        call.ok(Json.success().put("action", "field_deleted").put("field_uuid", uuid));
    }

    /** Filerobot's call: {"options":[{api_slug,label}]} → {status, field_uuid} (the field is added for convenience). */
    private void addOptions(ProjectCall call) {
        MetaField field = metadata.addOptions(call.token(), call.ctx.pathParam("uuid"), call.jsonObjectBody());
        ObjectNode body = Json.success().put("field_uuid", field.uuid());
        body.set("field", MetadataJson.field(field));
        call.ok(body);
    }

    private static ObjectNode changed(String action, MetaField field) {
        ObjectNode body = Json.success().put("action", action).put("field_uuid", field.uuid());
        body.set("field", MetadataJson.field(field));
        return body;
    }
}
