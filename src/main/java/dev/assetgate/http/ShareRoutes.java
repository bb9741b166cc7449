package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_SHARE_MANAGE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.error.ApiError;
import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareItem;
import dev.assetgate.sharing.ShareService;
import dev.assetgate.sharing.ShareSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sharebox management (reference §5.9), v5 only: {@code POST|GET /v5/shares},
 * {@code GET|PUT|DELETE /v5/share/{uuid}}, {@code DELETE /v5/shares/{uuid}}. Everything needs
 * OBJECTS_SHARE_MANAGE; creating and changing also OBJECTS_FETCH, since a share hands the items'
 * bytes to anyone with its link. A SASS key shares only items inside its listing scope (a folder with
 * its subtree: the whole subtree), and sees, changes and deletes only shares whose every item is
 * inside it; any other share answers 404 like an unknown one.
 */
public final class ShareRoutes {
    private final ShareService shares;
    private final HttpSupport http;

    public ShareRoutes(ShareService shares, HttpSupport http) {
        this.shares = shares;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.v5(POST, "/shares", Need.all(OBJECTS_SHARE_MANAGE, OBJECTS_FETCH), this::create);
        routes.v5(GET, "/shares", Need.all(OBJECTS_SHARE_MANAGE), this::list);
        routes.v5(GET, "/share/{uuid}", Need.all(OBJECTS_SHARE_MANAGE), this::details);
        routes.v5(PUT, "/share/{uuid}", Need.all(OBJECTS_SHARE_MANAGE, OBJECTS_FETCH), this::update);
        routes.v5(DELETE, "/share/{uuid}", Need.all(OBJECTS_SHARE_MANAGE), this::delete);
        routes.v5(DELETE, "/shares/{uuid}", Need.all(OBJECTS_SHARE_MANAGE), this::delete);
    }

    private void create(ProjectCall call) {
        ShareSpec spec = ShareSpec.parse(call.jsonObjectBody(), true, call.token());
        List<FolderGrant> readable = readable(call, shares.locate(call.token(), spec.items));
        Share share = shares.create(call.token(), spec, readable, call.principal.id());
        ObjectNode body = Json.success();
        body.set("share", render(call, share));
        call.ok(body);
    }

    private void list(ProjectCall call) {
        ArrayNode list = Json.array();
        for (Share share : shares.list(call.token())) {
            if (share.within(call.access.listScope())) list.add(render(call, share));
        }
        ObjectNode body = Json.success();
        body.set("shares", list);
        body.putObject("info").put("total_shares_count", list.size());
        call.ok(body);
    }

    private void details(ProjectCall call) {
        ObjectNode body = Json.success();
        body.set("share", render(call, visible(call)));
        call.ok(body);
    }

    private void update(ProjectCall call) {
        ShareSpec changes = ShareSpec.parse(call.jsonObjectBody(), false, call.token());
        Share current = visible(call);
        List<FolderGrant> readable = changes.has("items") ? readable(call, shares.locate(call.token(), changes.items)) : List.of();
        Share updated = shares.update(current, changes, readable);
        ObjectNode body = Json.success().put("msg", "share updated");
        body.set("share", render(call, updated));
        call.ok(body);
    }

    private void delete(ProjectCall call) {
        Share share = visible(call);
        shares.delete(call.token(), share.uuid());
        call.ok(Json.success().put("action", "share_deleted").put("share_uuid", share.uuid()));
    }

    /** The share of the path, if the caller may see it (a SASS key: every item inside its listing scope). */
    private Share visible(ProjectCall call) {
        Share share = shares.find(call.token(), call.ctx.pathParam("uuid"));
        if (!share.within(call.access.listScope())) throw ApiError.SHARE_NOT_FOUND.with("no such share");
        return share;
    }

    /** Each item must be readable by the caller: a file's folder, a folder, or a folder's whole subtree when shared recursively. */
    private static List<FolderGrant> readable(ProjectCall call, List<ShareItem> located) {
        List<FolderGrant> grants = new ArrayList<>();
        for (ShareItem item : located) {
            grants.add(item.kind() == ShareItem.Kind.FOLDER && item.subtree()
                    ? call.access.readSubtree(item.location()) : call.access.readFolder(item.location()));
        }
        return grants;
    }

    private ObjectNode render(ProjectCall call, Share share) {
        String base = RequestFacts.baseUrl(call.ctx);
        ObjectNode o = Json.object();
        o.put("uuid", share.uuid());
        o.put("puid", share.puid());
        o.put("title", share.title());
        o.put("description", share.description());
        o.put("starts_at", time(share.startsAt()));
        o.put("expires_at", time(share.expiresAt()));
        o.set("items", items(share));
        o.put("password_protected", share.passwordProtected());
        o.put("download", share.download());
        if (share.maxUses() == null) o.putNull("max_uses");
        else o.put("max_uses", share.maxUses());
        o.put("uses", share.uses());
        o.put("state", share.state(shares.now()).name().toLowerCase(Locale.ROOT));
        o.put("share_uri", base + "/" + share.project() + "/s/" + share.puid());
        o.put("api_uri", base + "/" + share.project() + "/v4/share/" + share.puid());
        o.put("created_at", AssetJson.time(share.createdAt()));
        o.put("updated_at", AssetJson.time(share.updatedAt()));
        return o;
    }

    /** Items in the request's shape, one entry per type and recursion; deleted items are left out. */
    private static ArrayNode items(Share share) {
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        for (ShareItem item : share.items()) {
            if (!item.exists()) continue;
            ObjectNode group = groups.computeIfAbsent(item.kind().wire + "/" + item.subtree(), k -> {
                ObjectNode g = Json.object().put("type", item.kind().wire);
                g.putArray("identifiers");
                if (item.kind() == ShareItem.Kind.FOLDER) g.putObject("options").put("recursive", item.subtree());
                return g;
            });
            ((ArrayNode) group.get("identifiers")).add(item.uuid());
        }
        ArrayNode out = Json.array();
        groups.values().forEach(out::add);
        return out;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
