package dev.assetgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A console in a browser (console/ and http/PermissionBoundariesTest), as far as the server can tell: it signs in with a key, then sends only
 * the session cookie (and, when told to, the X-CSRF-Token header). Cookies are handled by hand so
 * that tests see every Set-Cookie attribute.
 */
public final class Browser {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final String base;
    public String cookie;
    public String csrf;
    /** Sent with every request when set (e.g. X-Forwarded-Proto, X-Filerobot-Key). */
    public final List<String> extraHeaders = new ArrayList<>();

    public Browser(String base) {
        this.base = base;
    }

    /** Signs in with {@code key}; asserts success and keeps the cookie and CSRF token. */
    public static Browser signedIn(String base, String key) {
        Browser b = new Browser(base);
        Api.Response r = b.signIn(key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return b;
    }

    public Api.Response signIn(String key) {
        Api.Response r = send("POST", "/admin/v1/session", "application/json",
                "{\"key\":" + (key == null ? "null" : "\"" + key + "\"") + "}", false);
        String set = r.header("Set-Cookie");
        if (r.status() == 200 && set != null) {
            cookie = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
            csrf = r.json().path("session").path("csrf_token").asText();
        }
        return r;
    }

    public Api.Response get(String path) {
        return send("GET", path, null, null, false);
    }

    /** A state change carrying the CSRF token. */
    public Api.Response write(String method, String path, String json) {
        return send(method, path, json == null ? null : "application/json", json, true);
    }

    /** A state change without the CSRF token (what a forged cross-site request could send at best). */
    public Api.Response writeWithoutCsrf(String method, String path, String json) {
        return send(method, path, json == null ? null : "application/json", json, false);
    }

    public Api.Response send(String method, String path, String contentType, String body, boolean withCsrf) {
        return sendWithCsrfHeader(method, path, contentType, body, withCsrf ? csrf : null);
    }

    /** With exactly this X-CSRF-Token header (none when null). */
    public Api.Response sendWithCsrfHeader(String method, String path, String contentType, String body, String csrfHeader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (cookie != null) b.header("Cookie", "other=1; assetgate_session=" + cookie);
        if (csrfHeader != null) b.header("X-CSRF-Token", csrfHeader);
        for (int i = 0; i < extraHeaders.size(); i += 2) b.header(extraHeaders.get(i), extraHeaders.get(i + 1));
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

}
