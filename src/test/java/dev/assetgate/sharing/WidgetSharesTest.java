package dev.assetgate.sharing;

import static dev.assetgate.sharing.ShareFixtures.assertError;
import static dev.assetgate.sharing.ShareFixtures.body;
import static dev.assetgate.sharing.ShareFixtures.create;
import static dev.assetgate.sharing.ShareFixtures.files;
import static dev.assetgate.sharing.ShareFixtures.send;
import static dev.assetgate.sharing.ShareFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shares made as the widget's share dialog and Scaleflex's published examples make them: dates without
 * an offset in a named zone, {@code permissions}, {@code auth} as an object or a list, {@code token},
 * item visibility; the password is kept only as its hash and never answered; the page under
 * Filerobot's {@code /v5/s/{puid}/{slug}} spelling.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "100")
class WidgetSharesTest {
    static final String PASSWORD = "correct horse battery";
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    /** The share dialog's body (ShareDialog.js), with its own dates, zones, permissions and auth. */
    private static String dialog(String token, String item, String permissions, String auth) {
        return "{\"title\":\"From the widget\",\"description\":\"\",\"starts_at\":\"2020-01-01T10:00\",\"expires_at\":\"2099-06-01T10:00\","
                + "\"starts_tz\":\"Europe/Paris\",\"expires_tz\":\"America/New_York\",\"items\":[" + item + "],\"token\":\"" + token + "\","
                + "\"permissions\":\"" + permissions + "\",\"auth\":" + auth + "}";
    }

    @Test
    void theShareDialogsBodyMakesAProtectedShareThatOpensWithItsPassword() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/docs", "a.txt", "alpha");
        String body = dialog(token, files(a), "READ", "{\"user\":\"guest\",\"pass\":\"" + PASSWORD + "\"}");
        Api.Response created = admin.postJson("/v5/shares", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode share = created.json().path("share");
        assertThat(share.path("starts_at").asText()).as("10:00 in Paris (winter)").isEqualTo("2020-01-01T09:00:00Z");
        assertThat(share.path("expires_at").asText()).as("10:00 in New York (summer)").isEqualTo("2099-06-01T14:00:00Z");
        assertThat(share.path("download").asBoolean()).as("READ: no download").isFalse();
        assertThat(share.path("password_protected").asBoolean()).isTrue();
        assertThat(created.text()).as("the password is never answered").doesNotContain(PASSWORD);
        assertThat(admin.get("/v5/shares").text()).doesNotContain(PASSWORD);
        String puid = share.path("puid").asText();

        Api anonymous = server.anonymous.in(token);
        assertError(anonymous.get("/v4/share/" + puid), 401, "SHARE_PASSWORD_REQUIRED");
        assertError(anonymous.get("/v4/share/" + puid + "?password=wrong-password"), 401, "SHARE_PASSWORD_INVALID");
        Api.Response opened = anonymous.get("/v4/share/" + puid + "?password=" + Api.enc(PASSWORD));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        assertThat(opened.json().path("files").path(0).path("name").asText()).isEqualTo("a.txt");
        assertThat(opened.json().path("share").path("download").asBoolean()).isFalse();

        // Scaleflex's examples: auth as a list, READ+DOWNLOAD, an item's visibility
        String listed = dialog(token, "{\"type\":\"file_uuid\",\"identifiers\":[\"" + a + "\"],\"options\":{\"visibility\":\"PUB,ORG\"}}",
                "READ+DOWNLOAD", "[{\"user\":\"guest\",\"pass\":\"" + PASSWORD + "\"}]");
        JsonNode second = create(admin, listed);
        assertThat(second.path("download").asBoolean()).isTrue();
        assertThat(second.path("password_protected").asBoolean()).isTrue();
        JsonNode open = create(admin, dialog(token, files(a), "READ+DOWNLOAD", "[]"));
        assertThat(open.path("password_protected").asBoolean()).as("an empty auth list is no password").isFalse();
        JsonNode emptyPass = create(admin, dialog(token, files(a), "READ", "{\"user\":\"\",\"pass\":\"\"}"));
        assertThat(emptyPass.path("password_protected").asBoolean()).isFalse();

        // an update through auth replaces the password; auth [] removes it
        String uuid = second.path("uuid").asText();
        Api.Response changed = admin.putJson("/v5/share/" + uuid, "{\"auth\":{\"user\":\"x\",\"pass\":\"another password\"}}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(anonymous.get("/v4/share/" + second.path("puid").asText() + "?password=" + Api.enc("another password")).status())
                .isEqualTo(200);
        assertThat(admin.putJson("/v5/share/" + uuid, "{\"auth\":[]}").json().path("share").path("password_protected").asBoolean()).isFalse();
    }

    @Test
    void theWidgetsSpellingsAreCheckedAndABadOneChangesNothing() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        String ok = files(a);
        String pass = "{\"user\":\"u\",\"pass\":\"" + PASSWORD + "\"}";
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put(dialog("another-project", ok, "READ", pass), "token must name this project");
        invalid.put(body("t", List.of(ok), "\"token\":5"), "token must name this project");
        invalid.put(dialog(token, ok, "WRITE", pass), "permissions must be");
        invalid.put(body("t", List.of(ok), "\"permissions\":\"READ\"", "\"download\":true"), "download and permissions disagree");
        invalid.put(dialog(token, ok, "READ", "[" + pass + "," + pass + "]"), "one password");
        invalid.put(dialog(token, ok, "READ", "\"" + PASSWORD + "\""), "auth must be");
        invalid.put(dialog(token, ok, "READ", "{\"user\":\"u\",\"pass\":\"short\"}"), "auth.pass must have 8");
        invalid.put(dialog(token, ok, "READ", "{\"user\":\"u\",\"pass\":\"" + PASSWORD + "\",\"role\":\"x\"}"), "auth: unknown member");
        invalid.put(dialog(token, ok, "READ", "{\"user\":7,\"pass\":\"" + PASSWORD + "\"}"), "auth.user");
        invalid.put(body("t", List.of(ok), "\"auth\":" + pass, "\"password\":\"" + PASSWORD + "\""), "not both");
        invalid.put(body("t", List.of(ok), "\"starts_at\":\"2030-01-01T10:00\"", "\"starts_tz\":\"Nowhere/Land\""), "starts_tz");
        invalid.put(body("t", List.of(ok), "\"starts_tz\":12"), "starts_tz must be a string");
        invalid.put(body("t", List.of("{\"type\":\"file_uuid\",\"identifiers\":[\"" + a + "\"],\"options\":{\"visibility\":\"ALL\"}}")),
                "options.visibility");
        for (Map.Entry<String, String> e : invalid.entrySet()) {
            Api.Response r = admin.postJson("/v5/shares", e.getKey());
            assertError(r, 400, "INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).as(e.getKey()).contains(e.getValue());
            assertThat(r.text()).as("a refusal never echoes the password").doesNotContain(PASSWORD);
        }
        assertThat(admin.get("/v5/shares").json().path("shares")).as("nothing was created").isEmpty();

        JsonNode utc = create(admin, body("t", List.of(ok), "\"expires_at\":\"2099-01-01T10:00\""));
        assertThat(utc.path("expires_at").asText()).as("no zone: UTC").isEqualTo("2099-01-01T10:00:00Z");
        JsonNode offsetWins = create(admin, body("t", List.of(ok), "\"expires_at\":\"2099-01-01T10:00:00+02:00\"", "\"expires_tz\":\"Asia/Tokyo\""));
        assertThat(offsetWins.path("expires_at").asText()).isEqualTo("2099-01-01T08:00:00Z");
    }

    @Test
    void aSassKeySharesOnlyInsideItsScopeWhateverTheSpelling() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String in = upload(admin, "/in", "in.txt", "inside");
        String out = upload(admin, "/out", "out.txt", "outside");
        Api sass = SassKeys.mint(server, server.allKey(token), token,
                "{\"permissions\":[\"OBJECTS_SHARE_MANAGE\",\"OBJECTS_FETCH\",\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        Api.Response refused = sass.postJson("/v5/shares", dialog(token, files(in, out), "READ+DOWNLOAD", "{\"user\":\"u\",\"pass\":\"" + PASSWORD + "\"}"));
        assertError(refused, 403, "FOLDER_NOT_ALLOWED");
        assertThat(admin.get("/v5/shares").json().path("shares")).isEmpty();
        Api.Response made = sass.postJson("/v5/shares", dialog(token, files(in), "READ+DOWNLOAD", "{\"user\":\"u\",\"pass\":\"" + PASSWORD + "\"}"));
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
    }

    @Test
    void theSharePageAnswersAtFilerobotsV5Spelling() {
        String token = server.createProject();
        Api admin = server.allKey(token).in(token);
        String a = upload(admin, "/", "a.txt", "alpha");
        String puid = create(admin, body("Locked", List.of(files(a)), "\"auth\":{\"user\":\"u\",\"pass\":\"" + PASSWORD + "\"}")).path("puid").asText();
        String url = server.baseUrl() + "/" + token + "/v5/s/" + puid + "/locked";
        Api.Response form = send(url, "GET", null, null);
        assertThat(form.status()).isEqualTo(401);
        assertThat(form.text()).contains("<form method=\"post\">").doesNotContain("a.txt");
        Api.Response right = send(url, "POST", "application/x-www-form-urlencoded", "password=" + Api.enc(PASSWORD));
        assertThat(right.status()).isEqualTo(303);
        assertThat(right.header("Location")).isEqualTo("/" + token + "/v5/s/" + puid + "/locked");
        String cookie = right.header("Set-Cookie");
        Api.Response unlocked = send(url, "GET", null, null, "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.text()).contains("a.txt");
        assertThat(send(server.baseUrl() + "/" + token + "/v5/s/no-such-share/x", "GET", null, null).status()).isEqualTo(404);
    }
}
