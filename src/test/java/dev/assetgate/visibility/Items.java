package dev.assetgate.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Small helpers of the visibility tests: uploading, reading items back, and turning URLs into paths. */
final class Items {
    private Items() {}

    /** Uploads a text file and returns its file object. */
    static JsonNode upload(Api api, String folder, String name, String content) {
        Api.Response r = api.multipart("/v5/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    static JsonNode file(Api api, String version, String uuid) {
        Api.Response r = api.get("/" + version + "/file/" + uuid);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    static JsonNode folder(Api api, String version, String path) {
        Api.Response r = api.get("/" + version + "/files?folder=" + Api.enc(path) + "&limit=1");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("base");
    }

    static String folderUuid(Api api, String path) {
        return folder(api, "v5", path).path("uuid").asText();
    }

    /** The v5 {@code in_cdn} object of a file. */
    static JsonNode cdnOf(Api api, String fileUuid) {
        return file(api, "v5", fileUuid).path("visibility").path("in_cdn");
    }

    static String actual(Api api, String fileUuid) {
        return cdnOf(api, fileUuid).path("actual").asText();
    }

    static Api.Response setFiles(Api api, String visibility, String... uuids) {
        return api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":" + ids(uuids) + ",\"visibility\":\"" + visibility + "\"}");
    }

    static Api.Response setFolders(Api api, String visibility, String... uuids) {
        return api.putJson("/v5/objects/visibility/cdn", "{\"folders_uuids\":" + ids(uuids) + ",\"visibility\":\"" + visibility + "\"}");
    }

    static void ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
    }

    static void refused(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static String ids(String... uuids) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < uuids.length; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(uuids[i]).append('"');
        }
        return out.append(']').toString();
    }

    /** Path and query of an absolute URL, to send to the test server. */
    static String local(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The CDN URL of a file, as a path on the test server (without the ?vh= cache buster). */
    static String cdnPath(JsonNode file) {
        return URI.create(file.path("url").path("cdn").asText()).getRawPath();
    }
}
