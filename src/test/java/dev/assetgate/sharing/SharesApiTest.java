package dev.assetgate.sharing;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static dev.assetgate.access.Permission.OBJECTS_SHARE_MANAGE;
import static dev.assetgate.sharing.ShareFixtures.assertError;
import static dev.assetgate.sharing.ShareFixtures.body;
import static dev.assetgate.sharing.ShareFixtures.create;
import static dev.assetgate.sharing.ShareFixtures.files;
import static dev.assetgate.sharing.ShareFixtures.folder;
import static dev.assetgate.sharing.ShareFixtures.folderUuid;
import static dev.assetgate.sharing.ShareFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sharebox management over HTTP: CRUD, permissions, a SASS key's listing scope, bad input. */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "100")
class SharesApiTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    private static List<String> shareUuids(Api api) {
        Api.Response r = api.get("/v5/shares");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("shares").forEach(s -> out.add(s.path("uuid").asText()));
        return out;
    }

    @Test
    void createListReadUpdateAndDelete() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/docs", "a.txt", "alpha");
        String b = upload(admin, "/docs", "b.txt", "beta");
        String reports = folderUuid(admin, "/docs");

        JsonNode share = create(admin, body("Quarterly", List.of(files(a), folder(reports, true)),
                "\"description\":\"for the board\"", "\"starts_at\":\"2020-01-01T00:00:00Z\"", "\"expires_at\":\"2099-01-01T10:00:00+02:00\"",
                "\"download\":false", "\"max_uses\":7"));
        String uuid = share.path("uuid").asText();
        String puid = share.path("puid").asText();
        assertThat(uuid).matches("[0-9a-f-]{36}");
        assertThat(puid).matches("[A-Za-z0-9_-]{22}");
        assertThat(share.path("title").asText()).isEqualTo("Quarterly");
        assertThat(share.path("description").asText()).isEqualTo("for the board");
        assertThat(share.path("starts_at").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(share.path("expires_at").asText()).isEqualTo("2099-01-01T08:00:00Z");
        assertThat(share.path("download").asBoolean()).isFalse();
        assertThat(share.path("max_uses").asLong()).isEqualTo(7);
        assertThat(share.path("uses").asLong()).isZero();
        assertThat(share.path("password_protected").asBoolean()).isFalse();
        assertThat(share.path("state").asText()).isEqualTo("active");
        assertThat(share.path("share_uri").asText()).isEqualTo(server.baseUrl() + "/" + token + "/s/" + puid);
        assertThat(share.path("api_uri").asText()).isEqualTo(server.baseUrl() + "/" + token + "/v4/share/" + puid);
        assertThat(share.path("items").toString()).isEqualTo("[{\"type\":\"file_uuid\",\"identifiers\":[\"" + a + "\"]},"
                + "{\"type\":\"folder_uuid\",\"identifiers\":[\"" + reports + "\"],\"options\":{\"recursive\":true}}]");

        assertThat(shareUuids(admin)).containsExactly(uuid);
        Api.Response one = admin.get("/v5/share/" + uuid);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().path("share")).isEqualTo(share);

        // PUT: items overwrite, named fields replace, the rest stays
        Api.Response put = admin.putJson("/v5/share/" + uuid, "{\"title\":\"Q3\",\"items\":[" + files(b) + "],\"max_uses\":null,\"expires_at\":null}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("msg").asText()).isEqualTo("share updated");
        JsonNode updated = put.json().path("share");
        assertThat(updated.path("title").asText()).isEqualTo("Q3");
        assertThat(updated.path("description").asText()).isEqualTo("for the board");
        assertThat(updated.path("items").toString()).isEqualTo("[{\"type\":\"file_uuid\",\"identifiers\":[\"" + b + "\"]}]");
        assertThat(updated.path("max_uses").isNull()).isTrue();
        assertThat(updated.path("expires_at").isNull()).isTrue();
        assertThat(updated.path("starts_at").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(updated.path("download").asBoolean()).isFalse();
        assertThat(updated.path("puid").asText()).isEqualTo(puid);
        assertThat(admin.get("/v5/share/" + uuid).json().path("share")).isEqualTo(updated);

        Api.Response deleted = admin.delete("/v5/share/" + uuid);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().path("action").asText()).isEqualTo("share_deleted");
        assertThat(deleted.json().path("share_uuid").asText()).isEqualTo(uuid);
        assertError(admin.get("/v5/share/" + uuid), 404, "SHARE_NOT_FOUND");
        assertError(admin.delete("/v5/share/" + uuid), 404, "SHARE_NOT_FOUND");

        String second = create(admin, body("Second", List.of(files(a)))).path("uuid").asText();
        assertThat(admin.delete("/v5/shares/" + second).status()).isEqualTo(200);
        assertThat(shareUuids(admin)).isEmpty();
    }

    @Test
    void managementIsAV5ApiTheV4SpellingIsThePublicRead() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        assertThat(admin.postJson("/v4/shares", body("x", List.of(files(a)))).status()).isEqualTo(404);
        String uuid = create(admin, body("x", List.of(files(a)))).path("uuid").asText();
        // GET /v4/share/{id} is the public read by puid: a share's uuid is not its puid
        assertError(admin.get("/v4/share/" + uuid), 404, "SHARE_NOT_FOUND");
        assertThat(admin.putJson("/v4/share/" + uuid, "{\"title\":\"y\"}").status()).isIn(404, 405);
        assertThat(admin.delete("/v4/share/" + uuid).status()).isIn(404, 405);
        assertThat(shareUuids(admin)).containsExactly(uuid);
    }

    @Test
    void passwordsAreNeverReturnedOnlyWhetherThereIsOne() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        Api.Response r = admin.postJson("/v5/shares", body("secret", List.of(files(a)), "\"password\":\"correct horse\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("share").path("password_protected").asBoolean()).isTrue();
        String uuid = r.json().path("share").path("uuid").asText();
        for (Api.Response read : List.of(r, admin.get("/v5/shares"), admin.get("/v5/share/" + uuid))) {
            assertThat(read.text()).doesNotContain("correct horse").doesNotContain("argon2").doesNotContain("password_hash");
        }
        Api.Response removed = admin.putJson("/v5/share/" + uuid, "{\"password\":null}");
        assertThat(removed.json().path("share").path("password_protected").asBoolean()).isFalse();
    }

    @Test
    void sharingNeedsShareManageAndFetchReadingAndDeletingShareManageAndNothingChangesWhenRefused() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        String uuid = create(admin, body("mine", List.of(files(a)))).path("uuid").asText();
        Api noShare = server.keyFor(List.of(token), OBJECTS_LIST, OBJECTS_FETCH).in(token);
        Api noFetch = server.keyFor(List.of(token), OBJECTS_SHARE_MANAGE).in(token);
        String before = admin.get("/v5/shares").text();

        for (Api.Response r : List.of(noShare.postJson("/v5/shares", body("x", List.of(files(a)))), noShare.get("/v5/shares"),
                noShare.get("/v5/share/" + uuid), noShare.putJson("/v5/share/" + uuid, "{\"title\":\"x\"}"),
                noShare.delete("/v5/share/" + uuid), noShare.delete("/v5/shares/" + uuid))) {
            assertError(r, 403, "PERMISSION_DENIED");
            assertThat(r.json().path("msg").asText()).contains("OBJECTS_SHARE_MANAGE");
        }
        // a share hands out the bytes of its items: creating or changing one needs OBJECTS_FETCH too
        for (Api.Response r : List.of(noFetch.postJson("/v5/shares", body("x", List.of(files(a)))),
                noFetch.putJson("/v5/share/" + uuid, "{\"title\":\"x\"}"))) {
            assertError(r, 403, "PERMISSION_DENIED");
            assertThat(r.json().path("msg").asText()).contains("OBJECTS_FETCH");
        }
        assertThat(admin.get("/v5/shares").text()).isEqualTo(before);
        assertThat(noFetch.get("/v5/share/" + uuid).status()).isEqualTo(200);
        assertThat(noFetch.delete("/v5/share/" + uuid).status()).isEqualTo(200);

        String other = server.createProject();
        Api foreign = server.allKey(other).in(token);
        assertError(foreign.get("/v5/shares"), 403, "PROJECT_NOT_ALLOWED");
        assertError(admin.anonymous().get("/v5/shares"), 401, "UNAUTHORIZED");
        // a share of another project is unknown here, whoever asks
        String otherShare = create(server.allKey(other).in(other), body("theirs", List.of(files(upload(server.allKey(other).in(other), "/", "o.txt", "o")))))
                .path("uuid").asText();
        assertError(admin.get("/v5/share/" + otherShare), 404, "SHARE_NOT_FOUND");
        assertError(admin.delete("/v5/share/" + otherShare), 404, "SHARE_NOT_FOUND");
    }

    // ------------------------------------------------------------------ SASS keys

    private static Api sassKey(Api admin, String token, String listScope) {
        String template = "{\"permissions\":[\"OBJECTS_SHARE_MANAGE\",\"OBJECTS_FETCH\",\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\""
                + listScope + "\"]}}";
        return SassKeys.mint(server, server.withKey(admin.key), token, template);
    }

    @Test
    void aSassKeySharesOnlyItemsInsideItsListingScopeAndSeesOnlySuchShares() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String pub = upload(admin, "/pub", "p.txt", "public");
        upload(admin, "/pub/deep", "d.txt", "deep");
        String priv = upload(admin, "/private", "s.txt", "secret");
        String pubFolder = folderUuid(admin, "/pub");
        String privFolder = folderUuid(admin, "/private");
        String rootFolder = folderUuid(admin, "/");
        Api sass = sassKey(admin, token, "/pub/*");
        Api exact = sassKey(admin, token, "/pub");

        String mine = create(sass, body("mine", List.of(files(pub), folder(pubFolder, true)))).path("uuid").asText();
        for (String outside : List.of(files(priv), files(pub, priv), folder(privFolder, false), folder(rootFolder, false))) {
            Api.Response r = sass.postJson("/v5/shares", body("leak", List.of(outside)));
            assertError(r, 403, "FOLDER_NOT_ALLOWED");
            assertThat(r.json().path("hint").asText()).contains("listing.dir_scope");
        }
        // "/pub" alone: its own files yes, its subtree no
        create(exact, body("flat", List.of(folder(pubFolder, false))));
        assertError(exact.postJson("/v5/shares", body("deep", List.of(folder(pubFolder, true)))), 403, "FOLDER_NOT_ALLOWED");

        String theirs = create(admin, body("admin's", List.of(files(priv)))).path("uuid").asText();
        String mixed = create(admin, body("mixed", List.of(files(pub, priv)))).path("uuid").asText();
        assertThat(shareUuids(sass)).contains(mine).doesNotContain(theirs, mixed);
        for (String hidden : List.of(theirs, mixed)) {
            assertError(sass.get("/v5/share/" + hidden), 404, "SHARE_NOT_FOUND");
            assertError(sass.putJson("/v5/share/" + hidden, "{\"title\":\"taken\"}"), 404, "SHARE_NOT_FOUND");
            assertError(sass.delete("/v5/share/" + hidden), 404, "SHARE_NOT_FOUND");
            assertError(sass.delete("/v5/shares/" + hidden), 404, "SHARE_NOT_FOUND");
        }
        assertThat(shareUuids(admin)).contains(mine, theirs, mixed);
        assertThat(admin.get("/v5/share/" + theirs).json().path("share").path("title").asText()).isEqualTo("admin's");

        // its own share cannot be widened beyond its scope
        assertError(sass.putJson("/v5/share/" + mine, "{\"items\":[" + files(priv) + "]}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(sass.putJson("/v5/share/" + mine, "{\"title\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(sass.delete("/v5/share/" + mine).status()).isEqualTo(200);
        // the unrestricted key sees everything
        assertThat(shareUuids(admin)).contains(theirs, mixed).doesNotContain(mine);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        String other = server.createProject();
        String foreignFile = upload(server.allKey(other).in(other), "/", "f.txt", "foreign");
        String ok = files(a);
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put("{\"items\":[" + ok + "]}", "title is required");
        invalid.put("{\"title\":\"t\"}", "items is required");
        invalid.put("{\"title\":\"  \",\"items\":[" + ok + "]}", "title must not be empty");
        invalid.put("{\"title\":5,\"items\":[" + ok + "]}", "title must be a string");
        invalid.put(body("t", List.of()), "items must name at least one");
        invalid.put("{\"title\":\"t\",\"items\":{}}", "items must be an array");
        invalid.put(body("t", List.of("{\"type\":\"label\",\"identifiers\":[\"x\"]}")), "items[0].type");
        invalid.put(body("t", List.of("{\"type\":\"file_uuid\",\"identifiers\":\"x\"}")), "items[0].identifiers");
        invalid.put(body("t", List.of("{\"type\":\"file_uuid\",\"identifiers\":[5]}")), "items[0].identifiers[0]");
        invalid.put(body("t", List.of("{\"type\":\"file_uuid\",\"identifiers\":[\"" + a + "\"],\"options\":{\"recursive\":true}}")),
                "applies to folders only");
        invalid.put(body("t", List.of("{\"type\":\"file_uuid\",\"identifiers\":[\"" + a + "\"],\"extra\":1}")), "items[0]: unknown member");
        invalid.put(body("t", List.of(ok), "\"password\":\"short\""), "password must have 8");
        invalid.put(body("t", List.of(ok), "\"password\":12345678"), "password must be a string");
        invalid.put(body("t", List.of(ok), "\"max_uses\":0"), "max_uses");
        invalid.put(body("t", List.of(ok), "\"max_uses\":1.5"), "max_uses");
        invalid.put(body("t", List.of(ok), "\"max_uses\":\"3\""), "max_uses");
        invalid.put(body("t", List.of(ok), "\"download\":\"yes\""), "download must be true or false");
        invalid.put(body("t", List.of(ok), "\"starts_at\":\"tomorrow\""), "starts_at");
        invalid.put(body("t", List.of(ok), "\"expires_at\":\"2030-01-01T00:00:00\"", "\"expires_tz\":\"Mars/Olympus\""), "expires_tz");
        invalid.put(body("t", List.of(ok), "\"expires_at\":\"2030-01-01\""), "expires_at");
        invalid.put(body("t", List.of(ok), "\"starts_at\":\"2030-01-02T00:00:00Z\"", "\"expires_at\":\"2030-01-01T00:00:00Z\""),
                "expires_at must be later than starts_at");
        invalid.put(body("t", List.of(ok), "\"visibility\":\"PUB\""), "unknown share member 'visibility'");
        invalid.put(body("t", List.of(ok), "\"auth\":[{\"user\":\"u\",\"pass\":\"p\"}]"), "auth.pass must have 8");
        for (Map.Entry<String, String> e : invalid.entrySet()) {
            Api.Response r = admin.postJson("/v5/shares", e.getKey());
            assertError(r, 400, "INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).as(e.getKey()).contains(e.getValue());
        }
        assertError(admin.postJson("/v5/shares", "{\"title\":"), 400, "INVALID_JSON");
        assertError(admin.postJson("/v5/shares", "[]"), 400, "INVALID_JSON");
        assertError(admin.postJson("/v5/shares", "{\"title\":\"a\",\"title\":\"b\",\"items\":[" + ok + "]}"), 400, "INVALID_JSON");
        assertError(admin.post("/v5/shares", "application/xml", "<share/>".getBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(admin.postJson("/v5/shares", body("t", List.of(files("no-such-file")))), 404, "FILE_NOT_FOUND");
        assertError(admin.postJson("/v5/shares", body("t", List.of(files(foreignFile)))), 404, "FILE_NOT_FOUND");
        assertError(admin.postJson("/v5/shares", body("t", List.of(folder("no-such-folder", true)))), 404, "FOLDER_NOT_FOUND");
        assertThat(shareUuids(admin)).as("nothing was created").isEmpty();

        JsonNode share = create(admin, body("t", List.of(ok)));
        String uuid = share.path("uuid").asText();
        assertError(admin.putJson("/v5/share/" + uuid, "{\"items\":[]}"), 400, "INVALID_PARAMETER");
        assertError(admin.putJson("/v5/share/" + uuid, "{\"title\":null}"), 400, "INVALID_PARAMETER");
        assertError(admin.putJson("/v5/share/" + uuid, "{\"items\":[" + files("no-such-file") + "]}"), 404, "FILE_NOT_FOUND");
        assertError(admin.putJson("/v5/share/" + uuid, "{\"starts_at\":\"2999-01-01T00:00:00Z\",\"expires_at\":\"2998-01-01T00:00:00Z\"}"),
                400, "INVALID_PARAMETER");
        assertError(admin.putJson("/v5/share/" + uuid, "nope"), 400, "INVALID_JSON");
        assertError(admin.putJson("/v5/share/no-such-share", "{\"title\":\"x\"}"), 404, "SHARE_NOT_FOUND");
        assertError(admin.get("/v5/share/no-such-share"), 404, "SHARE_NOT_FOUND");
        assertError(admin.delete("/v5/shares/no-such-share"), 404, "SHARE_NOT_FOUND");
        assertThat(admin.get("/v5/share/" + uuid).json().path("share")).isEqualTo(share);
    }

    @Test
    void deletedItemsDropOutAndMovedOnesAreFollowed() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/x", "a.txt", "alpha");
        String b = upload(admin, "/x", "b.txt", "beta");
        String uuid = create(admin, body("t", List.of(files(a, b)))).path("uuid").asText();
        assertThat(admin.delete("/v5/file/" + a).status()).isEqualTo(200);
        assertThat(admin.postJson("/v5/files/move", "{\"files_uuids\":[\"" + b + "\"],\"new_folder_name\":\"/y\"}").status()).isEqualTo(200);
        assertThat(admin.get("/v5/share/" + uuid).json().path("share").path("items").toString())
                .isEqualTo("[{\"type\":\"file_uuid\",\"identifiers\":[\"" + b + "\"]}]");
    }
}
