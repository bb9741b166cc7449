package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.events.ChangeEvent;
import dev.assetgate.events.History;

/**
 * A file's history, {@code GET files/{uuid}/changes} (the widget's History tab): the events of the
 * file, newest first, paged with limit and offset, for a key that may read the file.
 */
public final class ChangeRoutes {
    private static final int MAX_LIMIT = 500;
    private final AssetService assets;
    private final History history;

    public ChangeRoutes(AssetService assets, History history) {
        this.assets = assets;
        this.history = history;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/files/{uuid}/changes", Need.all(OBJECTS_FETCH), this::changes);
    }

    private void changes(ProjectCall call) {
        FileGrant file = call.access.readFile(assets.file(call.token(), call.ctx.pathParam("uuid")));
        Listing listing = Listing.from(call);
        int limit = Math.min(listing.limit(), MAX_LIMIT);
        History.Page page = history.ofFile(file, limit, listing.offset());
        ArrayNode changes = Json.array();
        page.changes().forEach(e -> changes.add(json(e)));
        ObjectNode body = Json.success();
        body.set("changes", changes);
        body.put("count", page.total());
        body.put("limit", limit);
        body.put("offset", listing.offset());
        call.ok(body);
    }

    /** One event on the wire; the client address is left out here (the audit API shows it to managers). */
    static ObjectNode json(ChangeEvent e) {
        ObjectNode o = Json.object();
        o.put("uuid", e.id());
        o.put("seq", e.seq());
        o.put("kind", e.kind());
        o.put("at", AssetJson.time(e.at()));
        o.put("item_type", e.itemType());
        o.put("item_uuid", e.itemUuid());
        ObjectNode actor = o.putObject("actor");
        actor.put("type", e.actor());
        actor.put("key_id", e.keyId());
        actor.put("template_id", e.templateId());
        o.set("before", e.before() == null ? null : Json.parseStored(e.before()));
        o.set("after", e.after() == null ? null : Json.parseStored(e.after()));
        return o;
    }
}
