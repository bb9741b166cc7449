package dev.assetgate.console;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.FILE_UPLOAD;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Browser;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Console sessions over HTTP: sign-in exchanges a key for a cookie, the cookie acts as that key on
 * management and project routes and the permalink, every change made with it needs the CSRF token,
 * and a session ends on sign-out, when it expires, and when its key stops being valid.
 */
@WithServer
class ConsoleSessionTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    static Api console(String token) {
        return server.key(false, List.of(token), PermissionSet.allPermissions(), null);
    }

    // ------------------------------------------------------------------ sign-in

    @Test
    void signInAnswersTheSessionAndSetsAStrictHttpOnlyCookieWithoutKeepingTheKey() {
        String token = server.createProject();
        Api key = console(token);
        Browser b = new Browser(server.baseUrl());
        Api.Response r = b.signIn(key.key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode session = r.json().path("session");
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(session.path("csrf_token").asText()).hasSizeGreaterThan(30);
        assertThat(session.path("read_only").asBoolean()).isFalse();
        assertThat(session.path("key").path("id").asText()).isEqualTo(key.keyId);
        JsonNode asListed = key.get("/admin/v1/keys/" + key.keyId).json().path("key");
        ((com.fasterxml.jackson.databind.node.ObjectNode) asListed).remove("last_used_at");
        ((com.fasterxml.jackson.databind.node.ObjectNode) session.path("key")).remove("last_used_at");
        assertThat(session.path("key")).as("the key object of GET /admin/v1/keys/{id}").isEqualTo(asListed);
        assertThat(session.path("company_uuid").asText()).isEqualTo(server.app.projects.defaultCompany().id());
        Instant expires = Instant.parse(session.path("expires_at").asText());
        assertThat(expires).isAfter(Instant.now().plusSeconds(25 * 60)).isBefore(Instant.now().plusSeconds(31 * 60));
        assertThat(r.text()).doesNotContain(key.key);

        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("assetgate_session=").contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain("Secure").doesNotContain(key.key);
        long maxAge = Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertThat(maxAge).isBetween(12 * 3600L - 60, 12 * 3600L);
        assertThat(b.cookie).hasSize(43);

        Api.Response again = b.get("/admin/v1/session");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("session").path("csrf_token").asText()).isEqualTo(b.csrf);
        assertThat(again.json().path("session").path("key").path("id").asText()).isEqualTo(key.keyId);
    }

    @Test
    void signInRefusesBadKeysKeysWithoutConfigPermissionsAndSassKeys() {
        String token = server.createProject();
        Browser b = new Browser(server.baseUrl());
        Api.Response bad = b.signIn("agsk_" + "0".repeat(64));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.code()).isEqualTo("UNAUTHORIZED");
        assertThat(bad.header("Set-Cookie")).isNull();
        assertThat(b.signIn("nonsense").code()).isEqualTo("UNAUTHORIZED");
        Api.Response missing = b.signIn(null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("UNAUTHORIZED");
        Api.Response notJson = b.send("POST", "/admin/v1/session", "application/json", "{\"key", false);
        assertThat(notJson.status()).isEqualTo(400);
        Api key = console(token);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            Api.Response form = b.send("POST", "/admin/v1/session", type, "{\"key\":\"" + key.key + "\"}", false);
            assertThat(form.status()).as("what a cross-site form could send (%s): no login CSRF", type).isEqualTo(415);
            assertThat(form.header("Set-Cookie")).isNull();
        }

        Api.Response noConfig = b.signIn(server.keyFor(List.of(token), OBJECTS_LIST, FILE_UPLOAD).key);
        assertThat(noConfig.status()).isEqualTo(403);
        assertThat(noConfig.code()).isEqualTo("PERMISSION_DENIED");
        assertThat(noConfig.header("Set-Cookie")).isNull();

        Api inactive = console(token);
        assertThat(inactive.patchJson("/admin/v1/keys/" + inactive.keyId, "{\"active\":false}").status()).isEqualTo(200);
        assertThat(b.signIn(inactive.key).status()).isEqualTo(401);

        Api sass = SassKeys.mint(server, console(token), token, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        Api.Response sassSignIn = b.signIn(sass.key);
        assertThat(sassSignIn.status()).isEqualTo(403);
        assertThat(sassSignIn.code()).isEqualTo("PERMISSION_DENIED");
        assertThat(sassSignIn.header("Set-Cookie")).isNull();
        assertThat(b.cookie).isNull();
    }

    @Test
    void aListOnlyKeyGetsAReadOnlySessionThatCannotWrite() {
        String token = server.createProject();
        Api listOnly = server.keyFor(List.of(token), CONFIG_LIST);
        Browser b = Browser.signedIn(server.baseUrl(), listOnly.key);
        assertThat(b.get("/admin/v1/session").json().path("session").path("read_only").asBoolean()).isTrue();
        assertThat(b.get("/admin/v1/keys").status()).isEqualTo(200);
        Api.Response create = b.write("POST", "/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[\"CONFIG_LIST\"],\"projects\":[\"" + token + "\"]}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.code()).isEqualTo("PERMISSION_DENIED");
        Api.Response template = b.write("POST", "/admin/v1/projects/" + token + "/security-templates", "{\"permissions\":[]}");
        assertThat(template.status()).isEqualTo(403);
        assertThat(listOnly.get("/admin/v1/keys").json().path("keys")).hasSize(1);
    }

    @Test
    void theCookieIsSecureOnlyBehindATrustedProxyThatSaysHttps() {
        try (TestServer proxied = TestServer.start(Map.of(Setting.TRUSTED_PROXIES, "127.0.0.1/32"))) {
            proxied.createProject("tls");
            String key = proxied.key(false, List.of("tls"), PermissionSet.allPermissions(), null).key;
            Browser overHttps = new Browser(proxied.baseUrl());
            overHttps.extraHeaders.addAll(List.of("X-Forwarded-Proto", "https"));
            assertThat(overHttps.signIn(key).header("Set-Cookie")).contains("; Secure").contains("; HttpOnly");
            Browser plain = new Browser(proxied.baseUrl());
            assertThat(plain.signIn(key).header("Set-Cookie")).doesNotContain("Secure");
        }
        String token = server.createProject();
        Browser untrusted = new Browser(server.baseUrl()); // no trusted proxies: the header is not believed
        untrusted.extraHeaders.addAll(List.of("X-Forwarded-Proto", "https"));
        assertThat(untrusted.signIn(console(token).key).header("Set-Cookie")).doesNotContain("Secure");
    }

    // ------------------------------------------------------------------ the cookie as a credential

    @Test
    void theCookieActsAsItsKeyOnManagementProjectAndPermalinkRoutes() {
        String token = server.createProject();
        Api key = console(token);
        String uuid = key.in(token).upload("/docs", "a.txt", "hello").json().path("file").path("uuid").asText();
        Browser b = Browser.signedIn(server.baseUrl(), key.key);
        assertThat(b.get("/admin/v1/projects").json().path("projects").findValuesAsText("token")).containsExactly(token);
        assertThat(b.get("/admin/v1/keys").json().path("keys").findValuesAsText("id")).contains(key.keyId);
        Api.Response files = b.get("/" + token + "/v5/files?folder=/docs");
        assertThat(files.status()).as(files.toString()).isEqualTo(200);
        assertThat(files.json().path("files").get(0).path("uuid").asText()).isEqualTo(uuid);
        assertThat(files.json().path("files")).hasSize(1);
        for (String v : List.of("v4", "v5")) {
            Api.Response bytes = b.get("/" + token + "/" + v + "/get/" + uuid);
            assertThat(bytes.status()).isEqualTo(200);
            assertThat(bytes.text()).isEqualTo("hello");
        }
        Api.Response upload = b.write("POST", "/" + token + "/v4/files?folder=/docs", "{\"name\":\"b.txt\",\"data\":\"aGk=\"}");
        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
        Api.Response created = b.write("POST", "/admin/v1/keys",
                "{\"description\":\"made in the console\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"" + token + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // another project: the session reaches exactly what its key reaches
        String other = server.createProject();
        assertThat(b.get("/" + other + "/v5/files?folder=/").code()).isEqualTo("PROJECT_NOT_ALLOWED");
    }

    @Test
    void aWriteWithTheCookieButWithoutTheRightCsrfTokenIsRefusedAndChangesNothing() {
        String token = server.createProject();
        Api key = console(token);
        Browser b = Browser.signedIn(server.baseUrl(), key.key);
        String keys = key.get("/admin/v1/keys").text();
        String files = key.in(token).get("/v5/files?folder=/&recursive=1").json().path("files").toString();
        String body = "{\"description\":\"forged\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"" + token + "\"]}";
        for (String csrf : new String[] {null, "", "wrong", b.csrf + "x", b.csrf.substring(1)}) {
            List<Api.Response> refused = List.of(
                    b.sendWithCsrfHeader("POST", "/admin/v1/keys", "application/json", body, csrf),
                    b.sendWithCsrfHeader("PATCH", "/admin/v1/keys/" + key.keyId, "application/json", "{\"description\":\"forged\"}", csrf),
                    b.sendWithCsrfHeader("DELETE", "/admin/v1/keys/" + key.keyId, null, null, csrf),
                    b.sendWithCsrfHeader("POST", "/" + token + "/v4/files?folder=/docs", "application/json", "{\"name\":\"f.txt\",\"data\":\"aGk=\"}", csrf),
                    b.sendWithCsrfHeader("POST", "/" + token + "/v5/folders", "application/json", "{\"name\":\"/forged\"}", csrf),
                    b.sendWithCsrfHeader("DELETE", "/admin/v1/session", null, null, csrf));
            for (Api.Response r : refused) {
                assertThat(r.status()).as("csrf %s: %s", csrf, r).isEqualTo(403);
                assertThat(r.code()).isEqualTo("CSRF_TOKEN_INVALID");
            }
        }
        assertThat(key.get("/admin/v1/keys").text()).isEqualTo(keys);
        assertThat(key.in(token).get("/v5/files?folder=/&recursive=1").json().path("files").toString()).isEqualTo(files);
        assertThat(key.in(token).get("/v5/folders?folder=/").json().path("folders").findValuesAsText("name")).doesNotContain("forged");
        assertThat(b.get("/admin/v1/session").status()).as("a refused sign-out leaves the session").isEqualTo(200);
    }

    @Test
    void anExplicitKeyHeaderWinsOverTheCookieAndNeedsNoCsrfToken() {
        String token = server.createProject();
        Browser b = Browser.signedIn(server.baseUrl(), console(token).key);
        Api readOnly = server.keyFor(List.of(token), CONFIG_LIST, OBJECTS_LIST);
        b.extraHeaders.addAll(List.of("X-Filerobot-Key", readOnly.key));
        Api.Response refused = b.writeWithoutCsrf("POST", "/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"" + token + "\"]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).as("the header's key lacks CONFIG_CHANGE").isEqualTo("PERMISSION_DENIED");
        Api writer = server.keyFor(List.of(token), CONFIG_CHANGE);
        b.extraHeaders.set(1, writer.key);
        Api.Response made = b.writeWithoutCsrf("POST", "/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[\"CONFIG_CHANGE\"],\"projects\":[\"" + token + "\"]}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
    }

    @Test
    void withoutCookieOrKeyTheUsualUnauthorizedAndAForgedCookieIsAnEndedSession() {
        Browser nobody = new Browser(server.baseUrl());
        assertThat(nobody.get("/admin/v1/keys").code()).isEqualTo("UNAUTHORIZED");
        assertThat(nobody.get("/admin/v1/session").code()).isEqualTo("UNAUTHORIZED");
        nobody.cookie = "A".repeat(43);
        Api.Response forged = nobody.get("/admin/v1/keys");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.code()).isEqualTo("SESSION_EXPIRED");
        assertThat(forged.header("Set-Cookie")).contains("Max-Age=0");
        nobody.cookie = "not-even-the-shape";
        assertThat(nobody.get("/admin/v1/session").code()).isEqualTo("SESSION_EXPIRED");
    }

    // ------------------------------------------------------------------ the end of a session

    @Test
    void signOutEndsTheSessionOnTheServerAndClearsTheCookie() {
        String token = server.createProject();
        Browser b = Browser.signedIn(server.baseUrl(), console(token).key);
        String stolen = b.cookie;
        Api.Response out = b.write("DELETE", "/admin/v1/session", null);
        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.header("Set-Cookie")).startsWith("assetgate_session=;").contains("Max-Age=0");
        b.cookie = stolen; // a copy of the cookie kept elsewhere is dead too
        for (String path : List.of("/admin/v1/session", "/admin/v1/keys", "/" + token + "/v5/files?folder=/")) {
            Api.Response r = b.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.code()).isEqualTo("SESSION_EXPIRED");
        }
    }

    @Test
    void aDeactivatedOrDeletedKeyEndsItsSessionsAtOnce() {
        String token = server.createProject();
        Api admin = console(token);
        Api key = console(token);
        Browser b = Browser.signedIn(server.baseUrl(), key.key);
        assertThat(admin.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":false}").status()).isEqualTo(200);
        Api.Response r = b.get("/admin/v1/keys");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("SESSION_EXPIRED");
        assertThat(admin.patchJson("/admin/v1/keys/" + key.keyId, "{\"active\":true}").status()).isEqualTo(200);
        assertThat(b.get("/admin/v1/keys").status()).as("reactivating the key does not revive the session").isEqualTo(401);

        Browser second = Browser.signedIn(server.baseUrl(), key.key);
        assertThat(second.get("/admin/v1/keys").status()).isEqualTo(200);
        assertThat(admin.delete("/admin/v1/keys/" + key.keyId).status()).isEqualTo(200);
        assertThat(second.get("/admin/v1/session").code()).isEqualTo("SESSION_EXPIRED");

        Browser third = Browser.signedIn(server.baseUrl(), (key = console(token)).key);
        assertThat(admin.patchJson("/admin/v1/keys/" + key.keyId, "{\"permissions\":[\"OBJECTS_LIST\"]}").status()).isEqualTo(200);
        assertThat(third.get("/admin/v1/session").code()).as("a key without CONFIG_* keeps no console").isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void anIdleOrTooOldSessionIsRefused() {
        try (TestServer idle = TestServer.start(Map.of(Setting.CONSOLE_SESSION_IDLE, "1s"));
             TestServer old = TestServer.start(Map.of(Setting.CONSOLE_SESSION_MAX, "1s"))) {
            List<Browser> sessions = new java.util.ArrayList<>();
            for (TestServer s : List.of(idle, old)) {
                s.createProject("p");
                Browser b = Browser.signedIn(s.baseUrl(), s.key(false, List.of("p"), PermissionSet.of(CONFIG_LIST, OBJECTS_FETCH), null).key);
                sessions.add(b);
            }
            idle.clock.advance(Duration.ofMillis(1_500)); // past both limits
            old.clock.advance(Duration.ofMillis(1_500));
            for (Browser b : sessions) {
                Api.Response r = b.get("/admin/v1/keys");
                assertThat(r.status()).as(r.toString()).isEqualTo(401);
                assertThat(r.code()).isEqualTo("SESSION_EXPIRED");
                assertThat(b.get("/admin/v1/session").code()).isEqualTo("SESSION_EXPIRED");
            }
        }
    }
}
