package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.RawHttp;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who gets in: key shape and verification, project isolation, company-wide reach, deactivation,
 * expiry and deletion taking effect on the very next request, last-use tracking, and keys at rest
 * only as a keyed hash.
 */
@WithServer
class KeyAuthenticationTest {
    static TestServer server;
    static Api root;       // company-wide, every permission
    static Api keyA;       // every permission, project "iso-a" only
    static Api adminB;     // every permission, project "iso-b" only
    static String fileA;
    static String fileB;
    static String folderB;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("iso-a");
        server.createProject("iso-b");
        root = server.companyKey();
        keyA = server.allKey("iso-a");
        adminB = server.allKey("iso-b");
        fileA = upload(keyA.in("iso-a"), "/a", "a.txt", "alpha");
        fileB = upload(adminB.in("iso-b"), "/b", "b.txt", "bravo");
        folderB = adminB.in("iso-b").get("/v5/files?folder=/b").json().path("base").path("uuid").asText();
    }

    // ------------------------------------------------------------------ presented keys

    @Test
    void aMissingKeyIsUnauthorizedOnProjectAndAdminRoutes() {
        // (GET files/{uuid} of a public file answers without a key: AnonymousReadsTest)
        for (String path : List.of("/iso-a/v5/files", "/iso-a/v4/files/" + fileA + "/permissions", "/iso-a/v4/get/" + fileA, "/admin/v1/keys",
                "/admin/v1/projects")) {
            Api.Response r = server.anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.code()).isEqualTo("UNAUTHORIZED");
        }
        Api.Response blank = server.anonymous.get("/iso-a/v5/files", "X-Filerobot-Key", "   ");
        assertThat(blank.status()).isEqualTo(401);
        assertThat(blank.code()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void forgedAndMangledKeysAreUnauthorizedAndAllAnswerAlike() {
        String valid = keyA.key;
        char last = valid.charAt(valid.length() - 1);
        List<String> bad = List.of(
                KeyHashShape.random(),                                                  // right shape, never issued
                valid.substring(0, valid.length() - 1),                                 // truncated
                valid.substring(0, valid.length() - 1) + (last == '0' ? '1' : '0'),     // one character changed
                valid.substring(0, 10) + (valid.charAt(10) == 'a' ? 'b' : 'a') + valid.substring(11),
                valid + "0",                                                            // trailing junk
                valid + " junk",
                valid.toUpperCase(),                                                    // hex must be lowercase
                "agsk_" + "g".repeat(64),                                               // not hex
                "sk_" + valid.substring(5),                                             // wrong prefix
                valid + "," + valid);                                                   // two keys in one header
        Api.Response reference = server.withKey(bad.get(0)).in("iso-a").get("/v5/files");
        for (String key : bad) {
            Api.Response r = server.withKey(key).in("iso-a").get("/v5/files");
            assertThat(r.status()).as(key).isEqualTo(401);
            assertThat(r.code()).as(key).isEqualTo("UNAUTHORIZED");
            assertThat(r.envelope()).as("malformed and unknown keys must not be told apart: " + key).isEqualTo(reference.envelope());
        }
        assertThat(keyA.in("iso-a").get("/v5/files").status()).as("the genuine key still works").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agsk_\u00e9\u00e9", "k\u00e9y", "agsk_caf\u00e9"})
    void aNonAsciiHeaderValueIsUnauthorized(String value) throws IOException {
        for (byte[] encoded : List.of(value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.ISO_8859_1))) {
            Api.Response r = raw("GET /iso-a/v5/files HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Filerobot-Key: ",
                    encoded, "\r\n\r\n");
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            JsonNode body = new ObjectMapper().readTree(r.bytes());
            assertThat(body.path("status").asText()).isEqualTo("error");
            assertThat(body.path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(body.has("msg") && body.has("hint")).isTrue();
        }
    }

    // ------------------------------------------------------------------ project isolation

    @Test
    void aKeyOfOneProjectCannotTouchAnother() {
        Api a = keyA.in("iso-b");
        List<Api.Response> attempts = List.of(
                a.get("/v5/files"),
                a.get("/v4/files?folder=/b"),
                a.get("/v5/folders"),
                a.get("/v5/files/" + fileB),
                a.get("/v4/get/" + fileB),
                a.upload("/b", "intruder.txt", "x"),
                a.postJson("/v5/files?folder=/b", "{\"name\":\"intruder.txt\",\"data\":\"eA==\"}"),
                a.patchJson("/v5/files/" + fileB, "{\"name\":\"pwned.txt\"}"),
                a.delete("/v5/files/" + fileB),
                a.deleteJson("/v5/files", "{\"files_uuids\":[\"" + fileB + "\"]}"),
                a.postJson("/v5/folders", "{\"name\":\"/intruder\"}"),
                a.delete("/v5/folders/" + folderB),
                a.get("/v5/tags"));
        State before = stateOfB();
        for (Api.Response r : attempts) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("PROJECT_NOT_ALLOWED");
            assertThat(r.text()).doesNotContain("b.txt").doesNotContain("bravo");
        }
        assertThat(stateOfB()).isEqualTo(before);
        assertThat(adminB.in("iso-b").get("/v4/get/" + fileB).text()).isEqualTo("bravo");
    }

    /** A second target named in the body or path (a uuid of another project) is looked up in the caller's project only. */
    @Test
    void uuidsOfAnotherProjectAreUnknownInsideYourOwn() {
        Api a = keyA.in("iso-a");
        State before = stateOfB();
        assertNotFound(a.get("/v5/files/" + fileB), "FILE_NOT_FOUND");
        assertNotFound(a.get("/v4/get/" + fileB), "FILE_NOT_FOUND");
        assertNotFound(a.patchJson("/v5/files/" + fileB, "{\"name\":\"pwned.txt\"}"), "FILE_NOT_FOUND");
        assertNotFound(a.putJson("/v5/file/" + fileB + "/meta", "{\"meta\":{\"x\":1}}"), "FILE_NOT_FOUND");
        assertNotFound(a.delete("/v5/files/" + fileB), "FILE_NOT_FOUND");
        assertNotFound(a.deleteJson("/v5/files", "{\"files_uuids\":[\"" + fileB + "\"]}"), "FILE_NOT_FOUND");
        assertNotFound(a.postJson("/v5/files/move", "{\"files_uuids\":[\"" + fileB + "\"],\"new_folder_name\":\"/a\"}"), "FILE_NOT_FOUND");
        assertNotFound(a.putJson("/v5/files/" + fileA + "/folders/" + folderB, "{}"), "FOLDER_NOT_FOUND");
        assertNotFound(a.get("/v5/folders/" + folderB), "FOLDER_NOT_FOUND");
        assertNotFound(a.delete("/v5/folders/" + folderB), "FOLDER_NOT_FOUND");
        assertNotFound(a.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + folderB + "\"]}"), "FOLDER_NOT_FOUND");
        JsonNode previews = a.postJson("/v5/folders/previews", "{\"folders\":[\"" + folderB + "\"]}").json();
        assertThat(previews.path("folders").path(folderB)).isEmpty();
        assertThat(stateOfB()).isEqualTo(before);
        assertThat(a.get("/v5/files/" + fileA).status()).as("the file moved nowhere").isEqualTo(200);
        assertThat(a.get("/v5/files/" + fileA).json().path("file").path("folder").path("name").asText()).isEqualTo("/a");
    }

    @Test
    void anUnknownProjectAnswersExactlyLikeAnUnreachableOne() {
        for (String path : List.of("/v5/files", "/v5/files/" + fileB, "/v4/get/" + fileB, "/v5/folders", "/v5/settings")) {
            Api.Response unreachable = keyA.in("iso-b").get(path);
            Api.Response unknown = keyA.in("no-such-project").get(path);
            assertThat(unreachable.status()).isEqualTo(403);
            assertThat(unknown.status()).isEqualTo(403);
            assertThat(unknown.code()).isEqualTo(unreachable.code()).isEqualTo("PROJECT_NOT_ALLOWED");
            assertThat(unknown.json().path("msg").asText().replace("no-such-project", "X"))
                    .isEqualTo(unreachable.json().path("msg").asText().replace("iso-b", "X"));
            assertThat(unknown.json().path("hint")).isEqualTo(unreachable.json().path("hint"));
        }
        Api.Response upUnknown = keyA.in("no-such-project").upload("/", "x.txt", "x");
        Api.Response upUnreachable = keyA.in("iso-b").upload("/", "x.txt", "x");
        assertThat(upUnknown.status()).isEqualTo(upUnreachable.status()).isEqualTo(403);
        assertThat(upUnknown.code()).isEqualTo(upUnreachable.code());
    }

    @Test
    void aCompanyWideKeyReachesEveryProjectIncludingOnesCreatedLater() {
        Api company = server.companyKey(OBJECTS_LIST, OBJECTS_FETCH);
        assertThat(company.in("iso-a").get("/v5/files?folder=/a").status()).isEqualTo(200);
        assertThat(company.in("iso-b").get("/v5/files?folder=/b").status()).isEqualTo(200);
        assertThat(company.in("iso-b").get("/v4/get/" + fileB).text()).isEqualTo("bravo");
        server.createProject("iso-later");
        assertThat(company.in("iso-later").get("/v5/files").status()).isEqualTo(200);
        Api.Response created = root.postJson("/admin/v1/projects", "{\"token\":\"iso-later-http\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(company.in("iso-later-http").get("/v5/files").status()).isEqualTo(200);
        assertThat(keyA.in("iso-later").get("/v5/files").code()).as("a project key does not grow").isEqualTo("PROJECT_NOT_ALLOWED");
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void deactivatingOverHttpStopsTheKeyOnTheNextRequestAndReactivatingRestoresIt() {
        Api key = server.allKey("iso-a");
        assertThat(key.in("iso-a").get("/v5/files").status()).isEqualTo(200);
        Api.Response off = root.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":false}");
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().path("key").path("active").asBoolean()).isFalse();
        assertUnauthorized(key.in("iso-a").get("/v5/files"));
        assertUnauthorized(key.get("/admin/v1/keys"));
        Api.Response on = root.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":true}");
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        assertThat(key.in("iso-a").get("/v5/files").status()).isEqualTo(200);
    }

    @Test
    void deactivatingThroughTheServiceStopsTheKeyOnTheNextRequest() {
        Api key = server.allKey("iso-a");
        assertThat(key.in("iso-a").get("/v4/get/" + fileA).status()).isEqualTo(200);
        setActive(key.keyId, false);
        assertUnauthorized(key.in("iso-a").get("/v4/get/" + fileA));
        setActive(key.keyId, true);
        assertThat(key.in("iso-a").get("/v4/get/" + fileA).text()).isEqualTo("alpha");
    }

    @Test
    void aKeyWorksUntilItExpiresThenAnswersKeyExpired() {
        Instant expiry = server.clock.instant().plusSeconds(3);
        Api key = server.key(false, List.of("iso-a"), PermissionSet.allPermissions(), expiry);
        assertThat(key.in("iso-a").get("/v5/files").status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(4));
        Api.Response r = key.in("iso-a").get("/v5/files");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("KEY_EXPIRED");
        Api.Response admin = key.get("/admin/v1/keys");
        assertThat(admin.status()).isEqualTo(401);
        assertThat(admin.code()).isEqualTo("KEY_EXPIRED");
        Api.Response download = key.in("iso-a").get("/v4/get/" + fileA);
        assertThat(download.status()).isEqualTo(401);
        assertThat(download.code()).isEqualTo("KEY_EXPIRED");
    }

    @Test
    void aDeletedKeyIsUnauthorized() {
        Api overHttp = server.allKey("iso-a");
        Api viaService = server.allKey("iso-a");
        assertThat(overHttp.in("iso-a").get("/v5/files").status()).isEqualTo(200);
        assertThat(viaService.in("iso-a").get("/v5/files").status()).isEqualTo(200);
        Api.Response deleted = root.delete("/admin/v1/keys/" + overHttp.keyId);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        server.app.keys.delete(server.app.keys.visible(viaService.keyId, Optional.empty(), companyId()));
        assertUnauthorized(overHttp.in("iso-a").get("/v5/files"));
        assertUnauthorized(viaService.in("iso-a").get("/v5/files"));
        assertThat(root.get("/admin/v1/keys/" + overHttp.keyId).code()).isEqualTo("KEY_NOT_FOUND");
    }

    @Test
    void inactiveDeletedAndUnknownKeysAllAnswerTheSame() {
        Api inactive = server.allKey("iso-a");
        setActive(inactive.keyId, false);
        Api deleted = server.allKey("iso-a");
        server.app.keys.delete(server.app.keys.visible(deleted.keyId, Optional.empty(), companyId()));
        JsonNode unknown = server.withKey(KeyHashShape.random()).in("iso-a").get("/v5/files").envelope();
        assertThat(inactive.in("iso-a").get("/v5/files").envelope()).isEqualTo(unknown);
        assertThat(deleted.in("iso-a").get("/v5/files").envelope()).isEqualTo(unknown);
    }

    @Test
    void lastUsedAtIsSetOnceTheKeyIsUsed() {
        Api key = server.allKey("iso-a");
        JsonNode fresh = root.get("/admin/v1/keys/" + key.keyId).json().path("key");
        assertThat(fresh.path("last_used_at").isNull()).as(fresh.toString()).isTrue();
        assertThat(key.in("iso-a").get("/v5/files").status()).isEqualTo(200);
        JsonNode used = root.get("/admin/v1/keys/" + key.keyId).json().path("key");
        assertThat(used.path("last_used_at").isTextual()).as(used.toString()).isTrue();
        Instant when = Instant.parse(used.path("last_used_at").asText());
        assertThat(when).isBetween(Instant.parse(used.path("created_at").asText()).minusSeconds(1), server.clock.instant().plusSeconds(1));
    }

    // ------------------------------------------------------------------ at rest

    @Test
    void keysAreStoredOnlyAsAKeyedHash() throws Exception {
        Api.Response created = root.postJson("/admin/v1/keys",
                "{\"description\":\"stored hashed\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"iso-a\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String httpSecret = created.json().path("key").path("secret").asText();
        assertThat(server.withKey(httpSecret).in("iso-a").get("/v5/files").status()).isEqualTo(200);
        List<String> secrets = List.of(httpSecret, keyA.key, adminB.key, root.key);

        List<String> hashes = new ArrayList<>();
        try (Connection c = server.app.database.dataSource().getConnection(); // SQLite or PostgreSQL, as the run chose
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM api_keys")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                hashes.add(rs.getString("secret_hash"));
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    for (String secret : secrets) {
                        assertThat(value == null ? "" : value).as("column " + rs.getMetaData().getColumnName(i))
                                .doesNotContain(secret).doesNotContain(secret.substring(11));
                    }
                }
            }
        }
        byte[] serverSecret = Files.readString(server.dataDir.resolve("secret.key")).trim().getBytes(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(hashes).as("HMAC-SHA256 keyed with the server secret").contains(hmac(serverSecret, secret));
            assertThat(hashes).as("not a plain, unkeyed digest").doesNotContain(sha256(secret));
        }
        // Not in any file of the data directory either: catalog.db, its WAL, blobs, spool.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(server.dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (!TestServer.onPostgres()) {
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("catalog.db");
        }
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as(file.toString()).doesNotContain(secret).doesNotContain(secret.substring(11));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Makes a key-shaped string that was never issued. */
    static final class KeyHashShape {
        static String random() {
            byte[] b = new byte[32];
            new java.security.SecureRandom().nextBytes(b);
            return "agsk_" + HexFormat.of().formatHex(b);
        }
    }

    record State(JsonNode files, JsonNode folders, JsonNode tags) {}

    static State stateOfB() {
        Api b = adminB.in("iso-b");
        return new State(b.get("/v5/files?folder=/&recursive=1").json().path("files"),
                b.get("/v5/folders?folder=/&recursive=1").json().path("folders"), b.get("/v5/tags").json().path("tags"));
    }

    static String upload(Api api, String folder, String name, String content) {
        Api.Response r = api.upload(folder, name, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static void assertUnauthorized(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHORIZED");
    }

    static void assertNotFound(Api.Response r, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.code()).isEqualTo(code);
    }

    static String companyId() {
        return server.app.projects.defaultCompany().id();
    }

    static void setActive(String keyId, boolean active) {
        var current = server.app.keys.visible(keyId, Optional.empty(), companyId());
        server.app.keys.update(current, new NewKey(current.description(), current.permissions(), current.companyWide(),
                current.projects(), current.expiresAt()), active, Optional.empty());
    }

    static String hmac(byte[] key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends bytes the JDK client refuses to send (non-ASCII header values) over a plain socket. */
    static Api.Response raw(String start, byte[] middle, String end) {
        try (RawHttp http = RawHttp.connect(server.port())) {
            return http.send(start).send(middle).send(end).answer();
        }
    }
}
