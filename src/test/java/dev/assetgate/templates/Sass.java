package dev.assetgate.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Helpers shared by the Security Template tests: creating templates over the management API,
 * exchanging them for SASS keys, and a client that sends a SASS key plus extra headers (such as
 * {@code X-Forwarded-For}) on every request. The {@link TestProject} forms are the one way a test
 * gets a key of a project: {@link #keyWith} (a new template with these rules) or {@link #keyFrom}
 * (an existing template, when several keys must share it).
 */
final class Sass {
    /** MaxMind's public test database (see its README); relative to the repository root, where Maven runs tests. */
    static final String GEOIP = "src/test/resources/geoip/GeoLite2-Country-Test.mmdb";
    static final String GB = "81.2.69.142";
    static final String GB2 = "81.2.69.143";
    static final String SE = "89.160.20.113";
    static final String FR = "2a02:cfc0::1";
    static final String DE = "2a02:d180::1";

    private Sass() {}

    static String templatesPath(String token) {
        return "/admin/v1/projects/" + token + "/security-templates";
    }

    /** Creates a template through the management API and returns its id. */
    static String template(Api admin, String token, String json) {
        Api.Response r = admin.postJson(templatesPath(token), json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.json().path("security_template").path("id").asText();
        assertThat(id).matches("SECU_[0-9A-F]{32}");
        return id;
    }

    /** {@link #template(Api, String, String)} in a test project. */
    static String template(TestProject project, String json) {
        return template(project.admin, project.token, json);
    }

    /** Rules that list and upload, with these {@code upload} rules: where the upload limit tests start. */
    static String uploads(String uploadRules) {
        return "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"upload\":" + uploadRules + "}";
    }

    /** A client of the project holding a key minted from a new template with these rules, exchanged with these headers. */
    static Client keyWith(TestProject project, String templateJson, String... exchangeHeaders) {
        return keyFrom(project, template(project, templateJson), exchangeHeaders);
    }

    /** A client of the project holding a key exchanged (with these headers) from an existing template. */
    static Client keyFrom(TestProject project, String templateId, String... exchangeHeaders) {
        return new Client(project.server, project.token, key(project.server, project.token, templateId, exchangeHeaders));
    }

    /** GET /{token}/key/{id} without a key, with optional extra headers. */
    static Api.Response exchange(TestServer server, String token, String templateId, String... headers) {
        return send(server.baseUrl() + "/" + token + "/key/" + templateId, "GET", null, null, headers);
    }

    /** Exchanges a template for a key (asserting success) and returns the answer. */
    static JsonNode minted(TestServer server, String token, String templateId, String... headers) {
        Api.Response r = exchange(server, token, templateId, headers);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("key").asText()).startsWith("SASS__");
        return r.json();
    }

    static String key(TestServer server, String token, String templateId, String... headers) {
        return minted(server, token, templateId, headers).path("key").asText();
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static List<String> names(JsonNode list, String member) {
        return StreamSupport.stream(list.path(member).spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    static List<String> paths(JsonNode folders) {
        return StreamSupport.stream(folders.path("folders").spliterator(), false).map(n -> n.path("path").asText()).toList();
    }

    /** Every file of a project as "/folder/name", read with an unrestricted API key. */
    static List<String> allFiles(Api admin) {
        Api.Response r = admin.get("/v5/files?folder=/&recursive=1&limit=5000");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode f : r.json().path("files")) {
            String folder = f.path("folder").path("name").asText();
            out.add(("/".equals(folder) ? "" : folder) + "/" + f.path("name").asText());
        }
        return out;
    }

    static Api.Response send(String url, String method, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Api.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A client for one project that sends a key (SASS or API) and fixed extra headers on every request. */
    static final class Client {
        final String base;
        final String key;
        final String[] headers;

        Client(TestServer server, String token, String key, String... headers) {
            this.base = server.baseUrl() + "/" + token;
            this.key = key;
            this.headers = headers;
        }

        /** The same key, sent as if from {@code ip} through a trusted proxy at 127.0.0.1. */
        Client from(String ip) {
            return new Client(base, key, "X-Forwarded-For", ip);
        }

        private Client(String base, String key, String... headers) {
            this.base = base;
            this.key = key;
            this.headers = headers;
        }

        private String[] all() {
            List<String> h = new ArrayList<>(List.of(headers));
            if (key != null) {
                h.add("X-Filerobot-Key");
                h.add(key);
            }
            return h.toArray(String[]::new);
        }

        Api.Response get(String path) {
            return send(base + path, "GET", null, null, all());
        }

        Api.Response delete(String path) {
            return send(base + path, "DELETE", null, null, all());
        }

        Api.Response deleteJson(String path, String json) {
            return send(base + path, "DELETE", "application/json", json.getBytes(StandardCharsets.UTF_8), all());
        }

        Api.Response postJson(String path, String json) {
            return send(base + path, "POST", "application/json", json.getBytes(StandardCharsets.UTF_8), all());
        }

        Api.Response putJson(String path, String json) {
            return send(base + path, "PUT", "application/json", json.getBytes(StandardCharsets.UTF_8), all());
        }

        Api.Response patchJson(String path, String json) {
            return send(base + path, "PATCH", "application/json", json.getBytes(StandardCharsets.UTF_8), all());
        }

        Api.Response putBytes(String path, byte[] body) {
            return send(base + path, "PUT", "application/octet-stream", body, all());
        }

        Api.Response multipart(String path, Api.Multipart form) {
            return send(base + path, "POST", form.contentType(), form.body(), all());
        }

        /** One multipart file (part files[], as the widget sends it) into {@code folder}. */
        Api.Response upload(String folder, String name, String content) {
            return multipart("/v4/files?folder=" + Api.enc(folder),
                    new Api.Multipart().file("files[]", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)));
        }

        Api.Response base64(String folder, String name, String content) {
            String data = java.util.Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
            String query = folder == null ? "" : "?folder=" + Api.enc(folder);
            return postJson("/v4/files" + query, "{\"name\":" + quote(name) + ",\"data\":\"" + data + "\",\"postactions\":\"decode_base64\"}");
        }

        Api.Response put(String folder, String filename, String content) {
            return putBytes("/v4/files?folder=" + Api.enc(folder) + "&filename=" + Api.enc(filename), content.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
