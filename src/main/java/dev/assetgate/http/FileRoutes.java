package dev.assetgate.http;

import static dev.assetgate.access.Permission.COLLECTIONS_LIST;
import static dev.assetgate.access.Permission.FILE_DELETE;
import static dev.assetgate.access.Permission.FILE_META_CHANGE;
import static dev.assetgate.access.Permission.FILE_MOVE;
import static dev.assetgate.access.Permission.FILE_RENAME;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Count;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.collections.Collection;
import dev.assetgate.collections.CollectionService;
import dev.assetgate.error.ApiError;
import dev.assetgate.labels.LabelFilter;
import dev.assetgate.metadata.MetadataService;
import dev.assetgate.store.FileDetails;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Page;
import dev.assetgate.store.Project;
import dev.assetgate.store.SearchTerm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Files: list/search (also of a collection; q= typed by the metadata model), stats, details, rename, move, delete, metadata and tags (reference §5.1–5.4, §5.8). */
public final class FileRoutes {
    /** Rows read per catalog query while a CSV listing streams, and the most meta columns it has. */
    static final int CSV_PAGE = 500;
    static final int CSV_META_COLUMNS = 1000;
    private final AssetService assets;
    private final CollectionService collections;
    private final MetadataService metadata;
    private final AssetRendering rendering;
    private final Clock clock;

    public FileRoutes(AssetService assets, CollectionService collections, MetadataService metadata, AssetRendering rendering, Clock clock) {
        this.assets = assets;
        this.collections = collections;
        this.metadata = metadata;
        this.rendering = rendering;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/files", Need.all(OBJECTS_LIST).counting(Count.LISTING), this::list);
        routes.project(GET, "/files/stats", Need.all(OBJECTS_LIST).counting(Count.LISTING), this::stats);
        routes.project(POST, "/files/move", Need.all(FILE_MOVE), this::moveMany);
        routes.project(DELETE, "/files", Need.all(FILE_DELETE, OBJECTS_FETCH), this::deleteMany);
        for (String prefix : List.of("/files/{uuid}", "/file/{uuid}")) {
            routes.projectOrAnonymous(GET, prefix, Need.all(OBJECTS_FETCH), this::details, this::publicDetails);
            routes.project(GET, prefix + "/permissions", Need.any(OBJECTS_LIST, OBJECTS_FETCH), this::permissions);
            routes.project(PATCH, prefix, Need.all(FILE_RENAME), this::rename);
            routes.project(PUT, prefix + "/name", Need.all(FILE_RENAME), this::rename);
            routes.project(DELETE, prefix, Need.all(FILE_DELETE), this::deleteOne);
            routes.project(PUT, prefix + "/meta", Need.all(FILE_META_CHANGE), this::meta);
            routes.project(PATCH, prefix + "/meta", Need.all(FILE_META_CHANGE), this::meta);
            routes.project(PUT, prefix + "/tags", Need.all(FILE_META_CHANGE), this::tags);
            routes.project(PUT, prefix + "/folders/{folder_uuid}", Need.all(FILE_MOVE), this::moveOne);
        }
    }

    /** The listing the caller asked for, limited to its list scope (results outside it never appear). */
    private FileQuery query(ProjectCall call, Listing listing) {
        String folder = AssetPaths.folder(call.query("folder") != null ? call.query("folder") : call.query("dir"));
        call.access.listFolder(folder);
        List<SearchTerm> terms = new ArrayList<>(metadata.searchTerms(call.token(), call.query("q")));
        // label=sid1,sid2 (or repeated; the widget's Labels view spells it labels=) with
        // labels_operator=OR|AND|NOT: the same terms as q=labels:…
        List<String> labelIds = new ArrayList<>(call.ctx.queryParams("label"));
        labelIds.addAll(call.ctx.queryParams("labels"));
        terms.addAll(LabelFilter.terms(LabelFilter.ids(labelIds, "label"), call.query("labels_operator")));
        return new FileQuery(folder, Listing.flag(call.query("recursive")),
                terms, call.query("mime"), listing.fileSort(), listing.descending(),
                listing.limit(), listing.offset(), call.access.listScope(), DateParameter.window(call, clock));
    }

    /**
     * With {@code collection_uuid}: the request ANDed with the collection's saved query (and the
     * virtual folder filter {@code f64}), still inside the caller's list scope. Empty when no file
     * can match both. Without it: the request as it is.
     */
    private Optional<FileQuery> inCollection(ProjectCall call, FileQuery asked) {
        String uuid = call.query("collection_uuid");
        if (uuid == null) {
            return Optional.of(asked);
        }
        call.access.require(COLLECTIONS_LIST);
        Collection collection = CollectionRoutes.visible(call, collections, uuid);
        boolean askedForFolder = call.query("folder") != null || call.query("dir") != null;
        // the saved q= is typed by the metadata model exactly as the request's own q= is
        return collections.narrow(call.token(), collection, asked, askedForFolder, call.query("f64"),
                q -> metadata.searchTerms(call.token(), q));
    }

    private Page<FileRecord> files(ProjectCall call, Optional<FileQuery> query) {
        return query.map(q -> assets.listFiles(call.token(), q)).orElseGet(() -> new Page<>(List.of(), 0, 0));
    }

    private void list(ProjectCall call) {
        Listing listing = Listing.from(call);
        FileQuery asked = query(call, listing);
        Folder base = assets.requireFolder(call.token(), asked.folderPath()); // a 404 spends nothing: counted last
        Optional<FileQuery> query = inCollection(call, asked);
        call.access.admitListing();
        if (wantsCsv(call)) {
            csv(call, query);
            return;
        }
        Page<FileRecord> page = files(call, query);
        AssetJson render = rendering.of(call).withMetaView(metadata.view(call.token(), call.query("format")));
        ObjectNode body = Json.success().put("type", "LIST");
        body.set("base", FolderRoutes.base(assets, rendering, call, base));
        body.set("files", render.filesAsSent(page.items()));
        body.putArray("folders");
        body.putArray("warnings");
        body.set("stats", stats(page));
        body.putObject("info").put("total_files_count", page.total()).put("total_files_size", page.totalBytes());
        body.put("limit", listing.limit()).put("offset", listing.offset());
        call.ok(body);
    }

    /** {@code format=csv} (alone or among other comma-, plus- or space-separated format options). */
    private static boolean wantsCsv(ProjectCall call) {
        String format = call.query("format");
        if (format == null) return false;
        for (String option : format.split("[,+ ]")) {
            if (option.trim().equalsIgnoreCase("csv")) return true;
        }
        return false;
    }

    /**
     * The listing as CSV ({@link CsvFiles}), streamed page by page: {@code limit}/{@code offset} select
     * the rows as for JSON; the meta columns are the keys stored on files in the caller's list scope.
     */
    private void csv(ProjectCall call, Optional<FileQuery> query) {
        List<String> keys = assets.metaKeys(call.token(), call.access.listScope(), CSV_META_COLUMNS);
        String lang = CsvFiles.lang(call.query("lang"));
        try (CsvFiles out = new CsvFiles(call, rendering.of(call), keys, lang, "files.csv")) {
            if (query.isEmpty()) return;
            FileQuery q = query.get();
            int end = q.offset() + q.limit();
            for (int offset = q.offset(); offset < end; offset += CSV_PAGE) {
                List<FileRecord> page = assets.listFiles(call.token(), q.page(Math.min(CSV_PAGE, end - offset), offset)).items();
                out.write(page);
                if (page.size() < CSV_PAGE) break;
            }
        }
    }

    private void stats(ProjectCall call) {
        FileQuery asked = query(call, new Listing(1, 0, "name", false));
        assets.requireFolder(call.token(), asked.folderPath());
        Optional<FileQuery> query = inCollection(call, asked);
        call.access.admitListing();
        Page<FileRecord> page = files(call, query);
        ObjectNode body = Json.success();
        body.set("stats", stats(page));
        body.putObject("info").put("total_files_count", page.total()).put("total_files_size", page.totalBytes());
        call.ok(body);
    }

    private static ObjectNode stats(Page<FileRecord> page) {
        return Json.object().put("approx_files_count", page.total()).put("approx_files_size", page.totalBytes())
                .put("approx_files_count_method", "COUNT_EXACT");
    }

    /** One catalog read: the file with its labels, approval, product and visibility settings (issue 17). */
    private void details(ProjectCall call) {
        String uuid = call.ctx.pathParam("uuid");
        FileDetails read = rendering.details(call.token(), uuid)
                .orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + uuid));
        call.access.readFile(read.file());
        ObjectNode body = Json.success();
        body.set("file", rendering.of(call).withMetaView(metadata.view(call.token(), call.query("format"))).fileAsSent(read));
        call.ok(body);
    }

    /**
     * Without any credential: a public file's object (the Contentful and Directus plugins read it so).
     * A file that is not public, a missing one and an unknown project all answer the same 404.
     */
    private void publicDetails(AnonymousCall call) {
        String uuid = call.ctx.pathParam("uuid");
        Optional<Project> project = call.project();
        FileDetails read = project.flatMap(p -> rendering.details(p.token(), uuid)).filter(rendering::isPublic)
                .orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no public file with uuid " + uuid,
                        "A file that is not public needs a key with OBJECTS_FETCH."));
        ObjectNode body = Json.success();
        body.set("file", rendering.of(call.ctx, project.get(), call.version, call.query("format"))
                .withMetaView(metadata.view(read.file().project(), call.query("format"))).fileAsSent(read));
        call.ok(body);
    }

    /** What the caller may do with this file (the widget's context menu asks). */
    private void permissions(ProjectCall call) {
        FileRecord file = call.access.readFile(assets.file(call.token(), call.ctx.pathParam("uuid"))).file();
        call.ok(ItemPermissions.body(call.principal, call.access.canWrite(file.folderPath())));
    }

    /** The grant to change a file: the caller may change things in its folder. */
    private FileGrant writable(ProjectCall call, String uuid) {
        return call.access.writeFile(assets.file(call.token(), uuid));
    }

    private void rename(ProjectCall call) {
        String name = AssetPaths.name(Fields.text(call.jsonObjectBody(), "name"), "name");
        FileRecord file = assets.rename(writable(call, call.ctx.pathParam("uuid")), name);
        ObjectNode body = Json.success().put("action", "file_renamed").put("file_uuid", file.uuid());
        body.set("file", rendering.of(call).file(file));
        call.ok(body);
    }

    private void moveOne(ProjectCall call) {
        FileGrant file = writable(call, call.ctx.pathParam("uuid"));
        FolderGrant destination = call.access.writeFolder(assets.folder(call.token(), call.ctx.pathParam("folder_uuid")));
        List<FileRecord> moved = assets.moveFiles(List.of(file), destination);
        call.ok(moved(call, moved));
    }

    private void moveMany(ProjectCall call) {
        moveMany(call, call.jsonObjectBody());
    }

    /** Also reached from POST files when the body is a move ({@code files_uuids} + {@code new_folder_name}). */
    void moveMany(ProjectCall call, JsonNode body) {
        List<String> uuids = Fields.ids(body, "files_uuids");
        String destination = AssetPaths.folder(Fields.text(body, "new_folder_name"));
        List<FileGrant> files = uuids.stream().map(uuid -> writable(call, uuid)).toList();
        call.ok(moved(call, assets.moveFiles(files, call.access.writeFolder(destination))));
    }

    private ObjectNode moved(ProjectCall call, List<FileRecord> moved) {
        ObjectNode body = Json.success().put("action", "files_moved");
        body.set("files_uuids", Json.MAPPER.valueToTree(moved.stream().map(FileRecord::uuid).toList()));
        body.set("files", rendering.of(call).files(moved));
        return body;
    }

    private void deleteOne(ProjectCall call) {
        FileRecord deleted = assets.deleteFiles(List.of(writable(call, call.ctx.pathParam("uuid")))).get(0);
        call.ok(Json.success().put("action", "file_deleted").put("file_uuid", deleted.uuid()));
    }

    private void deleteMany(ProjectCall call) {
        List<String> uuids = Fields.ids(call.jsonObjectBody(), "files_uuids");
        List<FileRecord> deleted = assets.deleteFiles(uuids.stream().map(uuid -> writable(call, uuid)).toList());
        ObjectNode body = Json.success().put("action", "files_deleted");
        body.set("files_uuids", Json.MAPPER.valueToTree(deleted.stream().map(FileRecord::uuid).toList()));
        call.ok(body);
    }

    private void meta(ProjectCall call) {
        ObjectNode meta = Fields.object(call.jsonObjectBody(), "meta");
        if (meta == null) {
            throw ApiError.INVALID_PARAMETER.with("meta is required and must be a JSON object");
        }
        FileRecord file = assets.mergeMeta(writable(call, call.ctx.pathParam("uuid")), meta);
        ObjectNode body = Json.success().put("action", "file_meta_updated");
        body.set("file", rendering.of(call).file(file));
        call.ok(body);
    }

    private void tags(ProjectCall call) {
        ObjectNode request = call.jsonObjectBody();
        String lang = Fields.optionalText(request, "lang");
        List<String> labels = Fields.strings(request, "new_tags").stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (labels.stream().anyMatch(l -> l.length() > 200)) {
            throw ApiError.INVALID_PARAMETER.with("new_tags: a tag is longer than 200 characters");
        }
        FileRecord file = assets.setTags(writable(call, call.ctx.pathParam("uuid")), lang == null ? "en" : lang,
                new HashSet<>(Fields.strings(request, "existing_tags")), labels);
        ObjectNode body = Json.success();
        body.set("file", rendering.of(call).file(file));
        call.ok(body);
    }

}
