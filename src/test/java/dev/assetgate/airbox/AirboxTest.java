package dev.assetgate.airbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Airboxes from outside (issue 19 item 7, docs/airboxes.md): management with OBJECTS_AIRBOX_MANAGE,
 * uploads with X-Filerobot-Airbox-Puid and no key, each refusal with its code and nothing stored,
 * the totals exact under concurrency, and an Airbox that can do nothing but upload. Each test has
 * its own project, so counters never carry over.
 */
@WithServer
class AirboxTest {
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    TestServer server;
    String token;
    Api admin;

    @BeforeEach
    void prepare(TestProject project) {
        server = project.server;
        token = project.token;
        admin = project.api;
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode create(String json) {
        Api.Response r = admin.postJson("/v4/airboxes", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("airbox");
    }

    private Api.Response upload(String puid, String query, Api.Multipart form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + token + "/v4/files" + query))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", form.contentType())
                .header(AirboxService.PUID_HEADER, puid);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Api.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    private Api.Response uploadText(String puid, String name, String content, String... headers) {
        return upload(puid, "", new Api.Multipart().file("file", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)), headers);
    }

    private Api.Response send(String method, String path, String puid, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + token + path)).timeout(Duration.ofSeconds(30))
                .header(AirboxService.PUID_HEADER, puid);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Api.send(b.method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private List<JsonNode> files() {
        Api.Response r = admin.get("/v5/files?folder=/&recursive=1&limit=5000");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("files").forEach(out::add);
        return out;
    }

    private List<String> names() {
        return files().stream().map(f -> f.path("name").asText()).toList();
    }

    private static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    // ------------------------------------------------------------------ management

    @Test
    void managedWithObjectsAirboxManageOnlyAndThePasswordIsNeverShown() {
        Api withoutRight = server.keyFor(List.of(token), Permission.FILE_UPLOAD, Permission.OBJECTS_LIST).in(token);
        assertError(withoutRight.postJson("/v4/airboxes", "{\"folder\":\"/in\",\"title\":\"T\"}"), 403, "PERMISSION_DENIED");
        assertError(withoutRight.get("/v4/airboxes"), 403, "PERMISSION_DENIED");

        Api manager = server.keyFor(List.of(token), Permission.OBJECTS_AIRBOX_MANAGE).in(token);
        Api.Response made = manager.postJson("/v4/airboxes", "{\"folder\":\"/inbox/\",\"title\":\"Press photos\",\"message\":\"Thanks!\","
                + "\"password\":\"correct horse\",\"ends_at\":\"2099-01-01T00:00:00Z\",\"max_files\":10,\"max_bytes\":1000000,"
                + "\"allowed_types\":[\"image/*\"],\"form\":[{\"key\":\"name\",\"label\":\"Your name\",\"required\":true}]}");
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        JsonNode box = made.json().path("airbox");
        assertThat(box.path("folder").asText()).isEqualTo("/inbox");
        assertThat(box.path("password_protected").asBoolean()).isTrue();
        assertThat(box.path("state").asText()).isEqualTo("open");
        assertThat(box.path("airbox_uri").asText()).endsWith("/" + token + "/airbox/" + box.path("puid").asText());
        assertThat(box.path("form").get(0).path("type").asText()).isEqualTo("text");
        assertThat(made.text()).doesNotContain("correct horse").doesNotContain("argon2");
        String uuid = box.path("uuid").asText();

        assertThat(manager.get("/v5/airboxes").json().path("airboxes")).hasSize(1);
        Api.Response changed = manager.putJson("/v4/airboxes/" + uuid, "{\"title\":\"Renamed\",\"password\":null,\"active\":false}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("airbox").path("title").asText()).isEqualTo("Renamed");
        assertThat(changed.json().path("airbox").path("password_protected").asBoolean()).isFalse();
        assertThat(changed.json().path("airbox").path("state").asText()).isEqualTo("inactive");
        assertThat(changed.json().path("airbox").path("max_files").asLong()).isEqualTo(10); // untouched members stay

        assertThat(manager.delete("/v4/airboxes/" + uuid).status()).isEqualTo(200);
        assertError(manager.get("/v4/airboxes/" + uuid), 404, "AIRBOX_NOT_FOUND");
        assertError(manager.delete("/v4/airboxes/" + uuid), 404, "AIRBOX_NOT_FOUND");
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldAndCreateNothing() {
        for (String bad : List.of("{\"title\":\"no folder\"}", "{\"folder\":\"in\",\"title\":\"T\"}",
                "{\"folder\":\"/in\",\"title\":\"T\",\"colour\":1}", "{\"folder\":\"/in\",\"title\":\"T\",\"max_files\":0}",
                "{\"folder\":\"/in\",\"title\":\"T\",\"allowed_types\":[\"images\"]}", "{\"folder\":\"/in\",\"title\":\"T\",\"password\":\"short\"}",
                "{\"folder\":\"/in\",\"title\":\"T\",\"starts_at\":\"2030-01-02T00:00:00Z\",\"ends_at\":\"2030-01-01T00:00:00Z\"}",
                "{\"folder\":\"/in\",\"title\":\"T\",\"form\":[{\"key\":\"1x\"}]}",
                "{\"folder\":\"/in\",\"title\":\"T\",\"form\":[{\"key\":\"a\",\"type\":\"colour\"}]}", "[1]")) {
            Api.Response r = admin.postJson("/v4/airboxes", bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.code()).isIn("INVALID_PARAMETER", "INVALID_JSON");
        }
        assertThat(admin.get("/v4/airboxes").json().path("airboxes")).isEmpty();
    }

    @Test
    void aSassKeyManagesOnlyAirboxesInsideItsUploadScope() {
        Api.Response tpl = server.allKey(token).postJson("/admin/v1/projects/" + token + "/security-templates",
                "{\"permissions\":[\"OBJECTS_AIRBOX_MANAGE\"],\"upload\":{\"dir_scope\":[\"/mine/*\"]}}");
        assertThat(tpl.status()).as(tpl.toString()).isEqualTo(201);
        Api.Response minted = server.anonymous.get("/" + token + "/key/" + tpl.json().path("security_template").path("id").asText());
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        Api sass = new Api(server.baseUrl(), minted.json().path("key").asText()).in(token);
        assertError(sass.postJson("/v4/airboxes", "{\"folder\":\"/other\",\"title\":\"T\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(sass.postJson("/v4/airboxes", "{\"folder\":\"/mine/in\",\"title\":\"T\"}").status()).isEqualTo(200);
        String foreign = create("{\"folder\":\"/other\",\"title\":\"Not yours\"}").path("uuid").asText();
        assertThat(sass.get("/v4/airboxes").json().path("airboxes")).extracting(a -> a.path("folder").asText()).containsExactly("/mine/in");
        assertError(sass.get("/v4/airboxes/" + foreign), 404, "AIRBOX_NOT_FOUND");
        assertError(sass.delete("/v4/airboxes/" + foreign), 404, "AIRBOX_NOT_FOUND");
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void anUploadWithThePuidAndNoKeyLandsInTheFolderUnderAFreshNameWithTheFormAsMeta() throws Exception {
        JsonNode box = create("{\"folder\":\"/inbox\",\"title\":\"T\",\"form\":[{\"key\":\"name\",\"label\":\"Name\",\"required\":true},"
                + "{\"key\":\"email\",\"type\":\"email\"}]}");
        Api.Response r = upload(box.path("puid").asText(), "", new Api.Multipart()
                .field("meta", "{\"name\":\"Ann\",\"email\":\"ann@example.com\"}")
                .file("file", "photo.txt", "text/plain", "hello".getBytes()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode file = r.json().path("file");
        assertThat(file.path("name").asText()).matches("photo-[0-9a-f]{12}\\.txt");
        assertThat(r.json().path("files")).hasSize(1);
        List<JsonNode> stored = files();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("folder").path("name").asText()).isEqualTo("/inbox");
        assertThat(stored.get(0).path("meta").path("name").asText()).isEqualTo("Ann");
        assertThat(stored.get(0).path("meta").path("email").asText()).isEqualTo("ann@example.com");
        // the audit trail records it, and the file's history names the Airbox
        JsonNode entry = awaitAudit("airbox.upload");
        assertThat(entry.path("detail").path("airbox").asText()).isEqualTo(box.path("uuid").asText());
        JsonNode changes = admin.get("/v5/files/" + stored.get(0).path("uuid").asText() + "/changes").json();
        assertThat(changes.findValues("actor")).isNotEmpty().allSatisfy(actor -> {
            assertThat(actor.path("type").asText()).isEqualTo("airbox");
            assertThat(actor.path("key_id").asText()).isEqualTo(box.path("uuid").asText());
        });
    }

    @Test
    void sameNamesNeverRevealNorReplaceAFileEvenWhenForced() {
        assertThat(admin.upload("/inbox", "report.txt", "the owner's").status()).isEqualTo(200);
        String puid = create("{\"folder\":\"/inbox\",\"title\":\"T\"}").path("puid").asText();
        Api.Response plain = uploadText(puid, "report.txt", "theirs");
        Api.Response forced = upload(puid, "?opt_force_name=1", new Api.Multipart().file("file", "report.txt", "text/plain", "again".getBytes()));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
        for (Api.Response r : List.of(plain, forced)) {
            assertThat(r.json().path("file").path("name").asText()).startsWith("report-").isNotEqualTo("report.txt");
            assertThat(r.json().path("file").path("overwrite").asBoolean()).isFalse();
            assertThat(r.text()).doesNotContain("the owner's").doesNotContain("similar_file_path");
        }
        assertThat(names()).hasSize(3).contains("report.txt");
        assertThat(admin.get("/" + "v4/files?folder=/inbox").status()).isEqualTo(200);
    }

    @Test
    void anAirboxOnlyUploadsIntoItsFolderAndNeverListsReadsOrChanges() {
        assertThat(admin.upload("/inbox", "secret.txt", "s").status()).isEqualTo(200);
        String existing = files().get(0).path("uuid").asText();
        String puid = create("{\"folder\":\"/inbox\",\"title\":\"T\"}").path("puid").asText();
        assertError(send("GET", "/v4/files?folder=/inbox", puid), 403, "PERMISSION_DENIED");
        assertError(send("GET", "/v4/files/" + existing, puid), 403, "PERMISSION_DENIED");
        assertError(send("GET", "/v4/folders", puid), 403, "PERMISSION_DENIED");
        assertError(send("DELETE", "/v4/files/" + existing, puid), 403, "PERMISSION_DENIED");
        assertError(send("GET", "/v4/airboxes", puid), 403, "PERMISSION_DENIED");
        // a move is the other meaning of POST files: refused
        HttpRequest.Builder move = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + token + "/v4/files"))
                .header("Content-Type", "application/json").header(AirboxService.PUID_HEADER, puid)
                .POST(HttpRequest.BodyPublishers.ofString("{\"files_uuids\":[\"" + existing + "\"],\"folder\":\"/\"}"));
        assertError(Api.send(move), 403, "PERMISSION_DENIED");
        // another folder, or one below its own
        assertError(upload(puid, "?folder=/elsewhere", new Api.Multipart().file("file", "x.txt", "text/plain", "x".getBytes())),
                403, "FOLDER_NOT_ALLOWED");
        assertError(uploadText(puid, "sub/x.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(names()).containsExactly("secret.txt");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void unknownClosedAndForeignAirboxesAreRefusedWithTheirCodes() {
        assertError(uploadText("nosuchpuid", "a.txt", "a"), 404, "AIRBOX_NOT_FOUND");
        JsonNode foreign = TestProject.create(server).api
                .postJson("/v4/airboxes", "{\"folder\":\"/\",\"title\":\"T\"}").json().path("airbox");
        assertError(uploadText(foreign.path("puid").asText(), "a.txt", "a"), 404, "AIRBOX_NOT_FOUND"); // the URL's project decides

        String inactive = create("{\"folder\":\"/in\",\"title\":\"T\",\"active\":false}").path("puid").asText();
        assertError(uploadText(inactive, "a.txt", "a"), 403, "AIRBOX_CLOSED");
        Instant now = server.clock.instant();
        String later = create("{\"folder\":\"/in\",\"title\":\"T\",\"starts_at\":\"" + now.plusSeconds(3600) + "\"}").path("puid").asText();
        assertError(uploadText(later, "a.txt", "a"), 403, "AIRBOX_CLOSED");
        String ending = create("{\"folder\":\"/in\",\"title\":\"T\",\"ends_at\":\"" + now.plusSeconds(60) + "\"}").path("puid").asText();
        assertThat(uploadText(ending, "a.txt", "a").status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(61));
        assertError(uploadText(ending, "b.txt", "b"), 403, "AIRBOX_CLOSED");
        assertThat(names()).hasSize(1);
    }

    @Test
    void aPasswordIsGivenOnceToUnlockAndTheAccessTokenCarriesTheUploads() {
        String puid = create("{\"folder\":\"/in\",\"title\":\"T\",\"password\":\"open sesame\"}").path("puid").asText();
        Api anonymous = server.anonymous.in(token);
        assertError(uploadText(puid, "a.txt", "a"), 401, "AIRBOX_PASSWORD_REQUIRED");
        assertError(uploadText(puid, "a.txt", "a", AirboxService.ACCESS_HEADER, "v1.99999999999.forged"), 401, "AIRBOX_PASSWORD_REQUIRED");
        assertError(anonymous.postJson("/airbox/" + puid + "/unlock", "{\"password\":\"wrong one\"}"), 401, "AIRBOX_PASSWORD_INVALID");
        assertError(anonymous.postJson("/airbox/" + puid + "/unlock", "{}"), 401, "AIRBOX_PASSWORD_REQUIRED");
        Api.Response unlocked = anonymous.postJson("/airbox/" + puid + "/unlock", "{\"password\":\"open sesame\"}");
        assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
        String access = unlocked.json().path("access_token").asText();
        assertThat(uploadText(puid, "a.txt", "a", AirboxService.ACCESS_HEADER, access).status()).isEqualTo(200);
        // a token of another Airbox does not open this one
        String second = create("{\"folder\":\"/in\",\"title\":\"T\",\"password\":\"open sesame\"}").path("puid").asText();
        assertError(uploadText(second, "b.txt", "b", AirboxService.ACCESS_HEADER, access), 401, "AIRBOX_PASSWORD_REQUIRED");
        // changing the password voids the token
        String uuid = admin.get("/v4/airboxes").json().path("airboxes").get(0).path("uuid").asText();
        assertThat(admin.putJson("/v4/airboxes/" + uuid, "{\"password\":\"another secret\"}").status()).isEqualTo(200);
        assertError(uploadText(puid, "c.txt", "c", AirboxService.ACCESS_HEADER, access), 401, "AIRBOX_PASSWORD_REQUIRED");
        assertThat(names()).hasSize(1);
    }

    @Test
    void typesAreDecidedFromTheBytesAndTheFormIsEnforcedBeforeAnythingIsStored() {
        String puid = create("{\"folder\":\"/in\",\"title\":\"T\",\"allowed_types\":[\"image/png\"],"
                + "\"form\":[{\"key\":\"name\",\"label\":\"Name\",\"required\":true},{\"key\":\"age\",\"type\":\"number\"}]}").path("puid").asText();
        Api.Response lying = upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"A\"}")
                .file("file", "fake.png", "image/png", "<html>not an image</html>".getBytes()));
        assertError(lying, 415, "FILE_TYPE_NOT_ALLOWED");
        assertError(upload(puid, "", new Api.Multipart().file("file", "a.png", "image/png", PNG)), 400, "META_REQUIRED");
        assertError(upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"  \"}").file("file", "a.png", "image/png", PNG)),
                400, "META_REQUIRED");
        assertError(upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"A\",\"other\":\"x\"}").file("file", "a.png", "image/png", PNG)),
                400, "INVALID_PARAMETER");
        assertError(upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"A\",\"age\":\"old\"}").file("file", "a.png", "image/png", PNG)),
                400, "INVALID_PARAMETER");
        // two files, the second a lie: all or nothing
        assertError(upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"A\"}").file("file", "a.png", "image/png", PNG)
                .file("file", "b.png", "image/png", "GIF89a".getBytes())), 415, "FILE_TYPE_NOT_ALLOWED");
        assertThat(names()).isEmpty();
        Api.Response ok = upload(puid, "", new Api.Multipart().field("meta", "{\"name\":\"A\",\"age\":\"42\"}").file("file", "a.png", "image/png", PNG));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(files().get(0).path("meta").path("age").asInt()).isEqualTo(42);
    }

    @Test
    void theTotalsOfFilesAndBytesAreKeptAndAFullAirboxStoresNothing() {
        String files = create("{\"folder\":\"/in\",\"title\":\"T\",\"max_files\":2}").path("puid").asText();
        assertThat(uploadText(files, "a.txt", "a").status()).isEqualTo(200);
        assertError(uploadText(files, "sub/x.txt", "x"), 403, "FOLDER_NOT_ALLOWED"); // refused: spends nothing
        assertThat(uploadText(files, "b.txt", "b").status()).isEqualTo(200);
        Api.Response full = uploadText(files, "c.txt", "c");
        assertError(full, 403, "AIRBOX_FULL");
        assertThat(full.json().path("hint").asText()).contains("airbox.max_files");
        assertThat(names()).hasSize(2);

        String bytes = create("{\"folder\":\"/b\",\"title\":\"T\",\"max_bytes\":10}").path("puid").asText();
        assertThat(uploadText(bytes, "a.txt", "123456").status()).isEqualTo(200);
        assertError(uploadText(bytes, "b.txt", "12345"), 403, "AIRBOX_FULL"); // 6 + 5 > 10
        assertThat(uploadText(bytes, "c.txt", "1234").status()).isEqualTo(200); // exactly 10
        assertThat(names()).hasSize(4);
        // raising the total lets more in: the count is the Airbox's, not the rule's
        String uuid = admin.get("/v4/airboxes").json().path("airboxes").get(0).path("uuid").asText();
        assertThat(admin.putJson("/v4/airboxes/" + uuid, "{\"max_files\":3}").status()).isEqualTo(200);
        assertThat(uploadText(files, "d.txt", "d").status()).isEqualTo(200);
    }

    @Test
    void mostFilesIsExactUnderConcurrency() throws Exception {
        String puid = create("{\"folder\":\"/in\",\"title\":\"T\",\"max_files\":5}").path("puid").asText();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                answers.add(pool.submit(() -> uploadText(puid, "f" + n + ".txt", "x" + n).status()));
            }
            int ok = 0;
            int full = 0;
            for (Future<Integer> a : answers) {
                int status = a.get();
                if (status == 200) ok++;
                else if (status == 403) full++;
            }
            assertThat(ok).isEqualTo(5);
            assertThat(full).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(names()).hasSize(5);
    }

    // ------------------------------------------------------------------ public side

    @Test
    void thePublicPageAndInfoShowTheFormButNoFile() {
        assertThat(admin.upload("/in", "private.txt", "p").status()).isEqualTo(200);
        String puid = create("{\"folder\":\"/in\",\"title\":\"Send <us> photos\",\"form\":[{\"key\":\"name\",\"label\":\"Name\",\"required\":true}]}")
                .path("puid").asText();
        Api anonymous = server.anonymous.in(token);
        Api.Response page = anonymous.get("/airbox/" + puid);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'sha256-").contains("frame-ancestors 'none'");
        assertThat(page.text()).contains("Send &lt;us&gt; photos").contains("id=\"meta-name\"").doesNotContain("private.txt");
        Api.Response info = anonymous.get("/v4/airbox/" + puid);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("airbox").path("form").get(0).path("required").asBoolean()).isTrue();
        assertThat(info.text()).doesNotContain("/in").doesNotContain("private.txt");
        Api.Response missing = anonymous.get("/airbox/nosuch");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("AIRBOX_NOT_FOUND");
    }

    private JsonNode awaitAudit(String kind) throws InterruptedException {
        Api company = server.allKey(token);
        for (int i = 0; i < 50; i++) {
            Api.Response r = company.get("/admin/v1/audit?limit=50&project=" + token + "&kind=" + kind);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (r.json().path("events").size() > 0) return r.json().path("events").get(0);
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " audit entry");
    }
}
