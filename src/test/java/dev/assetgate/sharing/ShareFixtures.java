package dev.assetgate.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the share tests: uploads, share bodies, and raw requests with any headers. */
final class ShareFixtures {

    private ShareFixtures() {}

    /** Uploads one file and returns its uuid. */
    static String upload(Api admin, String folder, String name, String content) {
        return admin.uploaded(folder, name, "text/plain", content);
    }

    static String folderUuid(Api admin, String path) {
        Api.Response r = admin.get("/v5/files?folder=" + Api.enc(path));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("base").path("uuid").asText();
    }

    static String files(String... uuids) {
        return "{\"type\":\"file_uuid\",\"identifiers\":" + strings(uuids) + "}";
    }

    static String folder(String uuid, boolean recursive) {
        return "{\"type\":\"folder_uuid\",\"identifiers\":[\"" + uuid + "\"],\"options\":{\"recursive\":" + recursive + "}}";
    }

    /** A share body: a title, the items, then any extra members ("\"download\":false", ...). */
    static String body(String title, List<String> items, String... extra) {
        StringBuilder b = new StringBuilder("{\"title\":").append(quote(title)).append(",\"items\":[").append(String.join(",", items)).append("]");
        for (String e : extra) b.append(",").append(e);
        return b.append("}").toString();
    }

    /** Creates a share (asserting success) and returns its share object. */
    static JsonNode create(Api admin, String body) {
        Api.Response r = admin.postJson("/v5/shares", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        return r.json().path("share");
    }

    static String strings(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) quoted.add(quote(v));
        return "[" + String.join(",", quoted) + "]";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static List<String> names(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    static Api.Response send(String url, String method, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Api.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }
}
