package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.access.Principal;
import dev.assetgate.archives.ArchiveService;
import dev.assetgate.archives.ArchiveTask;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareService;
import dev.assetgate.templates.SassPrincipal;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * ZIP archives of a selection, as the Filerobot widget asks for them (v5 only):
 * <ul>
 *   <li>{@code POST file-archive {files_uuids, folders_uuids, urls}} → {@code {task_id}}; every item
 *   authorised (a file in the list scope, a folder with its whole subtree), the limits checked, before
 *   anything is built;</li>
 *   <li>{@code GET file-archive/{task_id}?status_only=1} → {@code {task_status, task_percent}};
 *   {@code GET file-archive/{task_id}} → the zip; {@code PATCH file-archive/{task_id}/cancel};</li>
 *   <li>a sharebox's "download all", without a key: {@code POST file-archive/sharebox/{puid}[?hash=]}
 *   {@code {files_paths, folders_paths}}, then {@code GET file-archive/sharebox/{task_id}} and
 *   {@code PATCH file-archive/sharebox/{task_id}/cancel}: the share's password or access at the POST, then
 *   the task id.</li>
 * </ul>
 * An archive belongs to who asked: the API key, or for a SASS key its Security Template (the widget
 * renews its SASS key while it polls, and every key of a template has the same rights), or the share.
 */
public final class ArchiveRoutes {
    private final ArchiveService archives;
    private final AssetService assets;
    private final ShareService shares;
    private final HttpSupport http;

    public ArchiveRoutes(ArchiveService archives, AssetService assets, ShareService shares, HttpSupport http) {
        this.archives = archives;
        this.assets = assets;
        this.shares = shares;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.v5(POST, "/file-archive", Need.all(OBJECTS_FETCH), this::create);
        routes.v5(GET, "/file-archive/{task_id}", Need.all(OBJECTS_FETCH), this::read);
        routes.v5(PATCH, "/file-archive/{task_id}/cancel", Need.all(OBJECTS_FETCH), this::cancel);
        routes.open(POST, "/{token}/v5/file-archive/sharebox/{puid}", this::createForShare);
        routes.open(GET, "/{token}/v5/file-archive/sharebox/{task_id}", this::readForShare);
        routes.open(PATCH, "/{token}/v5/file-archive/sharebox/{task_id}/cancel", this::cancelForShare);
    }

    /** Who an archive belongs to: the API key, or the Security Template of a SASS key. */
    static String owner(Principal principal) {
        return principal instanceof SassPrincipal sass ? "template:" + sass.claims().templateId() : "key:" + principal.id();
    }

    // ------------------------------------------------------------------ with a key

    private void create(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        List<String> files = Fields.optionalIds(body, "files_uuids");
        List<String> folders = Fields.optionalIds(body, "folders_uuids");
        JsonNode urls = body.get("urls");
        if (urls != null && !urls.isNull() && !(urls.isArray() && urls.isEmpty())) {
            throw ApiError.INVALID_PARAMETER.with("urls is not supported: select files with files_uuids and folders with folders_uuids");
        }
        if (files.isEmpty() && folders.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("files_uuids or folders_uuids must list at least one id");
        }
        // every item granted first: one outside the key's scope, or unknown, refuses the whole request
        var fileGrants = files.stream().map(uuid -> call.access.readFile(assets.file(call.token(), uuid))).toList();
        var folderGrants = folders.stream().map(uuid -> call.access.readSubtree(assets.folder(call.token(), uuid))).toList();
        ArchiveService.Selection selection = archives.selection(call.token());
        fileGrants.forEach(selection::file);
        folderGrants.forEach(selection::folder);
        call.ok(status(archives.start(selection, owner(call.principal))));
    }

    private void read(ProjectCall call) throws IOException {
        ArchiveTask task = archives.find(call.token(), call.ctx.pathParam("task_id"), owner(call.principal));
        if (statusOnly(call.ctx)) {
            call.ok(status(task));
            return;
        }
        sendZip(call.ctx, archives.awaitFinished(task));
    }

    private void cancel(ProjectCall call) {
        call.ok(status(archives.cancel(call.token(), call.ctx.pathParam("task_id"), owner(call.principal))));
    }

    // ------------------------------------------------------------------ sharebox, no key

    /** {@code {files_paths?, folders_paths?}} (paths in the share's tree, both absent: everything) → {@code {task_id}}. */
    private void createForShare(Context ctx) {
        String token = ctx.pathParam("token");
        Share share = shares.open(token, ctx.pathParam("puid"));
        shares.authorise(share, accessToken(ctx), PublicShareRoutes.password(ctx), RequestFacts.clientIp(ctx));
        if (!share.download()) throw ApiError.SHARE_DOWNLOAD_DISABLED.with("downloads are turned off for this share");
        JsonNode body = hasBody(ctx) ? http.jsonObjectBody(ctx) : Json.MAPPER.createObjectNode(); // no body: the whole share
        ArchiveService.Selection selection = archives.shareSelection(share, Fields.strings(body, "files_paths"),
                Fields.strings(body, "folders_paths"));
        HttpSupport.send(ctx, 200, status(archives.start(selection, shareOwner(share))));
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        return length != null ? !length.trim().equals("0") : ctx.header("Transfer-Encoding") != null;
    }

    private void readForShare(Context ctx) throws IOException {
        Share share = openShareOf(ctx);
        ArchiveTask task = archives.find(share.project(), ctx.pathParam("task_id"), shareOwner(share));
        if (statusOnly(ctx)) {
            HttpSupport.send(ctx, 200, status(task));
            return;
        }
        task = archives.awaitFinished(task);
        archives.open(task).close(); // refused before a use is counted when it is not ready
        shares.countUse(share); // one download of the share, as for one of its files
        sendZip(ctx, task);
    }

    private void cancelForShare(Context ctx) {
        Share share = openShareOf(ctx);
        HttpSupport.send(ctx, 200, status(archives.cancel(share.project(), ctx.pathParam("task_id"), shareOwner(share))));
    }

    /**
     * The share an archive task was made for, still active with downloads on. The password was checked
     * when the archive was asked for: the task id (128 random bits, handed only to that caller) is the
     * capability afterwards, as the widget polls and downloads without the share's hash.
     */
    private Share openShareOf(Context ctx) {
        String token = ctx.pathParam("token");
        String shareUuid = archives.ownerOf(token, ctx.pathParam("task_id"))
                .filter(o -> o.startsWith("share:")).map(o -> o.substring("share:".length()))
                .orElseThrow(() -> ApiError.ARCHIVE_NOT_FOUND.with("no such archive"));
        Share share;
        try {
            share = shares.open(token, shares.find(token, shareUuid).puid());
        } catch (ApiException gone) {
            throw ApiError.ARCHIVE_NOT_FOUND.with("no such archive"); // the share was deleted, expired or used up
        }
        if (!share.download()) throw ApiError.SHARE_DOWNLOAD_DISABLED.with("downloads are turned off for this share");
        return share;
    }

    /** The share's access token: Filerobot's {@code ?hash=}, or as on the share's other public routes. */
    private static String accessToken(Context ctx) {
        String hash = HttpSupport.query(ctx, "hash");
        return hash != null ? hash : PublicShareRoutes.accessToken(ctx);
    }

    private static String shareOwner(Share share) {
        return "share:" + share.uuid();
    }

    // ------------------------------------------------------------------ answers

    private static boolean statusOnly(Context ctx) {
        String v = HttpSupport.query(ctx, "status_only");
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    static ObjectNode status(ArchiveTask task) {
        ObjectNode body = Json.success();
        body.put("task_id", task.id());
        body.put("task_status", task.status().name());
        body.put("task_percent", task.percent());
        body.put("files_count", task.files());
        body.put("files_size", task.bytes());
        if (task.zipBytes() != null) body.put("archive_size", task.zipBytes());
        if (task.error() != null) body.put("error", task.error());
        body.put("created_at", AssetJson.time(task.createdAt()));
        body.put("expires_at", AssetJson.time(task.expiresAt()));
        return body;
    }

    private void sendZip(Context ctx, ArchiveTask task) throws IOException {
        try (InputStream in = archives.open(task)) {
            ctx.status(200);
            ctx.contentType("application/zip");
            ctx.disableCompression(); // its length is the ZIP's own
            ctx.header("Content-Length", Long.toString(task.zipBytes()));
            ctx.header("Content-Disposition", "attachment; filename=\"archive-" + task.id().substring(0, 12) + ".zip\"");
            ctx.header("Cache-Control", "private, no-store");
            ResponseBody.send(ctx, in);
        }
    }
}
