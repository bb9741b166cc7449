package dev.assetgate.visibility;

import static dev.assetgate.visibility.Items.actual;
import static dev.assetgate.visibility.Items.folder;
import static dev.assetgate.visibility.Items.folderUuid;
import static dev.assetgate.visibility.Items.local;
import static dev.assetgate.visibility.Items.ok;
import static dev.assetgate.visibility.Items.refused;
import static dev.assetgate.visibility.Items.setFiles;
import static dev.assetgate.visibility.Items.setFolders;
import static dev.assetgate.visibility.Items.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SASS key's folder scopes on visibility: it changes only what is inside its upload scope (a folder
 * with its whole subtree), its answers show only what its listing scope allows, and it reads files
 * that are not public, or mints signed URLs for them, only inside its listing scope.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class VisibilitySassScopeTest {
    /** upload: /uploads/* and /drop/* with their subtrees, /flat alone; listing: /uploads/* and /flat. */
    static final String TEMPLATE = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_SET_VISIBILITY\",\"DIR_SET_VISIBILITY\"],"
            + "\"upload\":{\"dir_scope\":[\"/uploads/*\",\"/drop/*\",\"/flat\"]},"
            + "\"listing\":{\"dir_scope\":[\"/uploads/*\",\"/flat\"]},"
            + "\"key_validity\":{\"expire_duration\":120}}";
    static TestServer server;
    String token;
    Api admin;
    Api sass;
    String a;   // /uploads/a.txt
    String s;   // /secret/s.txt
    String d;   // /drop/d.txt
    String f;   // /flat/f.txt

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void freshProject(TestProject fresh) {
        token = fresh.token;
        admin = fresh.api;
        a = upload(admin, "/uploads", "a.txt", "in scope").path("uuid").asText();
        upload(admin, "/uploads/sub", "b.txt", "deeper");
        s = upload(admin, "/secret", "s.txt", "out of scope").path("uuid").asText();
        d = upload(admin, "/drop", "d.txt", "drop box").path("uuid").asText();
        f = upload(admin, "/flat", "f.txt", "flat").path("uuid").asText();
        upload(admin, "/flat/inner", "i.txt", "inner");
        sass = fresh.sass(TEMPLATE);
    }

    @Test
    void itChangesOnlyWhatIsInsideItsUploadScope() {
        ok(setFiles(sass, "not_public", a));
        ok(setFiles(sass, "not_public", f));
        ok(setFolders(sass, "not_public", folderUuid(admin, "/uploads/sub")));
        refused(setFiles(sass, "not_public", s), 403, "FOLDER_NOT_ALLOWED");
        refused(setFolders(sass, "not_public", folderUuid(admin, "/secret")), 403, "FOLDER_NOT_ALLOWED");
        refused(setFolders(sass, "not_public", folderUuid(admin, "/")), 403, "FOLDER_NOT_ALLOWED");
        // /flat is in scope, /flat/inner is not: setting /flat would change /flat/inner too
        Api.Response flat = setFolders(sass, "not_public", folderUuid(admin, "/flat"));
        refused(flat, 403, "FOLDER_NOT_ALLOWED");
        assertThat(flat.json().path("hint").asText()).isEqualTo("Rule: upload.dir_scope");
        // one item outside refuses the whole request
        refused(sass.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + d + "\",\"" + s + "\"],\"visibility\":\"not_public\"}"),
                403, "FOLDER_NOT_ALLOWED");
        refused(sass.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + d + "\"],\"folders_uuids\":[\""
                + folderUuid(admin, "/secret") + "\"],\"visibility\":\"not_public\"}"), 403, "FOLDER_NOT_ALLOWED");

        assertThat(actual(admin, a)).isEqualTo("not_public");
        assertThat(actual(admin, f)).isEqualTo("not_public");
        assertThat(actual(admin, s)).isEqualTo("public");
        assertThat(actual(admin, d)).isEqualTo("public");
        for (String path : new String[] {"/secret", "/flat", "/"}) {
            assertThat(folder(admin, "v5", path).path("visibility").path("in_cdn").path("set").asText()).as(path).isEqualTo("inherited");
        }
    }

    @Test
    void itsAnswerShowsOnlyWhatItsListingScopeAllows() {
        Api.Response r = sass.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + d + "\",\"" + a + "\"],\"folders_uuids\":[\""
                + folderUuid(admin, "/drop") + "\",\"" + folderUuid(admin, "/uploads/sub") + "\"],\"visibility\":\"not_public\"}");
        ok(r);
        assertThat(r.json().path("files")).hasSize(1);
        assertThat(r.json().path("files").path(0).path("uuid").asText()).isEqualTo(a);
        assertThat(r.json().path("folders")).hasSize(1);
        assertThat(r.json().path("folders").path(0).path("path").asText()).isEqualTo("/uploads/sub");
        assertThat(r.text()).doesNotContain(d).doesNotContain("/drop");
        assertThat(actual(admin, d)).as("changed all the same: /drop is in its upload scope").isEqualTo("not_public");
    }

    @Test
    void itReadsFilesThatAreNotPublicOnlyInsideItsListingScope() {
        Api root = server.companyKey();
        assertThat(root.patchJson("/admin/v1/projects/" + token, "{\"default_visibility\":\"not_public\"}").status()).isEqualTo(200);
        assertThat(sass.get("/cdn/uploads/a.txt").text()).isEqualTo("in scope");
        assertThat(sass.get("/cdn/uploads/sub/b.txt").text()).isEqualTo("deeper");
        assertThat(sass.get("/cdn/flat/f.txt").text()).isEqualTo("flat");
        refused(sass.get("/cdn/secret/s.txt"), 403, "FOLDER_NOT_ALLOWED");
        refused(sass.get("/cdn/drop/d.txt"), 403, "FOLDER_NOT_ALLOWED");
        refused(sass.get("/cdn/flat/inner/i.txt"), 403, "FOLDER_NOT_ALLOWED");
        refused(sass.get("/cdn/secret/missing.txt"), 403, "FOLDER_NOT_ALLOWED");
        // a public file is public for everyone, scopes or not
        ok(setFiles(admin, "public", s));
        assertThat(sass.get("/cdn/secret/s.txt").text()).isEqualTo("out of scope");
    }

    @Test
    void itMintsSignedUrlsOnlyInsideItsListingScopeAndNeverBeyondItsOwnLife() {
        ok(setFolders(admin, "not_public", folderUuid(admin, "/")));
        Api.Response minted = sass.postJson("/v5/file/" + a + "/signed-url", "{\"expires_in\":3600}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(Instant.parse(minted.json().path("expires_at").asText())).isBefore(Instant.now().plusSeconds(122));
        assertThat(server.anonymous.get(local(minted.json().path("url").asText())).text()).isEqualTo("in scope");
        for (String outside : new String[] {s, d}) {
            Api.Response r = sass.postJson("/v5/file/" + outside + "/signed-url", "{}");
            refused(r, 403, "FOLDER_NOT_ALLOWED");
            assertThat(r.text()).doesNotContain("signature=");
        }
        JsonNode fromAdmin = admin.postJson("/v5/file/" + s + "/signed-url", "{}").json();
        assertThat(server.anonymous.get(local(fromAdmin.path("url").asText())).text()).isEqualTo("out of scope");
    }
}
