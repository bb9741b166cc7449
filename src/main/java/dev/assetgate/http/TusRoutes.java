package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_PRODUCT_CHANGE;
import static dev.assetgate.access.Permission.FILE_UPLOAD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Count;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.Need;
import dev.assetgate.access.Principal;
import dev.assetgate.access.UploadGrant;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.assets.IncomingFile;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.products.ProductStore;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.tus.TusPart;
import dev.assetgate.tus.TusService;
import dev.assetgate.tus.TusUpload;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.io.EofException;

/**
 * Resumable uploads, tus 1.0.0 (core, creation, creation-with-upload, expiration, termination), at
 * {@code /{token}/v4|v5/tus/files}: the Scaleflex uploader pointed at it as its Companion
 * ({@code tusConfig.endpoint} = that URL, {@code tusConfig.jsonBase} = {@code .../tus/json}) works as
 * it does against Filerobot's. Everything an upload is held to is decided at the creation, from the
 * declared length and metadata, through the same {@link dev.assetgate.access.Access} as any upload
 * (scope, counts, size, byte quotas: counted there, once); every later call must come from a key of the
 * same owner; the bytes are checked (type, image size) and stored as a file through the normal upload
 * path when the last one has arrived. See docs/resumable-uploads.md.
 */
public final class TusRoutes {
    static final String VERSION = "1.0.0";
    private static final String OFFSET_TYPE = "application/offset+octet-stream";
    private final TusService tus;
    private final AssetService assets;
    private final UploadRoutes uploads;

    public TusRoutes(TusService tus, AssetService assets, UploadRoutes uploads) {
        this.tus = tus;
        this.assets = assets;
        this.uploads = uploads;
    }

    public void register(RouteTable routes) {
        routes.project(HandlerType.POST, "/tus/files", Need.all(FILE_UPLOAD).counting(Count.UPLOAD), this::create);
        routes.project(HandlerType.HEAD, "/tus/files/{id}", Need.all(FILE_UPLOAD), this::head);
        routes.project(HandlerType.PATCH, "/tus/files/{id}", Need.all(FILE_UPLOAD).counting(Count.RESUMED), this::patch);
        routes.project(HandlerType.DELETE, "/tus/files/{id}", Need.all(FILE_UPLOAD), this::terminate);
        // The Companion's json/{fileId}: read without a key (the uploader sends none); the 128-bit upload id is the capability.
        for (String version : List.of("v4", "v5")) {
            routes.open(HandlerType.GET, "/{token}/" + version + "/tus/json/{id}", this::result);
        }
    }

    // ------------------------------------------------------------------ creation

    /**
     * Decides everything before anything is stored: the name and folder from Upload-Metadata, the
     * folder against the key's upload scope, the length against the key's and the server's size
     * limits, then the counted limits (an upload, its bytes) — kept when the creation succeeds, never
     * counted again.
     */
    private void create(ProjectCall call) throws IOException {
        started(call);
        if (call.ctx.header("Upload-Defer-Length") != null) {
            throw ApiError.INVALID_PARAMETER.with("Upload-Defer-Length is not supported: declare Upload-Length",
                    "Send Upload-Length (the whole file's size in bytes) with the creation.");
        }
        long length = nonNegative(call.ctx, "Upload-Length");
        Map<String, String> meta = metadata(call.ctx.header("Upload-Metadata"));
        String name = first(meta, "name", "filename");
        String[] target = UploadRoutes.targetOf(AssetPaths.folder(first(meta, "filerobot-folder", "folder")), name);
        String type = first(meta, "type", "filetype");
        ProductStore.FileProduct product = product(meta.get("product"));
        if (product != null) call.access.require(FILE_PRODUCT_CHANGE);
        FolderGrant folder = call.access.writeFolder(target[0]);
        if (length > assets.maxUploadBytes()) throw tooBig(name, length, assets.maxUploadBytes(), "max-upload-bytes");
        UploadGrant admitted = call.access.admitUpload(folder, length); // counted here, once (given back if this creation fails)
        UploadLimit limit = assets.effective(admitted.limit());
        if (length > limit.bytes()) throw tooBig(name, length, limit.bytes(), limit.rule());
        TusUpload upload = tus.create(call.token(), owner(call.principal), target[0], target[1], type,
                product == null ? null : meta.get("product"), length);
        call.ctx.header("Location", "/" + call.token() + "/" + call.version + "/tus/files/" + upload.id());
        if (OFFSET_TYPE.equals(mediaType(call.ctx)) || length == 0) { // creation-with-upload (or an empty file: complete at once)
            try {
                upload = receive(call, upload, 0, admitted);
            } catch (IOException | RuntimeException e) {
                tus.delete(upload); // the creation failed, so its counts go back: it leaves no upload either
                throw e;
            }
        }
        answered(call, 201, upload);
    }

    // ------------------------------------------------------------------ the rest of the protocol

    private void head(ProjectCall call) {
        started(call);
        TusUpload upload = find(call);
        call.access.writeFolder(upload.folder()); // a key that lost the folder no longer sees its upload
        call.ctx.header("Upload-Length", Long.toString(upload.length()));
        call.ctx.header("Cache-Control", "no-store");
        answered(call, 200, upload);
    }

    private void patch(ProjectCall call) throws IOException {
        started(call);
        if (!OFFSET_TYPE.equals(mediaType(call.ctx))) {
            throw ApiError.UNSUPPORTED_MEDIA_TYPE.with("a PATCH carries Content-Type " + OFFSET_TYPE + ", not " + call.ctx.contentType(),
                    "Send the bytes with Content-Type: " + OFFSET_TYPE + ".");
        }
        long offset = nonNegative(call.ctx, "Upload-Offset");
        TusUpload upload = find(call);
        FolderGrant folder = call.access.writeFolder(upload.folder());
        answered(call, 204, receive(call, upload, offset, call.access.completeResumedUpload(folder, upload.length())));
    }

    private void terminate(ProjectCall call) {
        started(call);
        TusUpload upload = find(call);
        call.access.writeFolder(upload.folder());
        tus.delete(upload);
        call.ctx.status(204);
    }

    private void result(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String result = tus.result(ctx.pathParam("token"), ctx.pathParam("id")).orElseThrow(() ->
                ApiError.UPLOAD_NOT_FOUND.with("no completed resumable upload " + ctx.pathParam("id"),
                        "The answer of a completed upload is kept for tus-ttl after it completed; an unfinished upload has none yet."));
        ctx.status(200).contentType("application/json").result(result);
    }

    // ------------------------------------------------------------------ shared

    /**
     * Appends the request's body at {@code offset}; when it was the last byte, stores the file. A
     * completion refused for its content (type, image size, a taken name) ends the upload, since
     * the same bytes would be refused again; one that failed for the server's reason takes back the
     * last part, so the client can send it once more.
     */
    private TusUpload receive(ProjectCall call, TusUpload upload, long offset, UploadGrant grant) throws IOException {
        TusUpload now;
        try (InputStream body = call.ctx.req().getInputStream()) {
            now = tus.append(upload, offset, body);
        } catch (EofException e) {
            throw ApiError.ERR_UNPROCESSABLE_ENTITY.with("the body ended before it was complete: nothing of it was kept",
                    "HEAD the upload and send the bytes from its Upload-Offset again.");
        }
        long head = Math.min(AssetService.headBytes(), now.length());
        if (now.offset() < now.length()) {
            if (offset < head && now.offset() >= head) checkHead(now, grant); // the first bytes are in: a lie ends the upload now
            return now;
        }
        List<TusPart> parts = tus.parts(now);
        try (InputStream bytes = tus.bytes(parts)) {
            ObjectNode answer = uploads.storeResumed(call, grant, new IncomingFile(now.folder(), now.name(), now.declaredType(), bytes,
                    null, null, "en", List.of(), now.length()), storedProduct(now));
            JsonNode file = answer.path("file");
            String uuid = file.isObject() ? file.path("uuid").asText() : answer.path("existing_file_uuid").asText();
            tus.finish(now, parts, uuid, Json.MAPPER.writeValueAsString(answer));
            return now;
        } catch (ApiException refused) {
            if (refused.error.status < 500) tus.delete(now);
            else if (!parts.isEmpty()) tus.rewind(now, parts.get(parts.size() - 1));
            throw refused;
        } catch (IOException | RuntimeException failed) {
            if (!parts.isEmpty()) tus.rewind(now, parts.get(parts.size() - 1));
            throw failed;
        }
    }

    private void checkHead(TusUpload upload, UploadGrant grant) throws IOException {
        try (InputStream bytes = tus.bytes(tus.parts(upload))) {
            assets.checkHead(grant, upload.name(), bytes);
        } catch (ApiException refused) {
            tus.delete(upload);
            throw refused;
        }
    }

    private TusUpload find(ProjectCall call) {
        return tus.find(call.token(), call.ctx.pathParam("id"), owner(call.principal));
    }

    /**
     * Who may continue an upload: the API key that created it, or any key of the template (and
     * subject) of the SASS key that did, since the uploader renews its SASS key during a long upload.
     */
    static String owner(Principal principal) {
        if (principal instanceof SassPrincipal sass) {
            String sub = sass.subject();
            return "template:" + sass.claims().templateId() + (sub == null ? "" : ":sub:" + sub);
        }
        return "key:" + principal.id();
    }

    private static void started(ProjectCall call) {
        call.ctx.header("Tus-Resumable", VERSION);
        String version = call.ctx.header("Tus-Resumable");
        if (!VERSION.equals(version)) {
            throw ApiError.TUS_VERSION_UNSUPPORTED.with("Tus-Resumable " + (version == null ? "is missing" : version + " is not supported"))
                    .header("Tus-Version", VERSION).header("Tus-Resumable", VERSION);
        }
    }

    private void answered(ProjectCall call, int status, TusUpload upload) {
        call.ctx.header("Upload-Offset", Long.toString(upload.offset()));
        if (!upload.complete() && upload.offset() < upload.length()) {
            call.ctx.header("Upload-Expires", DateGenerator.formatDate(upload.expiresAt()));
        }
        call.ctx.status(status);
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) return "";
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static long nonNegative(Context ctx, String header) {
        String raw = ctx.header(header);
        if (raw == null) throw ApiError.INVALID_PARAMETER.with(header + " is required", "Send " + header + " as a whole number of bytes.");
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) return value;
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiError.INVALID_PARAMETER.with(header + " must be a whole number of bytes, 0 or more, not '" + raw + "'");
    }

    /** Upload-Metadata: comma-separated "key base64(value)" pairs (a key alone has an empty value). */
    static Map<String, String> metadata(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) return out;
        for (String pair : header.split(",")) {
            String[] kv = pair.trim().split(" ", -1);
            if (kv.length > 2 || kv[0].isEmpty() || out.containsKey(kv[0])) {
                throw ApiError.INVALID_PARAMETER.with("Upload-Metadata is malformed near '" + pair.trim() + "'",
                        "Send comma-separated pairs of a unique key and its base64 value.");
            }
            try {
                out.put(kv[0], kv.length == 1 ? "" : new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.INVALID_PARAMETER.with("Upload-Metadata " + kv[0] + " is not base64");
            }
        }
        return out;
    }

    private static String first(Map<String, String> meta, String name, String alias) {
        String value = meta.get(name);
        return value != null && !value.isEmpty() ? value : meta.get(alias);
    }

    /** The product metadata (the uploader's JSON {ref, position}), or null when absent or empty. */
    private static ProductStore.FileProduct product(String json) {
        if (json == null || json.isBlank()) return null;
        JsonNode node = Json.parseInput(json.getBytes(StandardCharsets.UTF_8), "product");
        return ProductRoutes.product(node.has("product") ? node.get("product") : node);
    }

    private static ProductStore.FileProduct storedProduct(TusUpload upload) {
        return upload.product() == null ? null : product(upload.product());
    }

    private static ApiException tooBig(String name, long length, long limit, String rule) {
        return ApiError.FILE_TOO_BIG.with("'" + name + "' (Upload-Length " + length + ") is larger than the limit of " + limit + " bytes",
                "Rule: " + rule);
    }
}
