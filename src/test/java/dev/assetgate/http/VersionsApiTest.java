package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestClock;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versions of a file (issue 16, docs/versions.md): a replace keeps the previous content and its
 * blob, GET file/{uuid}/versions lists them, PUT files/{version_uuid}/versions restores one; url.cdn's
 * vh and the image derivatives follow the current content; the retention drops old versions and
 * their blobs; bad input changes nothing.
 */
@WithServer
class VersionsApiTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void aReplaceKeepsThePreviousVersionAndARestoreBringsItBack(TestProject project) {
        Api api = project.api;
        String uuid = uploaded(api, "/docs", "a.txt", "one");
        JsonNode replaced = replace(api, "/docs", "a.txt", "two!");
        assertThat(replaced.path("uuid").asText()).as("the same file, new content").isEqualTo(uuid);
        assertThat(replaced.path("overwrite").asBoolean()).isTrue();
        assertThat(replaced.path("size").path("bytes").asLong()).isEqualTo(4);
        assertThat(replaced.path("url").path("cdn").asText()).endsWith("?vh=" + sha1("two!").substring(0, 6));
        assertThat(content(project, uuid)).isEqualTo("two!");

        JsonNode versions = versions(api, uuid);
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.path(0).path("uuid").asText()).as("the current content's uuid is the file's").isEqualTo(uuid);
        assertThat(versions.path(0).path("current").asBoolean()).isTrue();
        assertThat(versions.path(0).path("hash").path("sha1").asText()).isEqualTo(sha1("two!"));
        assertThat(versions.path(0).path("created_by").asText()).as("who stored the current bytes").isEqualTo(project.admin.keyId);
        JsonNode earlier = versions.path(1);
        assertThat(earlier.path("current").asBoolean()).isFalse();
        assertThat(earlier.path("uuid").asText()).isEqualTo(replaced.path("replaced_version_uuid").asText());
        assertThat(earlier.path("size").path("bytes").asLong()).isEqualTo(3);
        assertThat(earlier.path("hash").path("sha1").asText()).isEqualTo(sha1("one"));
        assertThat(earlier.path("replaced_by").asText()).isEqualTo(project.admin.keyId);
        assertThat(earlier.path("replaced_at").asText()).isNotEmpty();
        assertThat(api.get("/v5/files/" + uuid + "/versions").json().path("versions")).as("both spellings").isEqualTo(versions);

        Api.Response restored = api.putJson("/v5/files/" + earlier.path("uuid").asText() + "/versions", "{}");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().path("file").path("uuid").asText()).isEqualTo(uuid);
        assertThat(restored.json().path("file").path("url").path("cdn").asText()).endsWith("?vh=" + sha1("one").substring(0, 6));
        assertThat(content(project, uuid)).isEqualTo("one");
        JsonNode after = versions(api, uuid);
        assertThat(after.size()).as("the restored version left the list; the replaced content joined it").isEqualTo(2);
        assertThat(after.path(0).path("hash").path("sha1").asText()).isEqualTo(sha1("one"));
        assertThat(after.path(1).path("hash").path("sha1").asText()).isEqualTo(sha1("two!"));
        assertThat(after.path(1).path("uuid").asText()).isNotEqualTo(earlier.path("uuid").asText());
        assertThat(api.get("/v5/files?folder=/docs").json().path("files").size()).as("still one file").isEqualTo(1);

        JsonNode history = api.get("/v5/files/" + uuid + "/changes").json().path("changes");
        assertThat(history.findValuesAsText("kind")).as("the file's history, newest first")
                .containsExactly("file.restored", "file.replaced", "file.created");
        assertThat(history.path(1).path("before").path("version_uuid").asText()).isEqualTo(earlier.path("uuid").asText());
        assertThat(history.path(1).path("after").path("sha1").asText()).isEqualTo(sha1("two!"));
        assertThat(history.path(0).path("after").path("restored_version_uuid").asText()).isEqualTo(earlier.path("uuid").asText());
        assertThat(history.path(0).path("after").path("sha1").asText()).isEqualTo(sha1("one"));
    }

    @Test
    void badRestoresAnswerTheEnvelopeAndChangeNothing(TestServer s, TestProject project) {
        Api api = project.api;
        String a = uploaded(api, "/docs", "a.txt", "one");
        String version = replace(api, "/docs", "a.txt", "two!").path("replaced_version_uuid").asText();
        String b = uploaded(api, "/docs", "b.txt", "bee");
        JsonNode before = versions(api, a);

        assertError(api.putJson("/v5/files/" + version + "/versions?file_uuid=" + b, "{}"), 404, "VERSION_NOT_FOUND");
        assertError(api.putJson("/v5/files/00000000-0000-0000-0000-000000000000/versions", "{}"), 404, "VERSION_NOT_FOUND");
        assertError(api.putJson("/v5/files/" + a + "/versions", "{}"), 404, "VERSION_NOT_FOUND"); // the current content is no earlier version
        assertError(api.get("/v5/file/00000000-0000-0000-0000-000000000000/versions"), 404, "FILE_NOT_FOUND");
        TestProject other = TestProject.create(s);
        assertError(other.api.putJson("/v5/files/" + version + "/versions", "{}"), 404, "VERSION_NOT_FOUND");
        assertError(other.api.get("/v5/file/" + a + "/versions"), 404, "FILE_NOT_FOUND");
        assertThat(versions(api, a)).isEqualTo(before);
        assertThat(content(project, a)).isEqualTo("two!");
        assertThat(content(project, b)).isEqualTo("bee");

        assertThat(api.delete("/v4/files/" + a).status()).isEqualTo(200);
        assertError(api.putJson("/v5/files/" + version + "/versions", "{}"), 404, "VERSION_NOT_FOUND"); // a version of a deleted file
        assertError(api.get("/v5/file/" + a + "/versions"), 404, "FILE_NOT_FOUND");
        assertThat(DuplicatesApiTest.fileNames(api.get("/v5/files?folder=/docs").json().path("files"))).containsExactly("b.txt");
    }

    @Test
    void readingNeedsTheListScopeAndRestoringTheUploadScope(TestProject project) {
        Api api = project.api;
        String uuid = uploaded(api, "/private", "a.txt", "one");
        String version = replace(api, "/private", "a.txt", "two!").path("replaced_version_uuid").asText();
        Api outside = project.sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\"],\"listing\":{\"dir_scope\":[\"/public/*\"]},\"upload\":{\"dir_scope\":[\"/public/*\"]}}");
        assertError(outside.get("/v5/file/" + uuid + "/versions"), 403, "FOLDER_NOT_ALLOWED");
        assertError(outside.putJson("/v5/files/" + version + "/versions", "{}"), 403, "FOLDER_NOT_ALLOWED");
        Api readOnly = project.sass("{\"permissions\":[\"OBJECTS_FETCH\",\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/private/*\"]}}");
        assertThat(readOnly.get("/v5/file/" + uuid + "/versions").status()).isEqualTo(200);
        assertError(readOnly.putJson("/v5/files/" + version + "/versions", "{}"), 403, "PERMISSION_DENIED");
        assertThat(content(project, uuid)).isEqualTo("two!");
    }

    @Test
    void theRetentionKeepsTheNewestVersionsAndCollectsTheOthersBlobs(TestProject project) {
        Api api = project.api;
        setStorage(project, "{\"versions_kept\":2}");
        String uuid = uploaded(api, "/docs", "a.txt", "v0");
        for (int i = 1; i <= 4; i++) replace(api, "/docs", "a.txt", "v" + i);
        JsonNode versions = versions(api, uuid);
        assertThat(versions.findValuesAsText("sha1")).containsExactly(sha1("v4"), sha1("v3"), sha1("v2"));
        assertThat(server.blobKeys(project.token + "/")).as("the current content and the two kept versions").hasSize(3);

        setStorage(project, "{\"versions_kept\":0}");
        replace(api, "/docs", "a.txt", "v5");
        assertThat(versions(api, uuid).size()).as("a replace keeps nothing now").isEqualTo(1);
        assertThat(server.blobKeys(project.token + "/")).hasSize(1);
        assertThat(content(project, uuid)).isEqualTo("v5");
    }

    @Test
    void versionsOlderThanTheAgeLimitGo(TestProject project, TestClock clock) {
        Api api = project.api;
        setStorage(project, "{\"versions_days\":2}");
        String uuid = uploaded(api, "/docs", "a.txt", "v0");
        replace(api, "/docs", "a.txt", "v1");
        clock.advance(Duration.ofDays(3));
        replace(api, "/docs", "a.txt", "v2"); // the replace applies the age limit: v0's version is too old
        assertThat(versions(api, uuid).findValuesAsText("sha1")).containsExactly(sha1("v2"), sha1("v1"));
        clock.advance(Duration.ofDays(3));
        assertThat(server.app.assets.expireVersions()).as("the hourly pass").isGreaterThanOrEqualTo(1);
        assertThat(versions(api, uuid).findValuesAsText("sha1")).containsExactly(sha1("v2"));
        assertThat(server.blobKeys(project.token + "/")).hasSize(1);
    }

    @Test
    void theOrphanSweepLeavesTheBlobsOfVersionsAlone(TestProject project, TestClock clock) throws IOException {
        Api api = project.api;
        String uuid = uploaded(api, "/docs", "a.txt", "one");
        replace(api, "/docs", "a.txt", "two!");
        clock.advance(Duration.ofHours(2));
        server.app.orphanSweeper(Duration.ofMinutes(1)).sweep();
        assertThat(server.blobKeys(project.token + "/")).hasSize(2);
        String version = versions(api, uuid).path(1).path("uuid").asText();
        assertThat(api.putJson("/v5/files/" + version + "/versions", "{}").status()).isEqualTo(200);
        assertThat(content(project, uuid)).isEqualTo("one");
    }

    @Test
    void derivativesFollowTheCurrentVersion(TestProject project) throws IOException {
        Api api = project.api;
        Api.Response first = api.multipart("/v4/files?folder=/img", new Api.Multipart()
                .file("files[]", "p.png", "image/png", ImagesApiTest.png(200, 100)));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String uuid = first.json().path("file").path("uuid").asText();
        assertThat(height(project, uuid, "w=100")).isEqualTo(50);
        Api.Response second = api.multipart("/v4/files?folder=/img&opt_force_name=1", new Api.Multipart()
                .file("files[]", "p.png", "image/png", ImagesApiTest.png(100, 100)));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(height(project, uuid, "w=100")).as("the new content's derivative, not the cached old one").isEqualTo(100);
        assertThat(api.get("/v5/files/" + uuid).json().path("file").path("info").path("img_h").asInt()).isEqualTo(100);
        String version = versions(api, uuid).path(1).path("uuid").asText();
        assertThat(api.putJson("/v5/files/" + version + "/versions", "{}").status()).isEqualTo(200);
        assertThat(height(project, uuid, "w=100")).isEqualTo(50);
    }

    // ------------------------------------------------------------------ helpers

    static String uploaded(Api api, String folder, String name, String content) {
        Api.Response r = api.upload(folder, name, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    /** Uploads over an existing name with opt_force_name=1 (a new version whatever the settings); the file as answered. */
    static JsonNode replace(Api api, String folder, String name, String content) {
        Api.Response r = api.multipart("/v4/files?folder=" + Api.enc(folder) + "&opt_force_name=1",
                new Api.Multipart().file("files[]", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        return r.json().path("file");
    }

    static JsonNode versions(Api api, String uuid) {
        Api.Response r = api.get("/v5/file/" + uuid + "/versions");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("info").path("total_versions_count").asInt()).isEqualTo(r.json().path("versions").size());
        return r.json().path("versions");
    }

    static void setStorage(TestProject project, String storage) {
        Api.Response r = project.admin.patchJson("/admin/v1/projects/" + project.token, "{\"storage\":" + storage + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** The file's bytes as delivered (its current content). */
    static String content(TestProject project, String uuid) {
        Api.Response r = project.api.get(delivery(project, uuid));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text();
    }

    /** The file's delivery path under the project (url.public's /cdn/...). */
    private static String delivery(TestProject project, String uuid) {
        String url = project.api.get("/v5/files/" + uuid).json().path("file").path("url").path("public").asText();
        return url.substring(url.indexOf("/cdn/"));
    }

    private static int height(TestProject project, String uuid, String query) throws IOException {
        Api.Response r = project.api.get(delivery(project, uuid) + "?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.bytes()));
        return img.getHeight();
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static String sha1(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
