package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.store.Project;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** Renders files and folders in the Filerobot wire shapes (reference §6), v4 or v5 flavour. */
public final class AssetJson {
    private final String baseUrl;
    private final Project project;
    private final String version;
    private final boolean cdnPublic;
    private final UnaryOperator<JsonNode> metaView;

    AssetJson(String baseUrl, Project project, String version, boolean cdnPublic) {
        this(baseUrl, project, version, cdnPublic, UnaryOperator.identity());
    }

    private AssetJson(String baseUrl, Project project, String version, boolean cdnPublic, UnaryOperator<JsonNode> metaView) {
        this.baseUrl = baseUrl;
        this.project = project;
        this.version = version;
        this.cdnPublic = cdnPublic;
        this.metaView = metaView;
    }

    /** The same renderer showing file meta through {@code view} (format=select:…). */
    public AssetJson withMetaView(UnaryOperator<JsonNode> view) {
        return new AssetJson(baseUrl, project, version, cdnPublic, view);
    }

    public ObjectNode file(FileRecord f) {
        ObjectNode o = Json.object();
        o.put("uuid", f.uuid());
        o.put("name", f.name());
        o.put("extension", extension(f.name()));
        o.putObject("size").put("bytes", f.size()).put("pretty", pretty(f.size()));
        o.putNull("flags");
        o.put("type", f.mime());
        o.set("info", Json.parseStored(f.info()));
        o.set("meta", metaView.apply(Json.parseStored(f.meta())));
        o.set("tags", Json.parseStored(f.tags()));
        o.putArray("labels");
        o.set("visibility", visibility());
        String encodedPath = encodePath(f.path());
        String cdn = baseUrl + "/" + project.token() + "/cdn" + encodedPath;
        o.putObject("url")
                .put("public", cdn)
                .put("permalink", baseUrl + "/" + project.token() + "/v4/get/" + f.uuid())
                .put("cdn", cdn + "?vh=" + f.sha1().substring(0, 6))
                .put("path", encodedPath);
        o.putObject("hash").put("sha1", f.sha1()).putNull("blurhash");
        o.put("created_at", time(f.createdAt()));
        o.put("modified_at", time(f.modifiedAt()));
        o.putObject("folder").put("uuid", f.folderUuid()).put("name", f.folderPath());
        o.putObject("product").putNull("ref").putNull("position");
        return o;
    }

    public ArrayNode files(Iterable<FileRecord> files) {
        ArrayNode list = Json.array();
        files.forEach(f -> list.add(file(f)));
        return list;
    }

    public ObjectNode folder(Folder d, FolderCounts counts) {
        ObjectNode o = Json.object();
        o.put("uuid", d.uuid());
        o.put("path", d.path());
        o.put("name", d.isRoot() ? "/" : d.name());
        o.set("meta", Json.parseStored(d.meta()));
        o.set("visibility", visibility());
        o.put("created_at", time(d.createdAt()));
        o.put("updated_at", time(d.updatedAt()));
        o.putObject("count").put("files_recursive", counts.filesRecursive()).put("files_direct", counts.filesDirect());
        o.putObject("size").put("total_recursive_bytes", counts.bytesRecursive())
                .put("total_recursive_pretty", pretty(counts.bytesRecursive()));
        return o;
    }

    private ObjectNode visibility() {
        if ("v4".equals(version)) {
            String actual = cdnPublic ? "VISIBILITY_PUBLIC" : "VISIBILITY_ORGANISATION";
            return Json.object().put("value", "VISIBILITY_INHERIT").put("inherited", actual)
                    .put("set", "VISIBILITY_INHERIT").put("actual", actual);
        }
        ObjectNode v = Json.object();
        v.putObject("in_dam").put("set", "inherited").put("actual", "all_organisation");
        v.putObject("in_cdn").put("set", "inherited").put("actual", cdnPublic ? "public" : "not_public");
        return v;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Percent-encodes each segment of a path, keeping the slashes. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static String pretty(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
