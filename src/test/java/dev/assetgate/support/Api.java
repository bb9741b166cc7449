package dev.assetgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A tiny HTTP client for tests: sends the key header when it has one, parses JSON answers. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    public final String base;
    public final String key;
    public final String keyId;
    private final String prefix;

    public Api(String base, String key) {
        this(base, key, null, "");
    }

    public Api(String base, String key, String keyId) {
        this(base, key, keyId, "");
    }

    private Api(String base, String key, String keyId, String prefix) {
        this.base = base;
        this.key = key;
        this.keyId = keyId;
        this.prefix = prefix;
    }

    /** The same client with every path prefixed by /{token}. */
    public Api in(String token) {
        return new Api(base, key, keyId, "/" + token);
    }

    /** The same client without the key header. */
    public Api anonymous() {
        return new Api(base, null, null, prefix);
    }

    public record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + text());
            }
        }

        /**
         * The error envelope without its {@code request_id}, which differs on every answer: for tests
         * that check two refusals cannot be told apart.
         */
        public JsonNode envelope() {
            JsonNode json = json();
            if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode object) object.remove("request_id");
            return json;
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The error envelope's code (asserting the envelope's shape on the way). */
        public String code() {
            JsonNode j = json();
            if (!"error".equals(j.path("status").asText()) || !j.hasNonNull("msg") || !j.has("hint")) {
                throw new AssertionError("not an error envelope: " + text());
            }
            return j.path("code").asText();
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + text();
        }
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public Response get(String path, String... headers) {
        return send(builder(path, headers).GET());
    }

    public Response head(String path, String... headers) {
        return send(builder(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response deleteJson(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postJson(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response putJson(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patchJson(String path, String json) {
        return send(builder(path, "Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response putBytes(String path, byte[] body, String contentType) {
        return send(builder(path, "Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(builder(path, "Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Uploads one file as multipart with part name files[] (as the widget does) into a folder. */
    public Response upload(String folder, String name, String content) {
        return upload(folder, name, "text/plain", content);
    }

    /** The same with the part's Content-Type. */
    public Response upload(String folder, String name, String type, String content) {
        return multipart("/v4/files?folder=" + enc(folder), new Multipart().file("files[]", name, type,
                content.getBytes(StandardCharsets.UTF_8)));
    }

    /** An {@link #upload} that must succeed; returns the new file's uuid. */
    public String uploaded(String folder, String name, String type, String content) {
        Response r = upload(folder, name, type, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    /** Asserts an error answer: its HTTP status and its envelope's {@code code}. */
    public static void assertError(Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    public Response multipart(String path, Multipart form) {
        return send(builder(path, "Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + prefix + path)).timeout(Duration.ofSeconds(30));
        if (key != null) b.header("X-Filerobot-Key", key);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    /**
     * Sends any request the JDK client can express (another method, a chunked body, extra headers)
     * and answers like every other call here; the one place tests turn an HTTP exchange into a
     * {@link Response}. For bytes the JDK client will not send, see {@link RawHttp}.
     */
    public static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> r;
            try {
                r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException stale) {
                // A pooled keep-alive connection the server had closed (after answering a body it did
                // not read, as a refused upload is): nothing reached the server, so once more on a new one.
                if (!String.valueOf(stale.getMessage()).contains("received no bytes")) throw stale;
                r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /** A multipart/form-data body built by hand, so tests control every part name. */
    public static final class Multipart {
        private final String boundary = "----assetgate" + UUID.randomUUID();
        private final List<byte[]> chunks = new ArrayList<>();

        public Multipart file(String part, String filename, String type, byte[] content) {
            add("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + type + "\r\n\r\n");
            chunks.add(content);
            add("\r\n");
            return this;
        }

        public Multipart field(String part, String value) {
            add("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        public byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private void add(String s) {
            chunks.add(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
