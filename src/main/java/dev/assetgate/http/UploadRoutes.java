package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_MOVE;
import static dev.assetgate.access.Permission.FILE_UPLOAD;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Count;
import dev.assetgate.access.Need;
import dev.assetgate.access.UploadGrant;
import dev.assetgate.Assetgate;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.IncomingFile;
import dev.assetgate.assets.UrlFetcher;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.FileRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.EofException;

/**
 * Every way a file arrives (reference §5.3): multipart with any part names and meta/info/tags side
 * parts, JSON base64, JSON {@code files_urls}, and the raw {@code PUT} stream. POST files is
 * overloaded: a JSON body with {@code files_uuids} is a move, not an upload.
 */
public final class UploadRoutes {
    private static final int MAX_URLS = 20;
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]");
    private final Assetgate app;
    private final FileRoutes fileRoutes;

    public UploadRoutes(Assetgate app, FileRoutes fileRoutes) {
        this.app = app;
        this.fileRoutes = fileRoutes;
    }

    public void register(RouteTable routes) {
        // Overloaded (upload or move, by body): a key that can do neither is refused before its body is read;
        // the handler then requires the permission of the action the body asks for.
        routes.project(POST, "/files", Need.any(FILE_UPLOAD, FILE_MOVE).counting(Count.UPLOAD), this::post);
        routes.project(POST, "/upload", Need.any(FILE_UPLOAD, FILE_MOVE).counting(Count.UPLOAD), this::post);
        routes.project(POST, "/files/upload_url", Need.all(FILE_UPLOAD).counting(Count.UPLOAD), this::uploadUrlAlias);
        routes.project(PUT, "/files", Need.all(FILE_UPLOAD).counting(Count.UPLOAD), this::stream);
    }

    private void post(ProjectCall call) throws IOException {
        String type = call.ctx.contentType() == null ? "" : call.ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            call.access.require(FILE_UPLOAD);
            respond(call, multipart(call));
            return;
        }
        // Every JSON form is an object: an array or a scalar is malformed input (400), like on every JSON route.
        ObjectNode body = call.jsonObjectBody();
        if (body.has("files_uuids")) {
            call.access.require(FILE_MOVE);
            fileRoutes.moveMany(call, body);
            return;
        }
        call.access.require(FILE_UPLOAD);
        if (body.has("files_urls")) {
            respond(call, fromUrls(call, body.get("files_urls"), targetFolder(call, null)));
        } else if (body.has("data")) {
            respond(call, List.of(base64(call, body)));
        } else {
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the upload input does not look correct: expected multipart parts, "
                    + "a JSON object with data (base64) or files_urls, or files_uuids to move files");
        }
    }

    private void uploadUrlAlias(ProjectCall call) throws IOException {
        ObjectNode body = call.jsonObjectBody();
        respond(call, fromUrls(call, body.get("files_urls"), targetFolder(call, Fields.optionalText(body, "dir"))));
    }

    // ------------------------------------------------------------------ multipart

    private List<FileRecord> multipart(ProjectCall call) throws IOException {
        Map<String, List<SpooledPart>> parts;
        Map<String, List<String>> fields;
        try {
            call.ctx.uploadedFileMap(); // lets Javalin apply its multipart settings before the parts are parsed
            parts = fileParts(call.ctx.req().getParts());
            fields = call.ctx.formParamMap();
        } catch (Exception e) { // Jetty reports bad, cut-off and oversized bodies as (checked) ServletExceptions
            throw multipartFailure(e);
        }
        String folder = targetFolder(call, first(fields, "folder"));
        if (parts.isEmpty()) {
            if (first(fields, "data") != null) { // the Python client sends base64 uploads as form fields
                ObjectNode body = Json.object().put("name", first(fields, "name")).put("data", first(fields, "data"));
                return List.of(base64(call, body));
            }
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the multipart body has no file part (a part with a filename)");
        }
        checkParts(call, parts, fields, folder);
        List<FileRecord> stored = new ArrayList<>();
        try {
            storeParts(call, parts, fields, folder, stored);
        } catch (IOException | RuntimeException e) {
            undo(call, stored);
            throw e;
        }
        return stored;
    }

    /**
     * The file parts (those with a filename) by part name, in request order. Our own view of Jetty's
     * parts rather than Javalin's UploadedFile, so the blob store can take a spooled part over whole.
     */
    private static Map<String, List<SpooledPart>> fileParts(java.util.Collection<jakarta.servlet.http.Part> all) {
        Map<String, List<SpooledPart>> parts = new java.util.LinkedHashMap<>();
        for (jakarta.servlet.http.Part part : all) {
            if (part.getSubmittedFileName() != null) {
                parts.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(new SpooledPart(part));
            }
        }
        return parts;
    }

    /**
     * Every file's target folder is checked against the key's scope, and its meta against the
     * metadata model, before any is stored: a file refused must not leave the others' upload counts
     * spent (undo removes the files, not the counts).
     */
    private void checkParts(ProjectCall call, Map<String, List<SpooledPart>> parts, Map<String, List<String>> fields,
                            String folder) {
        for (Map.Entry<String, List<SpooledPart>> entry : parts.entrySet()) {
            app.assets.checkMeta(call.token(), jsonField(fields, "meta[" + entry.getKey() + "]", first(fields, "meta")));
            ObjectNode info = jsonField(fields, "info[" + entry.getKey() + "]", null);
            for (SpooledPart file : entry.getValue()) {
                call.access.writeFolder(targetOf(folder, partName(fields, entry.getKey(), info, file))[0]);
            }
        }
    }

    /** name[part], else info[part].name, else the part's filename. */
    private static String partName(Map<String, List<String>> fields, String part, ObjectNode info, SpooledPart file) {
        String name = first(fields, "name[" + part + "]");
        if (name == null && info != null && info.path("name").isTextual()) name = info.get("name").asText();
        return name == null ? file.filename() : name;
    }

    private void storeParts(ProjectCall call, Map<String, List<SpooledPart>> parts, Map<String, List<String>> fields,
                            String folder, List<FileRecord> stored) throws IOException {
        for (Map.Entry<String, List<SpooledPart>> entry : parts.entrySet()) {
            String part = entry.getKey();
            ObjectNode meta = jsonField(fields, "meta[" + part + "]", first(fields, "meta"));
            ObjectNode info = jsonField(fields, "info[" + part + "]", null);
            TagInput tags = TagInput.parse(first(fields, "tags[" + part + "]"));
            for (SpooledPart file : entry.getValue()) {
                String[] target = targetOf(folder, partName(fields, part, info, file));
                try (InputStream in = file) {
                    stored.add(store(call, new IncomingFile(target[0], target[1], file.contentType(), in,
                            meta, info, tags.lang(), tags.labels())));
                }
            }
        }
    }

    /** Several files in one request are all or nothing: when a later one fails, the earlier ones go. */
    private void undo(ProjectCall call, List<FileRecord> stored) {
        if (!stored.isEmpty()) {
            app.assets.deleteFiles(stored.stream().map(call.access::writeFile).toList());
        }
    }

    private ApiException multipartFailure(Exception e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            text += " " + String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        }
        if (text.contains("exceeds") || text.contains("too large") || text.contains("max")) {
            return ApiError.FILE_TOO_BIG.with("the upload is larger than the limit of " + app.assets.maxUploadBytes() + " bytes");
        }
        return ApiError.ERR_UNPROCESSABLE_ENTITY.with("the multipart body could not be read: " + e.getMessage());
    }

    private static ObjectNode jsonField(Map<String, List<String>> fields, String name, String fallback) {
        String raw = first(fields, name);
        if (raw == null) raw = fallback;
        if (raw == null || raw.isBlank()) return null;
        JsonNode node = Json.parseInput(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), name);
        if (!node.isObject()) throw ApiError.INVALID_PARAMETER.with(name + " must be a JSON object");
        return (ObjectNode) node;
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // ------------------------------------------------------------------ base64

    private FileRecord base64(ProjectCall call, JsonNode body) throws IOException {
        String name = Fields.text(body, "name");
        String data = Fields.text(body, "data");
        int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
        String payload = comma >= 0 ? data.substring(comma + 1) : data;
        byte[] bytes;
        try {
            // Not the MIME decoder: it silently skips every character outside the alphabet, so garbage
            // was stored as garbage (or as an empty file). Line breaks and spaces are all we tolerate.
            bytes = Base64.getDecoder().decode(WHITESPACE.matcher(payload).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID_PARAMETER.with("data is not valid base64: " + e.getMessage());
        }
        String[] target = targetOf(targetFolder(call, null), name);
        TagInput tags = TagInput.of(body.get("tags"));
        return store(call, new IncomingFile(target[0], target[1], null, new ByteArrayInputStream(bytes),
                Fields.object(body, "meta"), Fields.object(body, "info"), tags.lang(), tags.labels()));
    }

    // ------------------------------------------------------------------ by URL

    private List<FileRecord> fromUrls(ProjectCall call, JsonNode urls, String folder) throws IOException {
        if (urls == null || !urls.isArray() || urls.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("files_urls must be a non-empty array");
        }
        if (urls.size() > MAX_URLS) {
            throw ApiError.INVALID_PARAMETER.with("files_urls lists more than " + MAX_URLS + " URLs");
        }
        call.access.writeFolder(folder); // refuse before fetching anything; each file is admitted again when stored
        for (JsonNode entry : urls) { // and a name with a path in another folder, or a refused meta, before any file is fetched or counted
            String name = entry.isObject() ? Fields.optionalText(entry, "name") : null;
            if (name != null) call.access.writeFolder(targetOf(folder, name)[0]);
            if (entry.isObject()) app.assets.checkMeta(call.token(), Fields.object(entry, "meta"));
        }
        List<FileRecord> stored = new ArrayList<>();
        try {
            fetchAll(call, urls, folder, stored);
        } catch (IOException | RuntimeException e) {
            undo(call, stored);
            throw e;
        }
        return stored;
    }

    private void fetchAll(ProjectCall call, JsonNode urls, String folder, List<FileRecord> stored) throws IOException {
        for (JsonNode entry : urls) {
            JsonNode spec = entry.isTextual() ? Json.object().put("url", entry.asText()) : entry;
            if (!spec.isObject()) throw ApiError.INVALID_PARAMETER.with("files_urls entries must be objects with a url");
            String url = Fields.text(spec, "url");
            UrlFetcher.Download download = app.urlFetcher().fetch(url);
            String name = Fields.optionalText(spec, "name");
            String[] target = targetOf(folder, name == null ? download.suggestedName() : name);
            TagInput tags = TagInput.of(spec.get("tags"));
            try (InputStream in = download.body()) {
                stored.add(store(call, new IncomingFile(target[0], target[1], download.contentType(), in,
                        Fields.object(spec, "meta"), Fields.object(spec, "info"), tags.lang(), tags.labels())));
            }
        }
    }

    // ------------------------------------------------------------------ PUT stream

    private void stream(ProjectCall call) throws IOException {
        String filename = call.query("filename");
        if (filename == null) {
            throw ApiError.INVALID_PARAMETER.with("filename query parameter is required");
        }
        long declared = call.ctx.req().getContentLengthLong();
        if (declared > app.assets.maxUploadBytes()) {
            throw ApiError.FILE_TOO_BIG.with("'" + filename + "' is larger than the limit of " + app.assets.maxUploadBytes() + " bytes");
        }
        String[] target = targetOf(targetFolder(call, null), filename);
        try (InputStream in = call.ctx.req().getInputStream()) {
            respond(call, List.of(store(call, new IncomingFile(target[0], target[1], call.ctx.contentType(), in,
                    null, null, "en", List.of()))));
        } catch (EofException e) {
            // The client went away mid-body (the partial blob is already removed): its error, not a server fault.
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the body ended before its declared length");
        }
    }

    // ------------------------------------------------------------------ shared

    /** Every upload path ends here: the meta, the key's scope and limits for the target folder, then the store. */
    private FileRecord store(ProjectCall call, IncomingFile file) throws IOException {
        app.assets.checkMeta(call.token(), file.meta()); // meta the model refuses spends no upload count
        UploadGrant admitted = call.access.admitUpload(call.access.writeFolder(file.folder()));
        return app.assets.upload(admitted, file);
    }

    private static String targetFolder(ProjectCall call, String fallback) {
        String folder = call.query("folder") != null ? call.query("folder") : call.query("dir");
        return AssetPaths.folder(folder != null ? folder : fallback);
    }

    /** A name may carry a path ("/php/b64.txt" absolute, "sub/x.txt" relative to the folder). */
    private static String[] targetOf(String folder, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.INVALID_PARAMETER.with("the file has no name");
        }
        if (!name.contains("/")) {
            return new String[] {folder, AssetPaths.name(name, "name")};
        }
        return AssetPaths.split(name.startsWith("/") ? name : AssetPaths.join(folder, name));
    }

    private static void respond(ProjectCall call, List<FileRecord> stored) {
        AssetJson render = call.render();
        ObjectNode body = Json.success();
        ArrayNode files = render.files(stored);
        body.set("file", files.get(0));
        body.set("files", files);
        body.putObject("info").put("uploaded_files", stored.size()).put("files_count", stored.size())
                .put("project_uuid", call.project.uuid()).put("company_uuid", call.project.companyId());
        call.ok(body);
    }

    /** Tags sent with an upload: {"lang":"en","new_tags":[...]} or a bare array of labels. */
    record TagInput(String lang, List<String> labels) {
        static TagInput parse(String raw) {
            if (raw == null || raw.isBlank()) return new TagInput("en", List.of());
            return of(Json.parseInput(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), "tags"));
        }

        static TagInput of(JsonNode node) {
            if (node == null || node.isNull()) return new TagInput("en", List.of());
            if (node.isArray()) return new TagInput("en", labels(node));
            if (node.isObject()) {
                String lang = node.path("lang").isTextual() ? node.get("lang").asText() : "en";
                return new TagInput(lang, labels(node.path("new_tags")));
            }
            throw ApiError.INVALID_PARAMETER.with("tags must be an array of labels or {\"lang\",\"new_tags\"}");
        }

        private static List<String> labels(JsonNode array) {
            List<String> out = new ArrayList<>();
            for (JsonNode n : array) {
                if (!n.isTextual()) throw ApiError.INVALID_PARAMETER.with("tags must be strings");
                if (!n.asText().isBlank()) out.add(n.asText().trim());
            }
            return out;
        }
    }
}
