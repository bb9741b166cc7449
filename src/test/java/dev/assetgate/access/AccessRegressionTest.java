package dev.assetgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holes the outside security campaign found in the access decision (issue 11), each attacked again
 * over HTTP: D4 a listing's base, D6 listing calls that were not counted, D14 a share whose items
 * are all deleted.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class AccessRegressionTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    static String uploaded(Api admin, String folder, String name) {
        return admin.uploaded(folder, name, "text/plain", "bytes of " + name);
    }

    static String folderUuid(Api admin, String path) {
        return admin.get("/v5/files?folder=" + Api.enc(path)).json().path("base").path("uuid").asText();
    }

    /** D4: listing an ancestor of the key's scope to navigate down shows that ancestor without its metadata. */
    @Test
    void aListingBaseOutsideTheListScopeShowsNoMetadata() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        uploaded(admin, "/docs/a", "in.txt");
        for (String path : List.of("/docs", "/docs/a")) {
            Api.Response set = admin.putJson("/v5/folder/" + folderUuid(admin, path) + "/meta", "{\"meta\":{\"note\":\"secret of " + path + "\"}}");
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
        }
        Api sass = SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/docs/a/*\"]}}");
        for (String listing : List.of("/v5/files?folder=/docs", "/v5/folders?folder=/docs", "/v4/files?folder=/")) {
            Api.Response r = sass.get(listing);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("base").path("meta").size()).as("%s base meta", listing).isZero();
            assertThat(r.text()).doesNotContain("secret of /docs\"");
        }
        Api.Response inScope = sass.get("/v5/files?folder=/docs/a");
        assertThat(inScope.json().path("base").path("meta").path("note").asText()).as("a folder in scope keeps its meta")
                .isEqualTo("secret of /docs/a");
    }

    /** D6: statistics and folder previews spend listing.max like the listing they summarise. */
    @Test
    void statsAndPreviewsAreCountedAgainstListingMax() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        uploaded(admin, "/docs", "a.txt");
        String docs = folderUuid(admin, "/docs");
        String template = "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"max\":2}}";
        List<String[]> calls = List.of(
                new String[] {"GET", "/v5/files/stats?folder=/docs"},
                new String[] {"GET", "/v5/folders/stats?folder=/"},
                new String[] {"POST", "/v5/folders/previews"});
        for (String[] call : calls) {
            Api sass = SassKeys.mint(server, server.allKey(token), token, template);
            assertThat(sass.get("/v5/files?folder=/docs").status()).isEqualTo(200);
            assertThat(send(sass, call, docs).status()).as("%s within the limit", call[1]).isEqualTo(200);
            Api.Response refused = send(sass, call, docs);
            assertThat(refused.status()).as("%s over the limit: %s", call[1], refused).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("RATE_LIMITED");
            assertThat(refused.json().path("hint").asText()).contains("listing.max");
        }
    }

    private static Api.Response send(Api sass, String[] call, String folder) {
        return call[0].equals("GET") ? sass.get(call[1]) : sass.postJson(call[1], "{\"folders\":[\"" + folder + "\"]}");
    }

    /**
     * D14: once every item of a share is deleted, the share still belongs only to keys that could act
     * on where its items were: another key with the share permissions neither sees, changes (re-points
     * or unlocks) nor deletes it.
     */
    @Test
    void aShareWhoseItemsAreAllDeletedStaysWithTheKeysOfItsOriginalFolders() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String file = uploaded(admin, "/private", "p.txt");
        String mine = uploaded(admin, "/public", "mine.txt");
        Api.Response created = admin.postJson("/v5/shares", "{\"title\":\"private\",\"password\":\"pw-123456\",\"items\":[{\"type\":\"file_uuid\","
                + "\"identifiers\":[\"" + file + "\"]}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String share = created.json().path("share").path("uuid").asText();
        assertThat(admin.delete("/v5/files/" + file).status()).isEqualTo(200);

        String rules = "\"permissions\":[\"OBJECTS_SHARE_MANAGE\",\"OBJECTS_FETCH\",\"OBJECTS_LIST\"]";
        Api outsider = SassKeys.mint(server, server.allKey(token), token,
                "{" + rules + ",\"listing\":{\"dir_scope\":[\"/public/*\"]},\"upload\":{\"dir_scope\":[\"/public/*\"]}}");
        assertThat(outsider.get("/v5/shares").json().path("shares").findValuesAsText("uuid")).doesNotContain(share);
        assertThat(outsider.get("/v5/share/" + share).status()).isEqualTo(404);
        Api.Response repoint = outsider.putJson("/v5/share/" + share, "{\"password\":null,\"items\":[{\"type\":\"file_uuid\",\"identifiers\":[\""
                + mine + "\"]}]}");
        assertThat(repoint.status()).as(repoint.toString()).isEqualTo(404);
        assertThat(outsider.delete("/v5/share/" + share).status()).isEqualTo(404);
        assertThat(admin.get("/v5/share/" + share).json().path("share").path("title").asText()).as("unchanged").isEqualTo("private");

        Api owner = SassKeys.mint(server, server.allKey(token), token, "{" + rules + ",\"listing\":{\"dir_scope\":[\"/private/*\"]}}");
        assertThat(owner.get("/v5/shares").json().path("shares").findValuesAsText("uuid")).contains(share);
        assertThat(owner.get("/v5/share/" + share).status()).isEqualTo(200);
        assertThat(owner.delete("/v5/share/" + share).status()).isEqualTo(200);
    }
}
