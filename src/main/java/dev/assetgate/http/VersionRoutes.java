package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_UPLOAD;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.FileVersion;
import java.time.Instant;
import java.util.List;

/**
 * A file's versions (the widget's History tab, reference §5.4): the list, current content first,
 * and the restore of an earlier version. Reading needs the file read (OBJECTS_FETCH and the list
 * scope), restoring the right to change its bytes (FILE_UPLOAD and the upload scope). See docs/versions.md.
 */
public final class VersionRoutes {
    private final AssetService assets;
    private final AssetRendering rendering;

    public VersionRoutes(AssetService assets, AssetRendering rendering) {
        this.assets = assets;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        for (String prefix : List.of("/files/{uuid}", "/file/{uuid}")) {
            routes.project(GET, prefix + "/versions", Need.all(OBJECTS_FETCH), this::list);
            // {uuid} is the version's here (the widget's PUT files/{version_uuid}/versions)
            routes.project(PUT, prefix + "/versions", Need.all(FILE_UPLOAD), this::restore);
        }
    }

    private void list(ProjectCall call) {
        FileGrant file = call.access.readFile(assets.file(call.token(), call.ctx.pathParam("uuid")));
        List<FileVersion> earlier = assets.versions(file);
        ArrayNode versions = Json.array();
        versions.add(current(file.file(), earlier.isEmpty() ? null : earlier.get(0)));
        earlier.forEach(v -> versions.add(version(v)));
        ObjectNode body = Json.success().put("file_uuid", file.uuid());
        body.set("versions", versions);
        body.putObject("info").put("total_versions_count", versions.size());
        call.ok(body);
    }

    private void restore(ProjectCall call) {
        String versionUuid = call.ctx.pathParam("uuid");
        FileVersion version = assets.version(call.token(), versionUuid);
        String expected = call.query("file_uuid");
        if (expected != null && !expected.equals(version.fileUuid())) {
            throw ApiError.VERSION_NOT_FOUND.with("version " + versionUuid + " is no version of file " + expected);
        }
        FileGrant file = call.access.writeFile(assets.file(call.token(), version.fileUuid()));
        FileRecord restored = assets.restore(file, versionUuid, call.principal.id());
        ObjectNode body = Json.success().put("action", "file_version_restored").put("version_uuid", versionUuid);
        body.set("file", rendering.of(call).file(restored));
        call.ok(body);
    }

    /** The current content: its uuid is the file's; it was stored by the last replace (or the upload that created the file). */
    private static ObjectNode current(FileRecord f, FileVersion lastReplaced) {
        Instant since = lastReplaced == null ? f.createdAt() : lastReplaced.replacedAt();
        String by = lastReplaced == null ? null : lastReplaced.replacedBy();
        ObjectNode o = entry(f.uuid(), true, f.size(), f.mime(), f.sha1(), since, by);
        o.putNull("replaced_at");
        o.putNull("replaced_by");
        return o;
    }

    private static ObjectNode version(FileVersion v) {
        ObjectNode o = entry(v.uuid(), false, v.size(), v.mime(), v.sha1(), v.createdAt(), v.createdBy());
        o.put("replaced_at", AssetJson.time(v.replacedAt()));
        o.put("replaced_by", v.replacedBy());
        return o;
    }

    private static ObjectNode entry(String uuid, boolean current, long size, String mime, String sha1, Instant createdAt, String createdBy) {
        ObjectNode o = Json.object().put("uuid", uuid).put("current", current);
        o.putObject("size").put("bytes", size).put("pretty", AssetJson.pretty(size));
        o.put("type", mime);
        o.putObject("hash").put("sha1", sha1);
        o.put("vh", sha1.substring(0, 6));
        o.put("created_at", AssetJson.time(createdAt));
        o.put("created_by", createdBy);
        return o;
    }
}
