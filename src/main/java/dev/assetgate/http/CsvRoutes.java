package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_META_CHANGE;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.assetgate.access.Count;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.edits.Change;
import dev.assetgate.edits.EditService;
import dev.assetgate.edits.EditTask;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import dev.assetgate.assets.AssetPaths;

/**
 * The widget's CSV calls: {@code POST objects/export-csv} (a selection of files and folders as CSV,
 * streamed; columns as {@link CsvFiles}) and the CSV metadata import {@code POST edit/assets}
 * (multipart, one CSV file) with its task {@code GET edit/assets/{task_id}}. An import is checked row
 * by row (the file exists and is inside the key's upload scope, its meta fits the metadata model);
 * one refused row refuses the whole import with one message per refused row, and nothing is applied;
 * otherwise every row is applied in one transaction.
 */
public final class CsvRoutes {
    static final int MAX_EXPORT_ROWS = 10_000;
    static final int MAX_IMPORT_ROWS = 10_000;
    static final long MAX_IMPORT_BYTES = 32L * 1024 * 1024;
    /** Export columns the import reads past (they describe the file; change them with their own calls). */
    static final Set<String> READ_ONLY = Set.of("name", "folder", "path", "type", "size", "created_at", "modified_at", "url_cdn");
    private final AssetService assets;
    private final EditService edits;
    private final AssetRendering rendering;
    private final Path spool;

    public CsvRoutes(AssetService assets, EditService edits, AssetRendering rendering, Path spool) {
        this.assets = assets;
        this.edits = edits;
        this.rendering = rendering;
        this.spool = spool;
    }

    public void register(RouteTable routes) {
        routes.v5(POST, "/objects/export-csv", Need.all(OBJECTS_LIST).counting(Count.LISTING), this::export);
        routes.project(POST, "/edit/assets", Need.all(FILE_META_CHANGE), this::importCsv);
        routes.project(GET, "/edit/assets/{task_id}", Need.all(FILE_META_CHANGE), this::task);
    }

    // ------------------------------------------------------------------ export

    private void export(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        boolean recursive = Listing.flag(call.query("recursive"));
        int limit = limit(call.query("limit"));
        boolean withMeta = !"0".equals(call.query("include_meta"));
        boolean withTags = Listing.flag(call.query("include_tags"));
        String lang = CsvFiles.lang(call.query("lang"));
        List<FileRecord> files = new ArrayList<>();
        for (String uuid : Fields.optionalIds(body, "files_uuids")) {
            files.add(call.access.readFile(assets.file(call.token(), uuid)).file());
        }
        List<FolderGrant> folders = new ArrayList<>();
        for (String uuid : Fields.optionalIds(body, "folders_uuids")) {
            Folder folder = assets.folder(call.token(), uuid);
            folders.add(recursive ? call.access.readSubtree(folder.path()) : call.access.readFolder(folder));
        }
        if (files.isEmpty() && folders.isEmpty()) {
            // nothing selected: the folder in the query (the whole project by default)
            String path = AssetPaths.folder(call.query("folder"));
            call.access.listFolder(path);
            assets.requireFolder(call.token(), path);
            folders.add(null);
        }
        call.access.admitListing();
        List<String> keys = withMeta ? metaColumns(call, files) : List.of();
        Set<String> written = new HashSet<>();
        try (CsvFiles out = new CsvFiles(call, rendering.of(call), keys, withTags ? lang : null, "export.csv")) {
            List<FileRecord> selected = files.stream().filter(f -> written.add(f.uuid())).limit(limit).toList();
            out.write(selected);
            for (FolderGrant folder : folders) {
                String path = folder == null ? AssetPaths.folder(call.query("folder")) : folder.path();
                for (int offset = 0; written.size() < limit; offset += FileRoutes.CSV_PAGE) {
                    List<FileRecord> page = assets.listFiles(call.token(), new FileQuery(path, recursive, List.of(), null,
                            FileQuery.SortField.NAME, false, FileRoutes.CSV_PAGE, offset, call.access.listScope())).items();
                    List<FileRecord> fresh = page.stream().filter(f -> written.add(f.uuid())).toList();
                    out.write(fresh.subList(0, Math.min(fresh.size(), limit - (written.size() - fresh.size()))));
                    if (page.size() < FileRoutes.CSV_PAGE) break;
                }
            }
        }
    }

    private List<String> metaColumns(ProjectCall call, List<FileRecord> files) {
        Set<String> keys = new java.util.TreeSet<>(assets.metaKeys(call.token(), call.access.listScope(), FileRoutes.CSV_META_COLUMNS));
        keys.addAll(CsvFiles.metaKeysOf(files));
        return List.copyOf(keys);
    }

    private static int limit(String raw) {
        if (raw == null) return MAX_EXPORT_ROWS;
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_EXPORT_ROWS) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.INVALID_PARAMETER.with("limit: a whole number from 1 to " + MAX_EXPORT_ROWS + ", got '" + raw + "'");
    }

    // ------------------------------------------------------------------ import

    /** One data row of an import: its number (1 = the first row after the header), the file and its changes. */
    record Row(int number, String uuid, List<Change> changes, List<String> tags) {}

    private void importCsv(ProjectCall call) throws IOException {
        List<Row> rows = rows(call); // first: a refusal after the whole body was read leaves the connection reusable
        String lang = CsvFiles.lang(call.query("lang"));
        Map<FileGrant, List<Change>> changes = new LinkedHashMap<>();
        Map<String, Row> rowOf = new HashMap<>();
        List<ObjectNode> refused = new ArrayList<>();
        for (Row row : rows) {
            if (rowOf.containsKey(row.uuid())) {
                refused.add(message(row, "the file is already on row " + rowOf.get(row.uuid()).number()));
                continue;
            }
            rowOf.put(row.uuid(), row);
            try {
                FileGrant file = call.access.writeFile(assets.file(call.token(), row.uuid()));
                changes.put(file, withTags(row, file.file(), lang));
            } catch (ApiException e) {
                if (e.error.status >= 500) throw e;
                refused.add(message(row, e.getMessage()));
            }
        }
        EditService.Plan plan = edits.plan(call.token(), changes);
        plan.problems().forEach((uuid, problem) -> refused.add(message(rowOf.get(uuid), problem)));
        refused.sort(java.util.Comparator.comparingInt(m -> m.path("row").asInt()));
        ObjectNode report = Json.object().put("files_count", rows.size());
        EditTask task = edits.create(call.token(), call.principal.id(), EditTask.Kind.CSV_IMPORT, "VALIDATING", report);
        String status;
        if (!refused.isEmpty()) {
            status = "VALIDATION_ERROR";
            report.put("files_updated", 0);
        } else {
            try {
                report.put("files_updated", edits.commit(plan).size());
                status = "DONE";
            } catch (ApiException e) {
                if (e.error != ApiError.EDIT_CONFLICT && e.error != ApiError.FILE_NOT_FOUND) throw e;
                refused.add(Json.object().put("row", 0).put("msg", e.getMessage()));
                report.put("files_updated", 0);
                status = "FAILED";
            }
        }
        ArrayNode list = report.putArray("messages");
        refused.forEach(list::add);
        edits.finish(task, status, report);
        call.ok(taskBody(task.uuid(), status, report));
    }

    private static ObjectNode message(Row row, String text) {
        return Json.object().put("row", row.number()).put("uuid", row.uuid()).put("msg", text);
    }

    /** The row's changes, with its tags cell (the file's labels in {@code lang}, replaced) as tag changes. */
    private static List<Change> withTags(Row row, FileRecord file, String lang) {
        if (row.tags() == null) return row.changes();
        List<Change> all = new ArrayList<>(row.changes());
        Set<String> wanted = new LinkedHashSet<>(row.tags());
        Set<String> have = new HashSet<>();
        for (JsonNode t : Json.parseStored(file.tags()).path(lang)) {
            String label = t.path("label").asText();
            have.add(label);
            if (!wanted.contains(label)) all.add(new Change(Change.Type.TAGS_DEL, null, TextNode.valueOf(t.path("sid").asText()), lang));
        }
        for (String label : wanted) {
            if (!have.contains(label)) all.add(new Change(Change.Type.TAGS_ADD, null, TextNode.valueOf(label), lang));
        }
        return all;
    }

    /** The CSV's data rows; a file that is no import (no CSV part, no uuid column, an unknown column, too many rows) is a 400. */
    private List<Row> rows(ProjectCall call) throws IOException {
        String type = call.ctx.contentType() == null ? "" : call.ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw ApiError.UNSUPPORTED_MEDIA_TYPE.with("send the CSV as a multipart/form-data file part");
        }
        try (MultipartBody body = MultipartBody.read(call.ctx, spool, new UploadLimit(MAX_IMPORT_BYTES, "CSV import size"),
                MultipartBody.saturatedAdd(MAX_IMPORT_BYTES, MultipartBody.PART_HEADERS_ALLOWANCE))) {
            List<SpooledPart> parts = body.files.values().stream().flatMap(List::stream).toList();
            if (parts.size() != 1) {
                throw ApiError.INVALID_PARAMETER.with("send exactly one CSV file part, got " + parts.size());
            }
            try (Reader reader = withoutBom(new BufferedReader(new InputStreamReader(parts.get(0), StandardCharsets.UTF_8)))) {
                return parse(reader);
            }
        }
    }

    private static Reader withoutBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') reader.reset();
        return reader;
    }

    static List<Row> parse(Reader reader) {
        CSVParser parser;
        try {
            parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get().parse(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.INVALID_PARAMETER.with("the CSV header cannot be read: " + e.getMessage());
        }
        List<String> header = parser.getHeaderNames();
        if (!header.contains("uuid")) throw ApiError.INVALID_PARAMETER.with("the CSV has no uuid column (the first row names the columns)");
        for (String column : header) {
            if (!column.equals("uuid") && !column.equals("tags") && !READ_ONLY.contains(column)
                    && !(column.startsWith("meta.") && column.length() > 5 && column.length() <= 69)) {
                throw ApiError.INVALID_PARAMETER.with("unknown CSV column '" + column + "'",
                        "Columns: uuid, tags, meta.<key>; " + String.join(", ", new java.util.TreeSet<>(READ_ONLY)) + " are read past.");
            }
        }
        List<Row> rows = new ArrayList<>();
        try {
            int number = 0;
            for (CSVRecord record : parser) {
                number++;
                if (number > MAX_IMPORT_ROWS) throw ApiError.INVALID_PARAMETER.with("the CSV has more than " + MAX_IMPORT_ROWS + " rows");
                rows.add(row(number, record, header));
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw ApiError.INVALID_PARAMETER.with("the CSV cannot be read after row " + rows.size() + ": " + why);
        }
        if (rows.isEmpty()) throw ApiError.INVALID_PARAMETER.with("the CSV has no data rows");
        return rows;
    }

    private static Row row(int number, CSVRecord record, List<String> header) {
        String uuid = record.isMapped("uuid") && record.isSet("uuid") ? record.get("uuid").trim() : "";
        List<Change> changes = new ArrayList<>();
        List<String> tags = null;
        for (String column : header) {
            if (!record.isSet(column)) continue;
            String cell = record.get(column);
            if (cell.isEmpty()) continue; // an empty cell changes nothing
            if (column.equals("tags")) {
                tags = new ArrayList<>();
                for (String label : cell.split(",")) {
                    if (!label.isBlank()) tags.add(label.trim());
                }
            } else if (column.startsWith("meta.")) {
                String key = column.substring(5);
                JsonNode value = CsvFiles.readsAsJson(cell) ? Json.parseStored(cell.trim()) : TextNode.valueOf(cell);
                changes.add(value.isNull() ? new Change(Change.Type.META_DEL, key, null, null)
                        : new Change(Change.Type.META_REPLACE, key, value, null));
            }
        }
        return new Row(number, uuid, changes, tags);
    }

    // ------------------------------------------------------------------ the task

    private void task(ProjectCall call) {
        EditTask task = edits.task(call.token(), call.principal.id(), EditTask.Kind.CSV_IMPORT, call.ctx.pathParam("task_id"));
        call.ok(taskBody(task.uuid(), task.status(), (ObjectNode) Json.parseStored(task.body())));
    }

    private static ObjectNode taskBody(String uuid, String status, ObjectNode report) {
        ObjectNode out = Json.success().put("task_id", uuid).put("task_status", status).put("task_percent", 100);
        out.set("messages", report.has("messages") ? report.get("messages") : Json.array());
        out.put("files_count", report.path("files_count").asInt()).put("files_updated", report.path("files_updated").asInt());
        return out;
    }
}
