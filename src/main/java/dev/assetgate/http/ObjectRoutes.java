package dev.assetgate.http;

import static dev.assetgate.access.Permission.DIR_DELETE;
import static dev.assetgate.access.Permission.DIR_MOVE;
import static dev.assetgate.access.Permission.FILE_DELETE;
import static dev.assetgate.access.Permission.FILE_MOVE;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import java.util.ArrayList;
import java.util.List;

/**
 * A selection of files and folders moved or deleted together ({@code POST /v5/objects/move},
 * {@code DELETE /v5/objects}: what the widget sends when both kinds are selected). Every target is
 * granted before anything changes and the change is one transaction, so a selection partly outside
 * the key's scope, or naming an unknown uuid, is refused whole.
 */
public final class ObjectRoutes {
    private final AssetService assets;
    private final AssetRendering rendering;

    public ObjectRoutes(AssetService assets, AssetRendering rendering) {
        this.assets = assets;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        // Which permissions apply depends on what the body selects: a key holding none is refused before it is read.
        routes.v5(POST, "/objects/move", Need.any(FILE_MOVE, DIR_MOVE), this::move);
        routes.v5(DELETE, "/objects", Need.any(FILE_DELETE, DIR_DELETE), this::delete);
    }

    /** The two lists of a selection; at least one names something. */
    private record Selected(List<String> files, List<String> folders) {
        static Selected from(JsonNode body) {
            Selected s = new Selected(Fields.optionalIds(body, "files_uuids"), Fields.optionalIds(body, "folders_uuids"));
            if (s.files.isEmpty() && s.folders.isEmpty()) {
                throw ApiError.INVALID_PARAMETER.with("files_uuids or folders_uuids must list at least one id");
            }
            return s;
        }
    }

    /** {@code {files_uuids?, folders_uuids?, new_folder_name}} → the moved {@code files} and {@code folders}. */
    private void move(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        Selected selected = Selected.from(body);
        String destination = AssetPaths.folder(Fields.text(body, "new_folder_name"));
        if (!selected.files.isEmpty()) call.access.require(FILE_MOVE);
        if (!selected.folders.isEmpty()) call.access.require(DIR_MOVE);
        List<FileGrant> files = writableFiles(call, selected.files);
        List<FolderGrant> sources = new ArrayList<>();
        List<FolderGrant> landings = new ArrayList<>();
        for (String uuid : selected.folders) {
            Folder source = assets.folder(call.token(), uuid);
            sources.add(call.access.writeSubtree(source));
            landings.add(call.access.writeSubtree(AssetPaths.join(destination, source.name())));
        }
        AssetCatalog.Selection moved = assets.moveObjects(files, sources, landings, call.access.writeFolder(destination));

        // the answer shows only what the key may list (its upload scope may reach further)
        List<FileRecord> listedFiles = moved.files().stream().filter(f -> call.access.listScope().allows(f.folderPath())).toList();
        List<Folder> listedFolders = moved.folders().stream().filter(d -> call.access.listScope().allows(d.path())).toList();
        ObjectNode out = Json.success().put("action", "objects_moved");
        out.set("files_uuids", Json.MAPPER.valueToTree(moved.files().stream().map(FileRecord::uuid).toList()));
        out.set("folders_uuids", Json.MAPPER.valueToTree(moved.folders().stream().map(Folder::uuid).toList()));
        out.set("files", rendering.of(call).files(listedFiles));
        out.set("folders", FolderRoutes.folders(assets, rendering, call, listedFolders));
        call.ok(out);
    }

    /** {@code {files_uuids?, folders_uuids?}}; folders go with everything below them. */
    private void delete(ProjectCall call) {
        Selected selected = Selected.from(call.jsonObjectBody());
        call.access.require(OBJECTS_FETCH);
        if (!selected.files.isEmpty()) call.access.require(FILE_DELETE);
        if (!selected.folders.isEmpty()) call.access.require(DIR_DELETE);
        List<FileGrant> files = writableFiles(call, selected.files);
        List<FolderGrant> folders = selected.folders.stream().map(uuid -> call.access.writeSubtree(assets.folder(call.token(), uuid))).toList();
        List<FileRecord> deleted = assets.deleteObjects(call.token(), files, folders);
        ObjectNode out = Json.success().put("action", "objects_deleted").put("files_deleted", deleted.size());
        out.set("files_uuids", Json.MAPPER.valueToTree(selected.files));
        out.set("folders_uuids", Json.MAPPER.valueToTree(selected.folders));
        call.ok(out);
    }

    private List<FileGrant> writableFiles(ProjectCall call, List<String> uuids) {
        return uuids.stream().map(uuid -> call.access.writeFile(assets.file(call.token(), uuid))).toList();
    }
}
