package dev.assetgate.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.PasswordPass;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareService;
import dev.assetgate.store.FileRecord;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * The public side of shareboxes, without any key:
 * <ul>
 *   <li>{@code GET /{token}/v4/share/{puid}}: the share as JSON, its files and folders (live contents);</li>
 *   <li>{@code GET|HEAD /{token}/v4/share/{puid}/files/{uuid}}: the bytes of a file the share exposes now;</li>
 *   <li>{@code GET|POST /{token}/s/{puid}} (also {@code /{token}/v5/s/{puid}/{slug}}): a minimal HTML page listing
 *   the items, with a password form.</li>
 * </ul>
 * A protected share takes the password in {@code X-Share-Password} (or {@code ?password=}, which may
 * reach access logs) or the POSTed form, then an access token ({@code ?access=}, {@code X-Share-Access},
 * or the page's cookie). A share that is unknown, deleted, expired, not yet active or used up is one
 * answer: 404 SHARE_NOT_FOUND (an HTML 404 on the page). A "use" is one download of an item.
 */
public final class PublicShareRoutes {
    static final String PASSWORD_HEADER = "X-Share-Password";
    static final String ACCESS_HEADER = "X-Share-Access";
    private final ShareService shares;
    private final DeliveryRoutes delivery;

    public PublicShareRoutes(ShareService shares, DeliveryRoutes delivery) {
        this.shares = shares;
        this.delivery = delivery;
    }

    public void register(RouteTable routes) {
        routes.open(GET, "/{token}/v4/share/{puid}", this::read);
        routes.open(GET, "/{token}/v4/share/{puid}/files/{uuid}", this::download);
        routes.open(HEAD, "/{token}/v4/share/{puid}/files/{uuid}", this::download);
        routes.open(GET, "/{token}/s/{puid}", this::page);
        routes.open(POST, "/{token}/s/{puid}", this::unlock);
        // Filerobot's spelling of the share page (the slug is the title, for people; it changes nothing)
        routes.open(GET, "/{token}/v5/s/{puid}/{slug}", this::page);
        routes.open(POST, "/{token}/v5/s/{puid}/{slug}", this::unlock);
    }

    // ------------------------------------------------------------------ JSON and downloads

    private void read(Context ctx) {
        String token = ctx.pathParam("token");
        Share share = shares.open(token, ctx.pathParam("puid"));
        Optional<PasswordPass.Token> access = shares.authorise(share, accessToken(ctx), password(ctx), RequestFacts.clientIp(ctx));
        ShareService.Contents contents = shares.contents(share);
        String base = RequestFacts.baseUrl(ctx);
        String query = access.map(a -> "?access=" + a.value()).orElse("");
        ObjectNode body = Json.success();
        ObjectNode s = body.putObject("share");
        s.put("puid", share.puid());
        s.put("title", share.title());
        s.put("description", share.description());
        s.put("starts_at", ShareRoutes.time(share.startsAt()));
        s.put("expires_at", ShareRoutes.time(share.expiresAt()));
        s.put("download", share.download());
        s.put("password_protected", share.passwordProtected());
        ArrayNode files = body.putArray("files");
        for (ShareService.SharedFile shared : contents.files()) {
            FileRecord f = shared.file();
            ObjectNode o = files.addObject();
            o.put("uuid", f.uuid());
            o.put("name", f.name());
            o.put("extension", AssetJson.extension(f.name()));
            o.put("type", f.mime());
            o.putObject("size").put("bytes", f.size()).put("pretty", AssetJson.pretty(f.size()));
            o.put("created_at", AssetJson.time(f.createdAt()));
            o.put("modified_at", AssetJson.time(f.modifiedAt()));
            ObjectNode folder = o.putObject("folder");
            if (shared.folder() == null) folder.putNull("uuid");
            else folder.put("uuid", shared.folder().uuid());
            folder.put("path", shared.relativeFolder());
            if (share.download()) {
                o.putObject("url").put("download", base + fileUrl(token, share, f) + query);
            }
        }
        ArrayNode folders = body.putArray("folders");
        for (ShareService.SharedFolder shared : contents.folders()) {
            folders.addObject()
                    .put("uuid", shared.folder().uuid())
                    .put("name", shared.folder().isRoot() ? "/" : shared.folder().name())
                    .put("recursive", shared.subtree())
                    .put("files_count", shared.filesCount())
                    .put("files_size", shared.bytes())
                    .put("truncated", shared.truncated());
        }
        access.ifPresent(a -> body.putObject("access").put("token", a.value()).put("expires_at", a.expiresAt().toString()));
        ctx.header("Cache-Control", "no-store");
        HttpSupport.send(ctx, 200, body);
    }

    /**
     * Serves an item's bytes: the share must be open to the caller, the file one of its items now,
     * and downloads on. A GET from the first byte counts one use (a HEAD or the continuation of a
     * ranged download does not); counted last, so a refused request spends nothing.
     */
    private void download(Context ctx) throws IOException {
        Share share = shares.open(ctx.pathParam("token"), ctx.pathParam("puid"));
        shares.authorise(share, accessToken(ctx), password(ctx), RequestFacts.clientIp(ctx));
        FileRecord file = shares.member(share, ctx.pathParam("uuid"));
        if (!share.download()) {
            throw ApiError.SHARE_DOWNLOAD_DISABLED.with("downloads are turned off for this share");
        }
        if (countsAsUse(ctx, file)) shares.countUse(share);
        delivery.serve(ctx, file);
    }

    /** A GET answered from the file's first byte (the whole file, or a range from byte 0), exactly as {@link DeliveryRoutes} will answer it. */
    private static boolean countsAsUse(Context ctx, FileRecord file) {
        if (ctx.method() != GET) return false;
        try {
            DeliveryRoutes.ByteRange range = DeliveryRoutes.ByteRange.parse(ctx.header("Range"), file.size(), ctx.header("If-Range"),
                    "\"" + file.sha1() + "\"");
            return range == null || range.start() == 0;
        } catch (ApiException unsatisfiable) {
            return false; // refused with 416 by the delivery
        }
    }

    static String fileUrl(String token, Share share, FileRecord file) {
        return "/" + token + "/v4/share/" + share.puid() + "/files/" + file.uuid();
    }

    /** The access token: query, header, or the page's cookie. */
    static String accessToken(Context ctx) {
        String token = HttpSupport.query(ctx, "access");
        if (token == null) token = ctx.header(ACCESS_HEADER);
        if (token == null) token = ctx.cookie(SharePage.cookieName(ctx.pathParam("puid")));
        return token;
    }

    /** The password: the header (kept out of access logs), else the query parameter. */
    static String password(Context ctx) {
        String password = ctx.header(PASSWORD_HEADER);
        return password != null ? password : HttpSupport.query(ctx, "password");
    }

    // ------------------------------------------------------------------ the HTML page

    /** The share the page names, or the plain "not found" page (an unknown, expired or used-up share reveals nothing). */
    private Optional<Share> openForPage(Context ctx, String token) {
        try {
            return Optional.of(shares.open(token, ctx.pathParam("puid")));
        } catch (ApiException e) {
            SharePage.notFound(ctx);
            return Optional.empty();
        }
    }

    private void page(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<Share> opened = openForPage(ctx, token);
        if (opened.isEmpty()) {
            return;
        }
        Share share = opened.get();
        try {
            shares.authorise(share, accessToken(ctx), null, RequestFacts.clientIp(ctx));
        } catch (ApiException e) {
            SharePage.passwordForm(ctx, share, 401, null);
            return;
        }
        SharePage.listing(ctx, token, share, shares.contents(share));
    }

    /** The page the form was posted from, in its spelling, built from checked parts only (never an open redirect). */
    private static String pagePath(Context ctx, String token, Share share) {
        String slug = ctx.pathParamMap().get("slug");
        return slug == null ? "/" + token + "/s/" + share.puid()
                : "/" + token + "/v5/s/" + share.puid() + "/" + java.net.URLEncoder.encode(slug, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The password form's POST: right → a cookie with an access token and a redirect to the page (no resubmission on reload). */
    private void unlock(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<Share> opened = openForPage(ctx, token);
        if (opened.isEmpty()) {
            return;
        }
        Share share = opened.get();
        try {
            String password = ctx.formParam("password");
            shares.authorise(share, null, password, RequestFacts.clientIp(ctx))
                    .ifPresent(access -> SharePage.setCookie(ctx, token, share, access, RequestFacts.baseUrl(ctx).startsWith("https:")));
            ctx.status(303).header("Location", pagePath(ctx, token, share));
        } catch (ApiException e) {
            if (e.error == ApiError.RATE_LIMITED) {
                e.headers().forEach(ctx::header);
                SharePage.passwordForm(ctx, share, 429, "Too many attempts. Try again in " + e.headers().get("Retry-After") + " seconds.");
            } else if (e.error == ApiError.SHARE_PASSWORD_INVALID || e.error == ApiError.SHARE_PASSWORD_REQUIRED) {
                SharePage.passwordForm(ctx, share, 401, e.error == ApiError.SHARE_PASSWORD_INVALID ? "Wrong password." : "Enter the password.");
            } else {
                // e.g. the counters are down (503): the password was not checked; say so on the page
                e.headers().forEach(ctx::header);
                SharePage.passwordForm(ctx, share, e.error.status, "The share cannot be opened right now. Try again shortly.");
            }
        }
    }
}
