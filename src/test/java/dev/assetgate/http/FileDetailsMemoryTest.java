package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * File details are held in memory for up to a second (store/CachedFileDetails), and whatever changes
 * them — the file's own row, a label, an approval, a product, a folder above it, the project — is
 * seen by the very next request on the node that made the change. Each test reads the details
 * first, so the change meets them held.
 */
@WithServer
class FileDetailsMemoryTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void aLabelAttachedOrDeletedShowsOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        String sid = ok(project.api.postJson("/v5/labels", "{\"label\":{\"name\":\"Red\"}}")).path("label").path("sid").asText();
        assertThat(warm(project, uuid).path("labels")).isEmpty();
        ok(project.api.postJson("/v5/files/" + uuid + "/labels", "{\"labels\":[\"" + sid + "\"]}"));
        assertThat(details(project, uuid).path("labels").toString()).isEqualTo("[\"" + sid + "\"]");

        String labelUuid = ok(project.api.get("/v5/labels")).path("labels").path(0).path("uuid").asText();
        warm(project, uuid);
        ok(project.api.delete("/v5/labels/" + labelUuid)); // a change of the label, not of the file's row
        assertThat(details(project, uuid).path("labels")).as("the label went, and its attachments with it").isEmpty();
    }

    @Test
    void metaAndTagsChangedShowOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        warm(project, uuid);
        ok(project.api.putJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"title\":\"Changed\"}}"));
        assertThat(details(project, uuid).path("meta").path("title").asText()).isEqualTo("Changed");
        ok(project.api.putJson("/v5/file/" + uuid + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"fresh\"]}"));
        assertThat(details(project, uuid).path("tags").path("en").findValuesAsText("label")).containsExactly("fresh");

        // an edit applied in bulk is seen the same way
        String bulk = ok(project.api.putJson("/v5/bulk/prepare", "{\"bulk\":{\"target\":{\"files_uuids\":[\"" + uuid + "\"]},"
                + "\"changes\":[{\"type\":\"meta.replace\",\"key\":\"title\",\"value\":\"Bulk\"}]}}")).path("bulk_uuid").asText();
        warm(project, uuid);
        ok(project.api.postJson("/v5/bulk/" + bulk + "/apply", "{}"));
        assertThat(details(project, uuid).path("meta").path("title").asText()).isEqualTo("Bulk");
    }

    @Test
    void aFileMovedRenamedOrReplacedShowsItOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        warm(project, uuid);
        ok(project.api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + uuid + "\"],\"new_folder_name\":\"/other\"}"));
        assertThat(details(project, uuid).path("folder").path("name").asText()).isEqualTo("/other");
        ok(project.api.putJson("/v4/files/" + uuid + "/name", "{\"name\":\"b.txt\"}"));
        assertThat(details(project, uuid).path("name").asText()).isEqualTo("b.txt");

        String sha1 = details(project, uuid).path("hash").path("sha1").asText();
        ok(project.api.multipart("/v4/files?folder=/other&opt_force_name=1",
                new Api.Multipart().file("files[]", "b.txt", "text/plain", "new content".getBytes(StandardCharsets.UTF_8))));
        assertThat(details(project, uuid).path("hash").path("sha1").asText()).isNotEqualTo(sha1);
    }

    @Test
    void aFolderAboveRenamedOrMadePrivateShowsOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/pub/deep", "a.txt");
        String path = "/" + project.token + "/v4/files/" + uuid;
        assertThat(server.anonymous.get(path).status()).as("public, so readable without a key").isEqualTo(200);
        assertThat(warm(project, uuid).path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("public");
        String pub = ok(project.api.get("/v4/folders?folder=/")).path("folders").path(0).path("uuid").asText();

        ok(project.api.putJson("/v5/objects/visibility/cdn", "{\"folders_uuids\":[\"" + pub + "\"],\"visibility\":\"not_public\"}"));
        assertThat(details(project, uuid).path("visibility").path("in_cdn").toString()).isEqualTo("{\"set\":\"inherited\",\"actual\":\"not_public\"}");
        assertThat(server.anonymous.get(path).status()).as("no longer public: not readable without a key").isEqualTo(404);

        ok(project.api.putJson("/v4/folders/" + pub + "/name", "{\"name\":\"renamed\"}"));
        assertThat(details(project, uuid).path("folder").path("name").asText()).isEqualTo("/renamed/deep");
    }

    @Test
    void aProjectDefaultChangedShowsOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        String path = "/" + project.token + "/v4/files/" + uuid;
        assertThat(server.anonymous.get(path).status()).isEqualTo(200);
        warm(project, uuid);
        ok(project.admin.patchJson("/admin/v1/projects/" + project.token, "{\"default_visibility\":\"not_public\"}")); // writes no event
        assertThat(details(project, uuid).path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
        assertThat(server.anonymous.get(path).status()).isEqualTo(404);
    }

    @Test
    void anApprovalRequestedOrAProductSetShowsOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        assertThat(warm(project, uuid).path("approval").isNull()).isTrue();
        ok(project.api.postJson("/v5/approvals", "{\"files_uuids\":[\"" + uuid + "\"],\"approvers\":[\"a@example.com\"]}"));
        assertThat(details(project, uuid).path("approval").path("status").asText()).isEqualTo("PENDING");

        warm(project, uuid);
        ok(project.api.putJson("/v5/file/" + uuid + "/product", "{\"product\":{\"ref\":\"SKU-1\",\"position\":3}}")); // not a change of the file's row
        assertThat(details(project, uuid).path("product").toString()).isEqualTo("{\"ref\":\"SKU-1\",\"position\":3}");
        ok(project.api.putJson("/v5/file/" + uuid + "/product", "{\"product\":null}"));
        assertThat(details(project, uuid).path("product").path("ref").isNull()).as("removed").isTrue();
    }

    @Test
    void aDeletedFileOrProjectIsNotFoundOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        warm(project, uuid);
        ok(project.api.delete("/v4/files/" + uuid));
        Api.Response gone = project.api.get("/v4/files/" + uuid);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo("FILE_NOT_FOUND");

        TestProject doomed = TestProject.create(server);
        String kept = upload(doomed, "/docs", "a.txt");
        warm(doomed, kept);
        ok(server.companyKey(Permission.values()).delete("/admin/v1/projects/" + doomed.token));
        server.createProject(doomed.token); // a new project under the old token has none of the old one's files
        Api.Response again = server.allKey(doomed.token).in(doomed.token).get("/v4/files/" + kept);
        assertThat(again.status()).as(again.toString()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("FILE_NOT_FOUND");
    }

    // A file object kept as JSON text (http/RenderedFiles) is sent again only while its inputs are
    // equal and for the same request variant; listings keep them the same way. What only the time
    // changes (signed thumbnail URLs) is in ImageListingApiTest.

    @Test
    void eachBaseUrlVersionAndFormatGetsItsOwnAnswer(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        String label = ok(project.api.postJson("/v5/labels", "{\"label\":{\"name\":\"Red\"}}")).path("label").path("sid").asText();
        ok(project.api.postJson("/v5/files/" + uuid + "/labels", "{\"labels\":[\"" + label + "\"]}"));
        Api byName = new Api("http://localhost:" + server.port(), project.api.key).in(project.token);
        for (int round = 0; round < 2; round++) { // the second round meets every variant kept
            assertThat(ok(project.api.get("/v5/file/" + uuid)).path("file").path("url").path("public").asText())
                    .startsWith("http://127.0.0.1:" + server.port() + "/");
            assertThat(ok(byName.get("/v5/file/" + uuid)).path("file").path("url").path("public").asText())
                    .startsWith("http://localhost:" + server.port() + "/");
            assertThat(ok(project.api.get("/v4/files/" + uuid)).path("file").path("visibility").path("actual").asText())
                    .isEqualTo("VISIBILITY_PUBLIC");
            assertThat(ok(project.api.get("/v5/file/" + uuid)).path("file").path("visibility").path("in_cdn").path("actual").asText())
                    .isEqualTo("public");
            assertThat(ok(project.api.get("/v5/file/" + uuid + "?format=labels:json_full")).path("file").path("labels").path(0)
                    .path("name").asText()).isEqualTo("Red");
            assertThat(ok(project.api.get("/v5/file/" + uuid)).path("file").path("labels").path(0).asText()).isEqualTo(label);
        }
    }

    @Test
    void anApprovalPastItsDueDateIsOverdueOnTheNextRequest(TestProject project) {
        String uuid = upload(project, "/docs", "a.txt");
        ok(project.api.postJson("/v5/approvals", "{\"files_uuids\":[\"" + uuid + "\"],\"approvers\":[\"a@example.com\"],"
                + "\"due_date\":\"" + server.clock.instant().plusSeconds(60) + "\"}"));
        assertThat(warm(project, uuid).path("approval").path("overdue").asBoolean()).isFalse();
        server.clock.advance(java.time.Duration.ofSeconds(61)); // the due date passes; nothing in the catalog changes
        assertThat(details(project, uuid).path("approval").path("overdue").asBoolean()).as("not kept from before").isTrue();
    }

    @Test
    void aListingShowsEachFileAsItIsNowInEveryVariant(TestProject project) {
        String a = upload(project, "/shelf", "a.txt");
        upload(project, "/shelf", "b.txt");
        Api byName = new Api("http://localhost:" + server.port(), project.api.key).in(project.token);
        for (int round = 0; round < 2; round++) { // the second round meets every file kept
            assertThat(listed(project.api, "/v5/files?folder=/shelf").findValuesAsText("public"))
                    .allMatch(url -> url.startsWith("http://127.0.0.1:" + server.port() + "/"));
            assertThat(listed(byName, "/v5/files?folder=/shelf").findValuesAsText("public"))
                    .allMatch(url -> url.startsWith("http://localhost:" + server.port() + "/"));
            assertThat(listed(project.api, "/v4/files?folder=/shelf").path(0).path("visibility").path("actual").asText())
                    .isEqualTo("VISIBILITY_PUBLIC");
        }
        ok(project.api.putJson("/v4/files/" + a + "/name", "{\"name\":\"c.txt\"}"));
        ok(project.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"title\":\"Kept?\"}}"));
        JsonNode renamed = listed(project.api, "/v5/files?folder=/shelf&sort=name");
        assertThat(List.of(renamed.path(0).path("name").asText(), renamed.path(1).path("name").asText())).containsExactly("b.txt", "c.txt");
        assertThat(renamed.path(1).path("meta").path("title").asText()).isEqualTo("Kept?");
        assertThat(details(project, a).path("name").asText()).isEqualTo("c.txt");

        ok(project.api.postJson("/v5/approvals", "{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"a@example.com\"],"
                + "\"due_date\":\"" + server.clock.instant().plusSeconds(60) + "\"}"));
        listed(project.api, "/v5/files?folder=/shelf&sort=name");
        assertThat(listed(project.api, "/v5/files?folder=/shelf&sort=name").path(1).path("approval").path("overdue").asBoolean()).isFalse();
        server.clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(listed(project.api, "/v5/files?folder=/shelf&sort=name").path(1).path("approval").path("overdue").asBoolean())
                .as("not kept from before").isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode listed(Api api, String path) {
        return ok(api.get(path)).path("files");
    }

    private static String upload(TestProject project, String folder, String name) {
        return ok(project.api.upload(folder, name, "content of " + name)).path("file").path("uuid").asText();
    }

    /** The details, read twice so the second comes from memory: a change after this meets them held. */
    private static JsonNode warm(TestProject project, String uuid) {
        details(project, uuid);
        return details(project, uuid);
    }

    private static JsonNode details(TestProject project, String uuid) {
        return ok(project.api.get("/v5/file/" + uuid)).path("file");
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
