package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_AIRBOX_MANAGE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.airbox.Airbox;
import dev.assetgate.airbox.AirboxService;
import dev.assetgate.airbox.AirboxSpec;
import dev.assetgate.error.ApiError;
import java.util.Locale;

/**
 * Airbox management (docs/airboxes.md): {@code GET|POST /{token}/v4/airboxes},
 * {@code GET|PUT|DELETE /{token}/v4/airboxes/{uuid}} (v5 too). Everything needs
 * OBJECTS_AIRBOX_MANAGE. An Airbox lets anyone with its link upload into its folder, so creating one
 * or moving it to a folder needs the caller's own right to upload there: a SASS key only makes
 * Airboxes inside its upload scope, and sees, changes and deletes only those (any other answers 404
 * like an unknown one).
 */
public final class AirboxRoutes {
    private final AirboxService airboxes;

    public AirboxRoutes(AirboxService airboxes) {
        this.airboxes = airboxes;
    }

    public void register(RouteTable routes) {
        routes.project(POST, "/airboxes", Need.all(OBJECTS_AIRBOX_MANAGE), this::create);
        routes.project(GET, "/airboxes", Need.all(OBJECTS_AIRBOX_MANAGE), this::list);
        routes.project(GET, "/airboxes/{uuid}", Need.all(OBJECTS_AIRBOX_MANAGE), this::details);
        routes.project(PUT, "/airboxes/{uuid}", Need.all(OBJECTS_AIRBOX_MANAGE), this::update);
        routes.project(DELETE, "/airboxes/{uuid}", Need.all(OBJECTS_AIRBOX_MANAGE), this::delete);
    }

    private void create(ProjectCall call) {
        AirboxSpec spec = AirboxSpec.parse(call.jsonObjectBody(), true);
        call.access.writeFolder(spec.folder); // handing out uploads into a folder needs the right to upload there
        Airbox airbox = airboxes.create(call.token(), spec, call.principal.id());
        ObjectNode body = Json.success();
        body.set("airbox", render(call, airbox));
        call.ok(body);
    }

    private void list(ProjectCall call) {
        ArrayNode list = Json.array();
        for (Airbox airbox : airboxes.list(call.token())) {
            if (call.access.canWrite(airbox.folder())) list.add(render(call, airbox));
        }
        ObjectNode body = Json.success();
        body.set("airboxes", list);
        body.putObject("info").put("total_airboxes_count", list.size());
        call.ok(body);
    }

    private void details(ProjectCall call) {
        ObjectNode body = Json.success();
        body.set("airbox", render(call, visible(call)));
        call.ok(body);
    }

    private void update(ProjectCall call) {
        AirboxSpec changes = AirboxSpec.parse(call.jsonObjectBody(), false);
        Airbox current = visible(call);
        if (changes.has("folder")) call.access.writeFolder(changes.folder);
        Airbox updated = airboxes.update(current, changes);
        ObjectNode body = Json.success().put("msg", "airbox updated");
        body.set("airbox", render(call, updated));
        call.ok(body);
    }

    private void delete(ProjectCall call) {
        Airbox airbox = visible(call);
        airboxes.delete(call.token(), airbox.uuid());
        call.ok(Json.success().put("action", "airbox_deleted").put("airbox_uuid", airbox.uuid()));
    }

    /** The Airbox of the path, if the caller may manage it (its folder inside the caller's upload scope). */
    private Airbox visible(ProjectCall call) {
        Airbox airbox = airboxes.find(call.token(), call.ctx.pathParam("uuid"));
        if (!call.access.canWrite(airbox.folder())) throw ApiError.AIRBOX_NOT_FOUND.with("no Airbox " + airbox.uuid() + " in this project");
        return airbox;
    }

    private ObjectNode render(ProjectCall call, Airbox a) {
        String base = RequestFacts.baseUrl(call.ctx);
        ObjectNode o = Json.object();
        o.put("uuid", a.uuid());
        o.put("puid", a.puid());
        o.put("folder", a.folder());
        o.put("title", a.title());
        o.put("message", a.message());
        o.put("password_protected", a.passwordProtected());
        o.put("starts_at", ShareRoutes.time(a.startsAt()));
        o.put("ends_at", ShareRoutes.time(a.endsAt()));
        if (a.maxFiles() == null) o.putNull("max_files");
        else o.put("max_files", a.maxFiles());
        if (a.maxBytes() == null) o.putNull("max_bytes");
        else o.put("max_bytes", a.maxBytes());
        o.set("allowed_types", Json.MAPPER.valueToTree(a.allowedTypes()));
        o.set("form", a.form().toJson());
        o.put("active", a.active());
        o.put("state", a.state(airboxes.now()).name().toLowerCase(Locale.ROOT));
        o.put("airbox_uri", base + "/" + a.project() + "/airbox/" + a.puid());
        o.put("created_at", AssetJson.time(a.createdAt()));
        o.put("updated_at", AssetJson.time(a.updatedAt()));
        return o;
    }
}
