package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;

import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.AssetService;
import dev.assetgate.assets.DeliveryCache;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.images.Derivatives;
import dev.assetgate.images.ImageSettingsService;
import dev.assetgate.images.OutputFormats;
import dev.assetgate.images.Transformation;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.visibility.DeliverySigner;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.DateGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Serves file bytes: the permalink {@code /{token}/v4/get/{uuid}} (a key with OBJECTS_FETCH, or a
 * signed URL) and the CDN path {@code /{token}/cdn/{path}} (anonymous for public files, like
 * Filerobot's public CDN; otherwise a key with OBJECTS_FETCH within its listing scope, or a signed
 * URL). Conditional requests (ETag = SHA-1, Last-Modified) and single byte ranges are honoured.
 * Files are served with nosniff and a sandbox CSP, so an uploaded HTML or SVG cannot script this origin.
 * Cloudimage parameters ({@code w}, {@code h}, {@code func}, ...) on either path deliver a derivative
 * of an image instead (see images/Derivatives); a signed URL signs its transformation. Public files and
 * their derivatives on url.cdn may be cached by anyone ({@code cdn-max-age-seconds}); the rest stay private.
 * url.cdn finds files through {@link DeliveryCache}: a public small file is answered from memory, body
 * included, without a catalog or blob read (conditional and HEAD requests too).
 */
public final class DeliveryRoutes {
    private static final String PRIVATE_CACHING = "private, max-age=0, must-revalidate";
    private final AssetService assets;
    private final ProjectStore projects;
    private final DeliveryCache cdnFiles;
    private final DeliverySigner deliverySigner;
    private final Derivatives images;
    private final ImageSettingsService imageSettings;
    private final RouteTable routes;
    private final String publicCaching;

    public DeliveryRoutes(AssetService assets, ProjectStore projects, DeliveryCache cdnFiles, DeliverySigner deliverySigner,
                          Derivatives images, ImageSettingsService imageSettings, RouteTable routes, int cdnMaxAgeSeconds) {
        this.assets = assets;
        this.projects = projects;
        this.cdnFiles = cdnFiles;
        this.deliverySigner = deliverySigner;
        this.images = images;
        this.imageSettings = imageSettings;
        this.routes = routes;
        this.publicCaching = "public, max-age=" + cdnMaxAgeSeconds;
    }

    public void register(RouteTable routes) {
        for (var method : new io.javalin.http.HandlerType[] {GET, HEAD}) {
            // Open routes that authorise themselves: a signed URL stands in for the key.
            for (String version : List.of("v4", "v5")) {
                routes.open(method, "/{token}/" + version + "/get/{uuid}",
                        ctx -> routes.audited(ctx, ctx.pathParam("token"), c -> permalink(c, version)));
            }
            routes.open(method, "/{token}/cdn/<path>", this::cdn);
        }
    }

    private void permalink(Context ctx, String version) throws IOException {
        String token = ctx.pathParam("token");
        String uuid = ctx.pathParam("uuid");
        Transformation transformation = images.transformation(ctx::queryParam);
        DeliverySigner.Presented signature = DeliverySigner.presented(ctx::queryParam);
        if (signature != null) {
            deliverySigner.verify(token, uuid, signature, RequestFacts.clientIp(ctx), transformation.canonical());
            deliver(ctx, assets.file(token, uuid), transformation, PRIVATE_CACHING);
            return;
        }
        ProjectCall call = routes.authorise(ctx, token, version, Need.all(OBJECTS_FETCH));
        FileRecord file = assets.file(call.token(), uuid);
        call.access.readFolder(file.folderPath());
        deliver(ctx, file, transformation, PRIVATE_CACHING);
    }

    /**
     * A public file is served to anyone, whatever credentials come along. Otherwise a signed URL or a
     * key decides; without either, a file that is not public answers exactly like a missing one, so
     * anonymous callers learn neither which private files exist nor which project tokens do.
     */
    private void cdn(Context ctx) throws IOException {
        String token = ctx.pathParam("token");
        String[] path = AssetPaths.split(ctx.pathParam("path"));
        Transformation transformation = images.transformation(ctx::queryParam);
        // the project first (held in memory too): a deleted project's files are gone at once
        Optional<DeliveryCache.Held> held = projects.find(token).flatMap(p -> cdnFiles.find(p.token(), path[0], path[1]));
        Optional<FileRecord> file = held.map(DeliveryCache.Held::file);
        if (held.isPresent() && held.get().isPublic()) {
            if (transformation.isNone()) serve(ctx, file.get(), publicCaching, held.get().bytes());
            else deliver(ctx, file.get(), transformation, publicCaching);
            return;
        }
        DeliverySigner.Presented signature = DeliverySigner.presented(ctx::queryParam);
        if (signature != null) {
            // no file here: refused like a wrong signature, so a made-up one cannot probe for names
            deliverySigner.verify(token, file.map(FileRecord::uuid).orElse(null), signature, RequestFacts.clientIp(ctx),
                    transformation.canonical());
            deliver(ctx, file.orElseThrow(), transformation, PRIVATE_CACHING);
            return;
        }
        if (ctx.header(RouteTable.KEY_HEADER) != null) {
            ProjectCall call = routes.authorise(ctx, token, "v4", Need.all(OBJECTS_FETCH));
            call.access.readFolder(path[0]);
            deliver(ctx, file.orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file at " + AssetPaths.join(path[0], path[1]))),
                    transformation, PRIVATE_CACHING);
            return;
        }
        throw ApiError.FILE_NOT_FOUND.with("no public file at " + AssetPaths.join(path[0], path[1]),
                "Check the path; a file that is not public needs a key with OBJECTS_FETCH or a signed URL.");
    }

    /**
     * The file as asked: its bytes, or a derivative when the query transforms an image. {@code asked}
     * is the transformation as the URL (and its signature) says; its output format is decided here,
     * from the engine and, without force_format, from Accept (then the answer says Vary: Accept).
     */
    private void deliver(Context ctx, FileRecord file, Transformation asked, String caching) throws IOException {
        if (asked.isNone() || !Derivatives.transformable(file)) { // other files ignore image parameters, as Cloudimage does
            serve(ctx, file, caching);
            return;
        }
        if (!imageSettings.get(file.project()).allows(asked, PreviewUrls.BUILT_IN)) {
            throw ApiError.TRANSFORMATION_NOT_ALLOWED.with("this project allows on url.cdn only its presets and allowed sizes, not " + asked.canonical());
        }
        OutputFormats.Choice choice = images.negotiate(asked, ctx.header("Accept"));
        Transformation t = choice.transformation();
        if (choice.variesWithAccept()) addVary(ctx, "Accept"); // also on a refusal: another Accept could get another answer
        String etag = "\"" + Derivatives.etag(file, t) + "\"";
        if (notModified(ctx, etag, file)) { // known without computing the derivative
            describe(ctx, file, etag, caching);
            ctx.contentType(file.mime()); // as for the original: not text/plain, which ORB would block
            ctx.status(304);
            return;
        }
        Derivatives.Derivative d = images.of(file, t); // a refusal here carries no validator nor public caching
        if (d.isOriginal()) { // org_if_sml and the source is no larger than asked
            serve(ctx, file, caching);
            return;
        }
        describe(ctx, file, etag, caching);
        ctx.header("X-Derivative-Cache", d.computed() ? "miss" : "hit");
        ctx.contentType(d.mime());
        ctx.header("Content-Length", Long.toString(d.size()));
        if (ctx.method() == HEAD) return;
        ByteBuffer small = images.bytes(d);
        if (small != null) {
            ResponseBody.send(ctx, small); // held in memory: no catalog lookup, no blob read, no copy of ours
            return;
        }
        try (InputStream in = images.open(d)) {
            ResponseBody.send(ctx, in);
        }
    }

    /** Adds to Vary rather than replacing it (CORS may have said Vary: Origin). */
    private static void addVary(Context ctx, String header) {
        String present = ctx.res().getHeader("Vary");
        ctx.header("Vary", present == null || present.isBlank() ? header : present + ", " + header);
    }

    /** The bytes of a file the caller may have (also the share downloads of PublicShareRoutes). */
    void serve(Context ctx, FileRecord file) throws IOException {
        serve(ctx, file, PRIVATE_CACHING);
    }

    private void serve(Context ctx, FileRecord file, String caching) throws IOException {
        serve(ctx, file, caching, null);
    }

    /** {@code held}: the file's bytes when in memory (then written to the socket as they are), else null. */
    private void serve(Context ctx, FileRecord file, String caching, ByteBuffer held) throws IOException {
        String etag = "\"" + file.sha1() + "\"";
        describe(ctx, file, etag, caching);
        ctx.header("Accept-Ranges", "bytes");
        if (notModified(ctx, etag, file)) {
            // The real type, not Javalin's default text/plain: with nosniff, Chromium's ORB blocked
            // thumbnails revalidated by a 304 after a page reload (seen in the widget e2e test).
            ctx.contentType(file.mime());
            ctx.status(304);
            return;
        }
        ByteRange range;
        try {
            range = ByteRange.parse(ctx.header("Range"), file.size(), ctx.header("If-Range"), etag);
        } catch (ApiException unsatisfiable) {
            throw unsatisfiable.header("Content-Range", "bytes */" + file.size()); // RFC 9110 §14.4: a 416 tells the current length
        }
        long offset = 0;
        long length = file.size();
        if (range != null) {
            offset = range.start();
            length = range.length();
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + file.size());
        }
        ctx.contentType(file.mime());
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method() == HEAD) {
            return;
        }
        if (held != null) {
            ResponseBody.send(ctx, held.position((int) offset).limit((int) (offset + length))); // no copy of ours
            return;
        }
        try (InputStream in = assets.open(file, offset, length)) {
            ResponseBody.send(ctx, in);
        }
    }

    /** The headers every delivery carries, derivative or not. */
    private static void describe(Context ctx, FileRecord file, String etag, String caching) {
        // The stored bytes as they are: their length, ranges and ETag name those bytes, so they are
        // never gzipped on the way (Javalin would, above 1500 bytes, and cut a length it did not set).
        ctx.disableCompression();
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", DateGenerator.formatDate(file.modifiedAt())); // IMF-fixdate: Java's RFC 1123 writes "4 Dec", not "04 Dec"
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'");
        ctx.header("Cache-Control", caching);
        String disposition = Listing.flag(ctx.queryParam("download")) ? "attachment" : "inline";
        ctx.header("Content-Disposition", disposition + "; filename*=UTF-8''"
                + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static boolean notModified(Context ctx, String etag, FileRecord file) {
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) return true;
            }
            return false;
        }
        String since = ctx.header("If-Modified-Since");
        if (since != null) {
            try {
                var when = java.time.ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !file.modifiedAt().truncatedTo(ChronoUnit.SECONDS).isAfter(when);
            } catch (java.time.format.DateTimeParseException ignored) {
                return false;
            }
        }
        return false;
    }

    /** One byte range of a file; multi-range requests are answered with the whole file. */
    record ByteRange(long start, long end) {
        long length() {
            return end - start + 1;
        }

        static ByteRange parse(String header, long size, String ifRange, String etag) {
            if (header == null || !header.startsWith("bytes=") || header.contains(",")) return null;
            if (ifRange != null && !ifRange.equals(etag)) return null;
            String spec = header.substring(6).trim();
            int dash = spec.indexOf('-');
            if (dash < 0) return null;
            try {
                String from = spec.substring(0, dash).trim();
                String to = spec.substring(dash + 1).trim();
                long start;
                long end;
                if (from.isEmpty()) { // suffix: the last N bytes
                    long n = Long.parseLong(to);
                    if (n <= 0) throw unsatisfiable(size);
                    start = Math.max(0, size - n);
                    end = size - 1;
                } else {
                    start = Long.parseLong(from);
                    end = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
                }
                if (start >= size || start > end) throw unsatisfiable(size);
                return new ByteRange(start, end);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static ApiException unsatisfiable(long size) {
            return ApiError.RANGE_NOT_SATISFIABLE.with("the range is outside the file of " + size + " bytes");
        }
    }
}
