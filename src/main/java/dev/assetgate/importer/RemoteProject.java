package dev.assetgate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One project of a Filerobot-compatible server (Assetgate, or Filerobot itself), spoken to with an
 * API secret key in {@code X-Filerobot-Key}. Every call goes through {@link Retrying}: a 429 or 503
 * waits for the server's {@code Retry-After}, a dropped connection is tried again a few times.
 */
public final class RemoteProject {
    private final String baseUrl;
    private final String token;
    private final String key;
    private final HttpClient http;
    private final Retrying retrying;

    public RemoteProject(String baseUrl, String token, String key, Retrying retrying) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.key = key;
        this.retrying = retrying;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String describe() {
        return baseUrl + "/" + token;
    }

    /** {@code path} is below {@code /{token}}, e.g. {@code /v4/files?folder=%2F}. */
    public JsonNode get(String path) throws IOException {
        return json(() -> request(path).GET().build());
    }

    public JsonNode send(String method, String path, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        return json(() -> request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * Streams a body of {@code size} bytes with {@code PUT}: the bytes are never all in memory, and a
     * retried attempt opens the source again.
     */
    public JsonNode putStream(String path, Source.Opener body, long size, String contentType) throws IOException {
        return json(() -> {
            HttpRequest.Builder b = request(path);
            if (contentType != null && !contentType.isBlank()) b.header("Content-Type", contentType);
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return body.open();
                } catch (IOException e) {
                    throw new SourceUnreadable(e);
                }
            });
            return b.PUT(HttpRequest.BodyPublishers.fromPublisher(stream, size)).timeout(Duration.ofHours(6)).build();
        });
    }

    /**
     * The bytes at {@code url}, streamed. The key goes along only to this server's own URLs, never to
     * another host a listing might name.
     */
    public InputStream download(String url) throws IOException {
        HttpResponse<InputStream> r = retrying.call(describe(), () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofHours(6));
            if (url.startsWith(baseUrl + "/")) b.header("X-Filerobot-Key", key);
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }, answer -> {
            if (answer.statusCode() / 100 != 2) close(answer.body());
            return answer.statusCode();
        });
        if (r.statusCode() != 200) {
            throw new RemoteException(r.statusCode(), "DOWNLOAD_FAILED", "GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // an answer not read
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/" + token + path))
                .timeout(Duration.ofMinutes(5))
                .header("X-Filerobot-Key", key)
                .header("Accept", "application/json");
    }

    private JsonNode json(RequestMaker maker) throws IOException {
        HttpResponse<byte[]> r = retrying.call(describe(), () -> http.send(maker.make(), HttpResponse.BodyHandlers.ofByteArray()),
                HttpResponse::statusCode);
        JsonNode body;
        try {
            body = r.body().length == 0 ? Json.object() : Json.MAPPER.readTree(r.body());
        } catch (IOException notJson) {
            throw new RemoteException(r.statusCode(), "NOT_JSON", "the server answered " + r.statusCode()
                    + " with no JSON: is " + baseUrl + " a Filerobot-compatible API?");
        }
        if (r.statusCode() / 100 != 2 || "error".equals(body.path("status").asText())) {
            throw new RemoteException(r.statusCode(), body.path("code").asText("HTTP_" + r.statusCode()),
                    body.path("msg").asText(body.path("message").asText("the server answered " + r.statusCode())));
        }
        return body;
    }

    /** A query parameter value, percent-encoded. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static ObjectNode body() {
        return Json.object();
    }

    @FunctionalInterface
    private interface RequestMaker {
        HttpRequest make() throws IOException;
    }

    /** The source failed while its bytes were being sent: the source's fault, not the server's. */
    static final class SourceUnreadable extends RuntimeException {
        SourceUnreadable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
