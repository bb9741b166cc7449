package dev.assetgate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One project of a Filerobot-compatible server (Assetgate, or Filerobot itself), spoken to with an
 * API secret key in {@code X-Filerobot-Key}. Every call goes through {@link Retrying}: a 429 or 503
 * waits for the server's {@code Retry-After}, a dropped connection is tried again a few times.
 *
 * <p>On the JDK's {@link HttpURLConnection}: a body is streamed through one reused buffer per call
 * (fixed-length streaming mode), so a 1 GB file costs no more memory than a small one; the JDK's
 * newer HttpClient allocates a new buffer for every chunk it sends or receives, and that garbage
 * grows the importer's resident memory with the file.
 */
public final class RemoteProject {
    private static final int BUFFER = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private final String baseUrl;
    private final String token;
    private final String key;
    private final Retrying retrying;

    public RemoteProject(String baseUrl, String token, String key, Retrying retrying) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.key = key;
        this.retrying = retrying;
    }

    public String describe() {
        return baseUrl + "/" + token;
    }

    /** {@code path} is below {@code /{token}}, e.g. {@code /v4/files?folder=%2F}. */
    public JsonNode get(String path) throws IOException {
        return json("GET", path, null, -1, null);
    }

    public JsonNode send(String method, String path, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        return json(method, path, () -> new java.io.ByteArrayInputStream(bytes), bytes.length, "application/json");
    }

    /**
     * Streams a body of {@code size} bytes with {@code PUT}: the bytes are never all in memory, and a
     * retried attempt opens the source again.
     */
    public JsonNode putStream(String path, Source.Opener body, long size, String contentType) throws IOException {
        return json("PUT", path, body, size, contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType);
    }

    /**
     * The bytes at {@code url}, streamed. The key goes along only to this server's own URLs, never to
     * another host a listing might name.
     */
    public InputStream download(String url) throws IOException {
        Download d = retrying.call(describe(), () -> {
            HttpURLConnection c = connect(url, "GET");
            if (url.startsWith(baseUrl + "/")) c.setRequestProperty("X-Filerobot-Key", key);
            int status = c.getResponseCode();
            return new Download(status, c.getHeaderField("Retry-After"), status >= 400 ? c.getErrorStream() : c.getInputStream());
        });
        if (d.status() != 200) {
            d.discard();
            throw new RemoteException(d.status(), "DOWNLOAD_FAILED", "GET " + url + " answered " + d.status());
        }
        return d.body();
    }

    private JsonNode json(String method, String path, Source.Opener body, long size, String contentType) throws IOException {
        Reply r = retrying.call(describe(), () -> {
            HttpURLConnection c = connect(baseUrl + "/" + token + path, method);
            c.setRequestProperty("X-Filerobot-Key", key);
            c.setRequestProperty("Accept", "application/json");
            if (body != null) {
                c.setRequestProperty("Content-Type", contentType);
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(size);
                try (OutputStream out = c.getOutputStream()) {
                    copy(body, out);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes;
            try (InputStream answer = in) {
                bytes = answer == null ? new byte[0] : answer.readAllBytes();
            }
            return new Reply(status, c.getHeaderField("Retry-After"), bytes);
        });
        JsonNode parsed;
        try {
            parsed = r.body().length == 0 ? Json.object() : Json.MAPPER.readTree(r.body());
        } catch (IOException notJson) {
            throw new RemoteException(r.status(), "NOT_JSON", "the server answered " + r.status()
                    + " with no JSON: is " + baseUrl + " a Filerobot-compatible API?");
        }
        if (r.status() / 100 != 2 || "error".equals(parsed.path("status").asText())) {
            throw new RemoteException(r.status(), parsed.path("code").asText("HTTP_" + r.status()),
                    parsed.path("msg").asText(parsed.path("message").asText("the server answered " + r.status())));
        }
        return parsed;
    }

    private static HttpURLConnection connect(String url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) READ_TIMEOUT.toMillis());
        c.setUseCaches(false);
        return c;
    }

    /** The source's bytes onto the wire through one buffer; a source that fails is told apart from the network. */
    private static void copy(Source.Opener body, OutputStream out) throws IOException {
        InputStream in;
        try {
            in = body.open();
        } catch (IOException e) {
            throw new SourceUnreadable(e);
        }
        try (in) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new SourceUnreadable(e);
                }
                if (n < 0) return;
                out.write(buffer, 0, n);
            }
        }
    }

    /** A query parameter value, percent-encoded. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static ObjectNode body() {
        return Json.object();
    }

    /** An answer read whole (JSON). */
    private record Reply(int status, String retryAfter, byte[] body) implements Retrying.Answer {}

    /** An answer whose body is still on the wire. */
    private record Download(int status, String retryAfter, InputStream body) implements Retrying.Answer {
        @Override
        public void discard() {
            if (body == null) return;
            try {
                body.close();
            } catch (IOException ignored) {
                // an answer not read
            }
        }
    }

    /** The source failed while its bytes were being sent: the source's fault, not the server's. */
    static final class SourceUnreadable extends RuntimeException {
        SourceUnreadable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
