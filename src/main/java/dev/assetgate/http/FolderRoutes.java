package dev.assetgate.http;

import static dev.assetgate.access.Permission.DIR_CREATE;
import static dev.assetgate.access.Permission.DIR_DELETE;
import static dev.assetgate.access.Permission.DIR_META_CHANGE;
import static dev.assetgate.access.Permission.DIR_MOVE;
import static dev.assetgate.access.Permission.DIR_RENAME;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Count;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Folders: create, list/search, stats, details, rename, move, delete, metadata, previews (reference §5.5). */
public final class FolderRoutes {
    private static final int MAX_PREVIEW_FOLDERS = 500;
    private final AssetService assets;
    private final AssetCatalog catalog;
    private final AssetRendering rendering;

    public FolderRoutes(AssetService assets, AssetCatalog catalog, AssetRendering rendering) {
        this.assets = assets;
        this.catalog = catalog;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/folders", Need.any(OBJECTS_LIST, OBJECTS_FETCH).counting(Count.LISTING), this::list);
        routes.project(GET, "/folders/stats", Need.any(OBJECTS_LIST, OBJECTS_FETCH).counting(Count.LISTING), this::stats);
        // Overloaded (create or move, by body): refuse a key that can do neither before reading the body.
        routes.project(POST, "/folders", Need.any(DIR_CREATE, DIR_MOVE), this::createOrMove);
        routes.project(POST, "/folders/move", Need.all(DIR_MOVE), call -> move(call, call.jsonObjectBody()));
        routes.project(POST, "/folders/previews", Need.all(OBJECTS_LIST).counting(Count.LISTING), this::previews);
        routes.project(DELETE, "/folders", Need.all(DIR_DELETE, OBJECTS_FETCH), this::deleteMany);
        for (String prefix : List.of("/folders/{uuid}", "/folder/{uuid}")) {
            routes.project(GET, prefix, Need.all(OBJECTS_FETCH), this::details);
            routes.project(GET, prefix + "/permissions", Need.any(OBJECTS_LIST, OBJECTS_FETCH), this::permissions);
            routes.project(PATCH, prefix, Need.all(DIR_RENAME), this::rename);
            routes.project(PUT, prefix + "/name", Need.all(DIR_RENAME), this::rename);
            routes.project(PUT, prefix + "/folders/{destination_uuid}", Need.all(DIR_MOVE), this::moveOne);
            routes.project(DELETE, prefix, Need.all(DIR_DELETE), this::deleteOne);
            routes.project(PUT, prefix + "/meta", Need.all(DIR_META_CHANGE), this::replaceMeta);
            routes.project(DELETE, prefix + "/meta", Need.all(DIR_META_CHANGE), this::deleteMeta);
            routes.project(PUT, prefix + "/meta/{key}/{value}", Need.all(DIR_META_CHANGE), this::setMetaKey);
        }
    }

    static ObjectNode folderWithCounts(AssetService assets, AssetRendering rendering, ProjectCall call, Folder folder) {
        return rendering.of(call).folder(folder, assets.countsFor(call.token(), List.of(folder), call.access.listScope())
                .getOrDefault(folder.uuid(), FolderCounts.EMPTY));
    }

    /**
     * The {@code base} of an answer: a folder the caller may only pass through (an ancestor of its
     * list scope) is shown without its metadata, which belongs to a folder it may not read.
     */
    static ObjectNode base(AssetService assets, AssetRendering rendering, ProjectCall call, Folder folder) {
        Folder shown = call.access.listScope().allows(folder.path()) ? folder
                : new Folder(folder.uuid(), folder.project(), folder.path(), "{}", folder.createdAt(), folder.updatedAt());
        return folderWithCounts(assets, rendering, call, shown);
    }

    /** Folder objects with their counts (inside the caller's list scope). */
    static ArrayNode folders(AssetService assets, AssetRendering rendering, ProjectCall call, List<Folder> folders) {
        Map<String, FolderCounts> counts = assets.countsFor(call.token(), folders, call.access.listScope());
        ArrayNode list = Json.array();
        AssetJson render = rendering.of(call);
        render.preloadFolders(folders);
        for (Folder f : folders) {
            list.add(render.folder(f, counts.getOrDefault(f.uuid(), FolderCounts.EMPTY)));
        }
        return list;
    }

    private void list(ProjectCall call) {
        Listing listing = Listing.from(call);
        String parent = listedFolder(call);
        Folder base = assets.requireFolder(call.token(), parent);
        call.access.admitListing();
        Page<Folder> page = catalog.listFolders(call.token(), parent, Listing.flag(call.query("recursive")),
                call.query("q"), listing.descending(), listing.limit(), listing.offset(), call.access.listScope());
        ObjectNode body = Json.success();
        body.set("base", base(assets, rendering, call, base));
        body.set("folders", folders(assets, rendering, call, page.items()));
        body.putObject("info").put("total_folders_count", page.total()).put("total_dirs_count", page.total());
        body.putObject("stats").put("approx_folders_count", page.total());
        body.put("limit", listing.limit()).put("offset", listing.offset());
        call.ok(body);
    }

    private void stats(ProjectCall call) {
        String parent = listedFolder(call);
        assets.requireFolder(call.token(), parent);
        boolean recursive = Listing.flag(call.query("recursive"));
        call.access.admitListing();
        long folders = catalog.listFolders(call.token(), parent, recursive, call.query("q"), false, 1, 0, call.access.listScope()).total();
        long files = catalog.listFiles(call.token(), new FileQuery(parent, recursive, List.of(), null,
                FileQuery.SortField.NAME, false, 1, 0, call.access.listScope())).total();
        ObjectNode body = Json.success();
        body.putObject("stats").put("approx_files_count", files).put("approx_folders_count", folders);
        call.ok(body);
    }

    /** The folder a listing starts from; it must be in the caller's list scope or lead into it. */
    private static String listedFolder(ProjectCall call) {
        String folder = AssetPaths.folder(call.query("folder") != null ? call.query("folder") : call.query("dir"));
        return call.access.listFolder(folder).path();
    }

    private void details(ProjectCall call) {
        Folder folder = call.access.readFolder(assets.folder(call.token(), call.ctx.pathParam("uuid"))).folder();
        ObjectNode body = Json.success();
        body.set("folder", folderWithCounts(assets, rendering, call, folder));
        call.ok(body);
    }

    /** What the caller may do with this folder (the widget's context menu asks; it is listed, so listable is enough). */
    private void permissions(ProjectCall call) {
        Folder folder = assets.folder(call.token(), call.ctx.pathParam("uuid"));
        call.access.listFolder(folder.path());
        call.ok(ItemPermissions.body(call.principal, call.access.canWrite(folder.path())));
    }

    /** POST folders is overloaded: {@code name} creates a folder, {@code folders_uuids} moves folders. */
    private void createOrMove(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        if (body.has("folders_uuids")) {
            call.access.require(DIR_MOVE);
            move(call, body);
            return;
        }
        call.access.require(DIR_CREATE);
        String path = AssetPaths.folder(Fields.text(body, "name"));
        Folder created = assets.createFolder(call.access.writeFolder(path));
        Folder parent = catalog.folderByPath(call.token(), AssetPaths.parent(created.path())).orElseThrow();
        ObjectNode out = Json.success().put("action", "folder_created").put("folder_uuid", created.uuid());
        out.set("folder", folderWithCounts(assets, rendering, call, created));
        out.set("base", base(assets, rendering, call, parent));
        call.ok(out);
    }

    private void move(ProjectCall call, JsonNode body) {
        List<String> uuids = Fields.ids(body, "folders_uuids");
        String destination = AssetPaths.folder(Fields.text(body, "new_folder_name"));
        List<FolderGrant> sources = new ArrayList<>();
        List<FolderGrant> landings = new ArrayList<>();
        for (String uuid : uuids) {
            Folder source = assets.folder(call.token(), uuid);
            sources.add(call.access.writeSubtree(source));
            landings.add(call.access.writeSubtree(AssetPaths.join(destination, source.name())));
        }
        List<Folder> moved = assets.moveFolders(sources, landings, destination);
        call.ok(movedBody(call, moved, catalog.folderByPath(call.token(), destination).orElseThrow()));
    }

    private void moveOne(ProjectCall call) {
        Folder source = assets.folder(call.token(), call.ctx.pathParam("uuid"));
        Folder destination = assets.folder(call.token(), call.ctx.pathParam("destination_uuid"));
        FolderGrant sourceGrant = call.access.writeSubtree(source);
        FolderGrant landing = call.access.writeSubtree(AssetPaths.join(destination.path(), source.name()));
        List<Folder> moved = assets.moveFolders(List.of(sourceGrant), List.of(landing), destination.path());
        call.ok(movedBody(call, moved, assets.folder(call.token(), call.ctx.pathParam("destination_uuid"))));
    }

    private ObjectNode movedBody(ProjectCall call, List<Folder> moved, Folder destination) {
        ObjectNode out = Json.success().put("action", "folders_moved");
        out.set("folders_uuids", Json.MAPPER.valueToTree(moved.stream().map(Folder::uuid).toList()));
        out.set("folders", folders(assets, rendering, call, moved));
        out.put("new_folder_uuid", destination.uuid());
        return out;
    }

    private void rename(ProjectCall call) {
        String name = AssetPaths.name(Fields.text(call.jsonObjectBody(), "name"), "name");
        Folder folder = assets.folder(call.token(), call.ctx.pathParam("uuid"));
        FolderGrant source = call.access.writeSubtree(folder);
        Folder renamed = assets.renameFolder(source, call.access.writeSubtree(AssetPaths.join(AssetPaths.parent(folder.path()), name)));
        ObjectNode out = Json.success().put("action", "folder_renamed").put("folder_uuid", renamed.uuid());
        out.set("folder", folderWithCounts(assets, rendering, call, renamed));
        call.ok(out);
    }

    /** {"meta":{…}} replaces all of the folder's metadata, checked against the metadata model like file meta. */
    private void replaceMeta(ProjectCall call) {
        ObjectNode meta = Fields.object(call.jsonObjectBody(), "meta");
        if (meta == null) {
            throw ApiError.INVALID_PARAMETER.with("meta is required and must be a JSON object");
        }
        Folder changed = assets.replaceFolderMeta(call.access.writeFolder(assets.folder(call.token(), call.ctx.pathParam("uuid"))), meta);
        ObjectNode out = Json.success().put("action", "folder_meta_updated").put("folder_uuid", changed.uuid());
        out.set("meta", Json.parseStored(changed.meta()));
        out.set("folder", folderWithCounts(assets, rendering, call, changed));
        call.ok(out);
    }

    /** The older spelling (reference §5.5): one key set to a string value, the other keys kept. */
    private void setMetaKey(ProjectCall call) {
        String key = call.ctx.pathParam("key");
        if (key.isBlank() || key.length() > 64) {
            throw ApiError.INVALID_PARAMETER.with("key: 1 to 64 characters, got " + key.length());
        }
        String value = call.ctx.pathParam("value");
        if (value.length() > 4096) {
            throw ApiError.INVALID_PARAMETER.with("value: at most 4096 characters");
        }
        FolderGrant folder = call.access.writeFolder(assets.folder(call.token(), call.ctx.pathParam("uuid")));
        Folder changed = assets.setFolderMetaKey(folder, key, com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
        ObjectNode out = Json.success().put("action", "folder_meta_updated").put("folder_uuid", changed.uuid());
        out.set("meta", Json.parseStored(changed.meta()));
        out.set("folder", folderWithCounts(assets, rendering, call, changed));
        call.ok(out);
    }

    private void deleteMeta(ProjectCall call) {
        Folder folder = assets.clearFolderMeta(call.access.writeFolder(assets.folder(call.token(), call.ctx.pathParam("uuid"))));
        call.ok(Json.success().put("action", "folder_meta_deleted").put("folder_uuid", folder.uuid()));
    }

    private void deleteOne(ProjectCall call) {
        String uuid = call.ctx.pathParam("uuid");
        List<FileRecord> files = assets.deleteFolders(List.of(call.access.writeSubtree(assets.folder(call.token(), uuid))));
        call.ok(Json.success().put("action", "folder_deleted").put("folder_uuid", uuid).put("files_deleted", files.size()));
    }

    private void deleteMany(ProjectCall call) {
        List<String> uuids = Fields.ids(call.jsonObjectBody(), "folders_uuids");
        List<FileRecord> files = assets.deleteFolders(uuids.stream().map(uuid -> call.access.writeSubtree(assets.folder(call.token(), uuid))).toList());
        ObjectNode out = Json.success().put("action", "folders_deleted").put("files_deleted", files.size());
        out.set("folders_uuids", Json.MAPPER.valueToTree(uuids));
        call.ok(out);
    }

    /** Up to three image files per folder (its whole subtree), for the widget's folder tiles. */
    private void previews(ProjectCall call) {
        List<String> uuids = Fields.strings(call.jsonObjectBody(), "folders");
        if (uuids.size() > MAX_PREVIEW_FOLDERS) {
            throw ApiError.INVALID_PARAMETER.with("folders lists more than " + MAX_PREVIEW_FOLDERS + " folders");
        }
        call.access.admitListing();
        AssetJson render = rendering.of(call);
        ObjectNode out = Json.success();
        ObjectNode byFolder = out.putObject("folders");
        for (String uuid : uuids) {
            ArrayNode previews = byFolder.putArray(uuid);
            catalog.folderByUuid(call.token(), uuid).ifPresent(folder -> {
                FileQuery images = new FileQuery(folder.path(), true, List.of(), "image/*", FileQuery.SortField.MODIFIED_AT, true, 3, 0,
                        call.access.listScope());
                for (FileRecord f : catalog.listFiles(call.token(), images).items()) {
                    previews.addObject().put("file_uuid", f.uuid()).put("file_uri_cdn", render.file(f).path("url").path("cdn").asText())
                            .put("file_type", f.mime()).put("preview_origin", "file");
                }
            });
        }
        call.ok(out);
    }
}
