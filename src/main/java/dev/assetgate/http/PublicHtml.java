package dev.assetgate.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The public HTML pages (a share, an Airbox): one self-contained document per answer, its inline
 * style and script allowed by hash in the page's Content-Security-Policy, never framed, never cached,
 * every text HTML-escaped.
 */
final class PublicHtml {
    private PublicHtml() {}

    /** Sends the page; {@code body} is the inside of {@code <body>}, already escaped. */
    static void send(Context ctx, int status, String csp, String style, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + escape(title) + "</title><style>" + style + "</style></head><body>" + body + "</body></html>";
        ctx.status(status);
        ctx.header("Content-Security-Policy", csp);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html);
    }

    /** Escapes the five characters that matter in HTML text and quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The CSP source of an inline style or script: {@code sha256-<base64 digest>}. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
