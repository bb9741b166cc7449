package dev.assetgate.http;

import static dev.assetgate.http.PublicHtml.escape;
import static dev.assetgate.http.PublicHtml.sha256;

import dev.assetgate.access.PasswordPass;
import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareService;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.assetgate.store.Folder;

/**
 * The public HTML page of a share: server-rendered, no script, no external resource, every text
 * HTML-escaped, under a Content-Security-Policy that allows nothing but its own inline style (by
 * hash) and form posts to this origin, and that forbids framing.
 */
final class SharePage {
    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}"
            + "h1{font-size:1.6rem;margin:0 0 .5rem}p.d{white-space:pre-line;color:#444}ul{padding-left:1.2rem}li{margin:.2rem 0}"
            + "span.s{color:#777;font-size:.9em;margin-left:.5rem}h2{font-size:1.1rem;margin:1.5rem 0 .3rem}"
            + "form{margin-top:1rem}input{font:inherit;padding:.3rem}button{font:inherit;padding:.3rem .8rem}p.e{color:#b00020}";
    static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private SharePage() {}

    static String cookieName(String puid) {
        return "agshare_" + puid;
    }

    /** The access token as an HttpOnly cookie for this project's paths (the page and the downloads). */
    static void setCookie(Context ctx, String token, Share share, PasswordPass.Token access, boolean secure) {
        long maxAge = Math.max(0, Duration.between(java.time.Instant.now(), access.expiresAt()).toSeconds());
        ctx.header("Set-Cookie", cookieName(share.puid()) + "=" + access.value() + "; Path=/" + token + "/; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    static void notFound(Context ctx) {
        send(ctx, 404, "Share not found", "<h1>Share not found</h1><p>This share does not exist or is no longer available.</p>");
    }

    static void passwordForm(Context ctx, Share share, int status, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(share.title())).append("</h1>");
        body.append("<p>This share is protected by a password.</p>");
        if (error != null) body.append("<p class=\"e\">").append(escape(error)).append("</p>");
        body.append("<form method=\"post\"><label>Password <input type=\"password\" name=\"password\" required autofocus "
                + "autocomplete=\"current-password\"></label> <button type=\"submit\">Open</button></form>");
        send(ctx, status, share.title(), body.toString());
    }

    static void listing(Context ctx, String token, Share share, ShareService.Contents contents) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(share.title())).append("</h1>");
        if (!share.description().isBlank()) body.append("<p class=\"d\">").append(escape(share.description())).append("</p>");
        if (contents.files().isEmpty()) body.append("<p>This share is empty.</p>");
        // one section per shared folder (and sub-folder), in the order they first appear
        Map<String, List<ShareService.SharedFile>> sections = new LinkedHashMap<>();
        for (ShareService.SharedFile shared : contents.files()) {
            sections.computeIfAbsent(shared.folder() == null ? "Files" : folderHeading(shared), k -> new ArrayList<>()).add(shared);
        }
        sections.forEach((heading, files) -> {
            body.append("<h2>").append(escape(heading)).append("</h2><ul>");
            for (ShareService.SharedFile shared : files) {
                body.append("<li>");
                if (share.download()) {
                    body.append("<a href=\"").append(escape(PublicShareRoutes.fileUrl(token, share, shared.file()) + "?download=1"))
                            .append("\">").append(escape(shared.file().name())).append("</a>");
                } else {
                    body.append(escape(shared.file().name()));
                }
                body.append("<span class=\"s\">").append(escape(AssetJson.pretty(shared.file().size()))).append("</span></li>");
            }
            body.append("</ul>");
        });
        for (ShareService.SharedFolder folder : contents.folders()) {
            if (folder.truncated()) {
                body.append("<p>").append(escape(name(folder.folder()))).append(": the first ").append(ShareService.MAX_FILES_PER_FOLDER)
                        .append(" of ").append(folder.filesCount()).append(" files are listed.</p>");
            }
        }
        if (!share.download()) body.append("<p>Downloads are turned off for this share.</p>");
        if (share.expiresAt() != null) body.append("<p><small>Available until ").append(escape(share.expiresAt().toString())).append("</small></p>");
        send(ctx, 200, share.title(), body.toString());
    }

    private static String folderHeading(ShareService.SharedFile shared) {
        String name = name(shared.folder());
        return shared.relativeFolder().equals("/") ? name : name + shared.relativeFolder();
    }

    private static String name(Folder folder) {
        return folder.isRoot() ? "/" : folder.name();
    }

    private static void send(Context ctx, int status, String title, String body) {
        PublicHtml.send(ctx, status, CSP, STYLE, title, body);
    }
}
