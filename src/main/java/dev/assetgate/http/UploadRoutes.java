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
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.assets.IncomingFile;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.assets.UrlFetcher;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.health.DataVolume;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.AssetCatalog.Placed;
import dev.assetgate.images.UploadResize;
import dev.assetgate.store.FileRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.EofException;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.Permission;
import dev.assetgate.products.ProductService;
import dev.assetgate.products.ProductStore;

/**
 * Every way a file arrives (reference §5.3): multipart with any part names and meta/info/tags side
 * parts, JSON base64, JSON {@code files_urls}, and the raw {@code PUT} stream. POST files is
 * overloaded: a JSON body with {@code files_uuids} is a move, not an upload.
 */
public final class UploadRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadRoutes.class);
    private static final int MAX_URLS = 20;
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]");
    private static final String PRODUCTS = "assetgate.upload-products";
    private final AssetService assets;
    private final DataVolume volume;
    private final Supplier<UrlFetcher> urlFetcher;
    private final FileRoutes fileRoutes;
    private final AssetRendering rendering;
    private final ProductService products;
    private final java.nio.file.Path multipartSpool;
    /** Every file of one multipart request together, plus its form fields. */
    private final long maxMultipartBytes;

    /** {@code urlFetcher}: started on first use; {@code multipartSpool}: where multipart parts are spooled. */
    public UploadRoutes(AssetService assets, DataVolume volume, Supplier<UrlFetcher> urlFetcher, java.nio.file.Path multipartSpool,
                        long maxJsonBytes, FileRoutes fileRoutes, AssetRendering rendering, ProductService products) {
        this.assets = assets;
        this.products = products;
        this.volume = volume;
        this.urlFetcher = urlFetcher;
        this.fileRoutes = fileRoutes;
        this.rendering = rendering;
        this.multipartSpool = multipartSpool;
        this.maxMultipartBytes = MultipartBody.saturatedAdd(assets.maxUploadBytes(), maxJsonBytes);
    }

    public void register(RouteTable routes) {
        // Overloaded (upload or move, by body): a key that can do neither is refused before its body is read;
        // the handler then requires the permission of the action the body asks for.
        routes.project(POST, "/files", Need.any(FILE_UPLOAD, FILE_MOVE).counting(Count.UPLOAD), this::post);
        routes.project(POST, "/upload", Need.any(FILE_UPLOAD, FILE_MOVE).counting(Count.UPLOAD), this::post);
        // the older "store" API's spelling, /{token}/upload?dir=… (reference §1.3)
        routes.unversioned(POST, "/upload", Need.any(FILE_UPLOAD, FILE_MOVE).counting(Count.UPLOAD), this::post);
        routes.project(POST, "/files/upload_url", Need.all(FILE_UPLOAD).counting(Count.UPLOAD), this::uploadUrlAlias);
        routes.project(PUT, "/files", Need.all(FILE_UPLOAD).counting(Count.UPLOAD), this::stream);
    }

    private void post(ProjectCall call) throws IOException {
        resize(call); // a malformed resize= is refused before the body is read
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
            respond(call, List.of(store(call, base64(call, body))));
        } else {
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the upload input does not look correct: expected multipart parts, "
                    + "a JSON object with data (base64) or files_urls, or files_uuids to move files");
        }
    }

    private void uploadUrlAlias(ProjectCall call) throws IOException {
        resize(call);
        ObjectNode body = call.jsonObjectBody();
        respond(call, fromUrls(call, body.get("files_urls"), targetFolder(call, Fields.optionalText(body, "dir"))));
    }

    // ------------------------------------------------------------------ multipart

    /**
     * Everything that does not need the bytes is decided before the body is read: the permission
     * (above), the folder named in the URL, and the counted limits of one upload. The body is then
     * parsed under the key's own file size limit; the other files' counts are reserved before any
     * file is stored.
     */
    private List<Placed> multipart(ProjectCall call) throws IOException {
        String urlFolder = urlFolder(call);
        if (urlFolder != null) call.access.writeFolder(AssetPaths.folder(urlFolder)); // scope before the body
        UploadLimit limit = call.access.reserveUploads(1);
        try (MultipartBody body = readMultipart(call, limit)) {
            Map<String, List<SpooledPart>> parts = body.files;
            Map<String, List<String>> fields = body.fields;
            String folder = targetFolder(call, first(fields, "folder"));
            if (parts.isEmpty()) {
                if (first(fields, "data") != null) { // the Python client sends base64 uploads as form fields
                    ObjectNode json = Json.object().put("name", first(fields, "name")).put("data", first(fields, "data"));
                    return List.of(storeAdmitted(call, base64(call, json)));
                }
                throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the multipart body has no file part (a part with a filename)");
            }
            checkParts(call, parts, fields, folder);
            int files = parts.values().stream().mapToInt(List::size).sum();
            call.access.reserveUploads(files - 1); // the first was reserved before the body
            List<Placed> stored = new ArrayList<>();
            try {
                storeParts(call, parts, fields, folder, stored);
            } catch (IOException | RuntimeException e) {
                undo(call, stored);
                throw e;
            }
            return stored;
        }
    }

    /**
     * Every file's target folder is checked against the key's scope, and its meta against the
     * metadata model, before any is stored or counted beyond the first.
     */
    private void checkParts(ProjectCall call, Map<String, List<SpooledPart>> parts, Map<String, List<String>> fields,
                            String folder) {
        for (Map.Entry<String, List<SpooledPart>> entry : parts.entrySet()) {
            assets.checkMeta(call.token(), jsonField(fields, "meta[" + entry.getKey() + "]", first(fields, "meta")));
            if (product(fields, entry.getKey()) != null) {
                call.access.require(Permission.FILE_PRODUCT_CHANGE);
            }
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
                            String folder, List<Placed> stored) throws IOException {
        for (Map.Entry<String, List<SpooledPart>> entry : parts.entrySet()) {
            String part = entry.getKey();
            ObjectNode meta = jsonField(fields, "meta[" + part + "]", first(fields, "meta"));
            ObjectNode info = jsonField(fields, "info[" + part + "]", null);
            TagInput tags = TagInput.parse(first(fields, "tags[" + part + "]"));
            ProductStore.FileProduct product = product(fields, part);
            for (SpooledPart file : entry.getValue()) {
                String[] target = targetOf(folder, partName(fields, part, info, file));
                try (InputStream in = file) {
                    Placed placed = storeAdmitted(call, new IncomingFile(target[0], target[1], file.contentType(), in,
                            meta, info, tags.lang(), tags.labels(), file.size()));
                    stored.add(placed);
                    if (product != null && placed.outcome() != AssetCatalog.Outcome.SKIPPED) {
                        products.set(call.access.writeFile(placed.file()), product);
                        productsSet(call).put(placed.file().uuid(), product);
                    }
                }
            }
        }
    }

    /** product[part] (the widget's xhr-upload): {ref, position}, or null when absent or empty. */
    private static ProductStore.FileProduct product(Map<String, List<String>> fields, String part) {
        ObjectNode product = jsonField(fields, "product[" + part + "]", null);
        return ProductRoutes.product(product != null && product.has("product") ? product.get("product") : product);
    }

    /** The products this request gave its files, for the answer (rendered without reading the catalog). */
    private static Map<String, ProductStore.FileProduct> productsSet(ProjectCall call) {
        Map<String, ProductStore.FileProduct> set = call.ctx.attribute(PRODUCTS);
        if (set == null) {
            set = new java.util.HashMap<>();
            call.ctx.attribute(PRODUCTS, set);
        }
        return set;
    }

    /**
     * Several files in one request are all or nothing: when a later one fails, the earlier new files
     * go, and a file the request gave a new version gets its previous content back (the request's
     * bytes stay as one of its versions).
     */
    private void undo(ProjectCall call, List<Placed> stored) {
        List<FileRecord> created = new ArrayList<>();
        for (Placed p : stored) {
            switch (p.outcome()) {
                case CREATED, RENAMED -> created.add(p.file());
                case NEW_VERSION -> putBack(call, p);
                case SKIPPED -> { }
            }
        }
        if (!created.isEmpty()) {
            assets.deleteFiles(created.stream().map(call.access::writeFile).toList());
        }
    }

    /** The previous content back; with versions_kept 0 the replace was final (nothing kept to restore). */
    private void putBack(ProjectCall call, Placed p) {
        try {
            assets.restore(call.access.writeFile(p.file()), p.archived().uuid(), call.principal.id());
        } catch (ApiException gone) {
            LOG.warn("could not put back file {} after a failed upload: {}", p.file().uuid(), gone.getMessage());
        }
    }

    /** The body, parsed under the key's limits; a body that broke off because the disk filled is a 507. */
    private MultipartBody readMultipart(ProjectCall call, UploadLimit limit) {
        try {
            return MultipartBody.read(call.ctx, multipartSpool, assets.effective(limit), maxMultipartBytes);
        } catch (ApiException e) {
            if (e.error == ApiError.ERR_UNPROCESSABLE_ENTITY && volume.tooFullFor(call.ctx.req().getContentLengthLong())) {
                throw DataVolume.full("no space left to receive this upload"); // Jetty drops the ENOSPC it met while spooling
            }
            throw e;
        }
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

    private IncomingFile base64(ProjectCall call, JsonNode body) {
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
        return new IncomingFile(target[0], target[1], null, new ByteArrayInputStream(bytes),
                Fields.object(body, "meta"), Fields.object(body, "info"), tags.lang(), tags.labels(), bytes.length);
    }

    // ------------------------------------------------------------------ by URL

    private List<Placed> fromUrls(ProjectCall call, JsonNode urls, String folder) throws IOException {
        if (urls == null || !urls.isArray() || urls.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("files_urls must be a non-empty array");
        }
        if (urls.size() > MAX_URLS) {
            throw ApiError.INVALID_PARAMETER.with("files_urls lists more than " + MAX_URLS + " URLs");
        }
        call.access.writeFolder(folder); // refuse before fetching anything; each file is admitted again when stored
        call.access.requireSizesUpFront(); // a remote file's size is known only once fetched: a byte-quota key cannot use URLs
        for (JsonNode entry : urls) { // and a name with a path in another folder, or a refused meta, before any file is fetched or counted
            String name = entry.isObject() ? Fields.optionalText(entry, "name") : null;
            if (name != null) call.access.writeFolder(targetOf(folder, name)[0]);
            if (entry.isObject()) assets.checkMeta(call.token(), Fields.object(entry, "meta"));
        }
        List<Placed> stored = new ArrayList<>();
        try {
            fetchAll(call, urls, folder, stored);
        } catch (IOException | RuntimeException e) {
            undo(call, stored);
            throw e;
        }
        return stored;
    }

    private void fetchAll(ProjectCall call, JsonNode urls, String folder, List<Placed> stored) throws IOException {
        for (JsonNode entry : urls) {
            JsonNode spec = entry.isTextual() ? Json.object().put("url", entry.asText()) : entry;
            if (!spec.isObject()) throw ApiError.INVALID_PARAMETER.with("files_urls entries must be objects with a url");
            String url = Fields.text(spec, "url");
            UrlFetcher.Download download = urlFetcher.get().fetch(url);
            String name = Fields.optionalText(spec, "name");
            String[] target = targetOf(folder, name == null ? download.suggestedName() : name);
            TagInput tags = TagInput.of(spec.get("tags"));
            try (InputStream in = download.body()) {
                stored.add(store(call, new IncomingFile(target[0], target[1], download.contentType(), in,
                        Fields.object(spec, "meta"), Fields.object(spec, "info"), tags.lang(), tags.labels(), IncomingFile.UNKNOWN_SIZE)));
            }
        }
    }

    // ------------------------------------------------------------------ PUT stream

    private void stream(ProjectCall call) throws IOException {
        resize(call);
        String filename = call.query("filename");
        if (filename == null) {
            throw ApiError.INVALID_PARAMETER.with("filename query parameter is required");
        }
        long declared = call.ctx.req().getContentLengthLong();
        if (declared > assets.maxUploadBytes()) {
            throw ApiError.FILE_TOO_BIG.with("'" + filename + "' is larger than the limit of " + assets.maxUploadBytes() + " bytes");
        }
        String[] target = targetOf(targetFolder(call, null), filename);
        try (InputStream in = call.ctx.req().getInputStream()) {
            respond(call, List.of(store(call, new IncomingFile(target[0], target[1], call.ctx.contentType(), in,
                    null, null, "en", List.of(), declared < 0 ? IncomingFile.UNKNOWN_SIZE : declared))));
        } catch (EofException e) {
            // The client went away mid-body (the partial blob is already removed): its error, not a server fault.
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the body ended before its declared length");
        }
    }

    // ------------------------------------------------------------------ shared

    /** Every upload path ends here: the meta, the key's scope and limits for the target folder, then the store. */
    private Placed store(ProjectCall call, IncomingFile file) throws IOException {
        assets.checkMeta(call.token(), file.meta()); // meta the model refuses spends no upload count
        return storeAdmitted(call, file);
    }

    /**
     * Admits the file into its folder (scope, then its upload count, unless one was reserved for it
     * before the body was read) and stores it.
     */
    private Placed storeAdmitted(ProjectCall call, IncomingFile file) throws IOException {
        boolean forceName = forceName(call);
        UploadResize resize = resize(call); // a malformed option spends no upload count
        UploadGrant admitted = call.access.admitUpload(call.access.writeFolder(file.folder()), file.size());
        volume.requireRoomForUploads();
        return assets.upload(admitted, file, resize, forceName, readableFiles(call), call.principal.id());
    }

    /**
     * Stores the bytes of a completed resumable (tus) upload, admitted when it was created, the way
     * every upload is stored, and returns the answer an upload gets; {@code product} (or null) is set
     * on the new file.
     */
    ObjectNode storeResumed(ProjectCall call, UploadGrant admitted, IncomingFile file, ProductStore.FileProduct product) throws IOException {
        volume.requireRoomForUploads();
        Placed placed = assets.upload(admitted, file, null, false, readableFiles(call), call.principal.id());
        if (product != null && placed.outcome() != AssetCatalog.Outcome.SKIPPED) {
            products.set(call.access.writeFile(placed.file()), product);
            productsSet(call).put(placed.file().uuid(), product);
        }
        return answer(call, List.of(placed));
    }

    /**
     * Where the caller may read files, so where known content may be named to it: its list scope when
     * it holds OBJECTS_FETCH, else nowhere (null: its uploads are never skipped as known content).
     */
    private static FolderScope readableFiles(ProjectCall call) {
        return call.principal.permissions().has(Permission.OBJECTS_FETCH) ? call.access.listScope() : null;
    }

    /**
     * {@code opt_force_name=1} (the Scaleflex uploader's "force the name, overwriting"): the upload
     * takes its name even when a file has it, as that file's new version, whatever the project's
     * duplicate settings say. {@code 0} or absent: the settings decide.
     */
    private static boolean forceName(ProjectCall call) {
        String value = call.query("opt_force_name");
        if (value == null || value.isEmpty()) return false;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiError.INVALID_PARAMETER.with("opt_force_name must be 1, true, 0 or false, not '" + value + "'");
        };
    }

    /** The upload option resize=W,H (null when absent): images are downscaled before they are stored. */
    private static UploadResize resize(ProjectCall call) {
        return UploadResize.parse(call.query("resize"));
    }

    private static String targetFolder(ProjectCall call, String fallback) {
        String folder = urlFolder(call);
        if (folder == null) folder = fallback;
        return AssetPaths.folder(folder != null ? folder : call.principal.uploadHome()); // an Airbox: its folder
    }

    /** The folder named in the URL (folder=, or dir= of the legacy route), if any. */
    private static String urlFolder(ProjectCall call) {
        return call.query("folder") != null ? call.query("folder") : call.query("dir");
    }

    /** A name may carry a path ("/php/b64.txt" absolute, "sub/x.txt" relative to the folder). */
    static String[] targetOf(String folder, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.INVALID_PARAMETER.with("the file has no name");
        }
        if (!name.contains("/")) {
            return new String[] {folder, AssetPaths.name(name, "name")};
        }
        return AssetPaths.split(name.startsWith("/") ? name : AssetPaths.join(folder, name));
    }

    /**
     * The stored files as {@code file} (the first) and {@code files}. Uploads skipped as known content
     * are listed in {@code skipped}; when every file was skipped the answer is the Scaleflex uploader's
     * {@code SAME_ASSET_EXISTS_SKIP_UPLOAD} (status 200: the uploader reads it as a success and then
     * fetches the existing file).
     */
    private void respond(ProjectCall call, List<Placed> placed) {
        call.ok(answer(call, placed));
    }

    private ObjectNode answer(ProjectCall call, List<Placed> placed) {
        List<Placed> stored = placed.stream().filter(p -> p.outcome() != AssetCatalog.Outcome.SKIPPED).toList();
        List<Placed> skipped = placed.stream().filter(p -> p.outcome() == AssetCatalog.Outcome.SKIPPED).toList();
        if (stored.isEmpty() && !skipped.isEmpty()) {
            return sameAssetExists(call, skipped);
        }
        ObjectNode body = Json.success();
        ArrayNode files = Json.array();
        Map<String, ProductStore.FileProduct> given = productsSet(call);
        for (Placed p : stored) {
            ObjectNode file = render(call, p);
            ProductStore.FileProduct product = given.get(p.file().uuid());
            if (product != null) file.set("product", AssetJson.product(product));
            files.add(file);
        }
        body.set("file", files.get(0));
        body.set("files", files);
        if (!skipped.isEmpty()) body.set("skipped", skippedList(skipped));
        body.putObject("info").put("uploaded_files", stored.size()).put("files_count", placed.size())
                .put("project_uuid", call.project.uuid()).put("company_uuid", call.project.companyId());
        return body;
    }

    /** A new file from what was read when it was placed (no read after the commit); a file given a new version as any existing file is rendered. */
    private ObjectNode render(ProjectCall call, Placed p) {
        boolean replaced = p.outcome() == AssetCatalog.Outcome.NEW_VERSION;
        ObjectNode file = replaced ? (ObjectNode) rendering.of(call).files(List.of(p.file())).get(0)
                : rendering.of(call).newFile(p.file(), p.folderVisibility());
        file.put("overwrite", replaced);
        if (replaced) file.put("replaced_version_uuid", p.archived().uuid());
        return file;
    }

    private ObjectNode sameAssetExists(ProjectCall call, List<Placed> skipped) {
        FileRecord existing = skipped.get(0).file();
        ObjectNode body = Json.object().put("status", "error").put("code", "SAME_ASSET_EXISTS_SKIP_UPLOAD")
                .put("msg", "the same content is already stored as " + existing.path() + ": the upload was skipped")
                .put("hint", "GET files/{existing_file_uuid} reads the existing file; this project's storage settings skip identical content.")
                .put("existing_file_uuid", existing.uuid()).put("similar_file_path", existing.path());
        body.set("skipped", skippedList(skipped));
        body.putObject("info").put("uploaded_files", 0).put("files_count", skipped.size())
                .put("project_uuid", call.project.uuid()).put("company_uuid", call.project.companyId());
        return body;
    }

    private static ArrayNode skippedList(List<Placed> skipped) {
        ArrayNode list = Json.array();
        skipped.forEach(p -> list.addObject().put("existing_file_uuid", p.file().uuid()).put("similar_file_path", p.file().path()));
        return list;
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
