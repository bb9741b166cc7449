package dev.assetgate.sharing;

import static dev.assetgate.sharing.ShareFixtures.assertError;
import static dev.assetgate.sharing.ShareFixtures.body;
import static dev.assetgate.sharing.ShareFixtures.create;
import static dev.assetgate.sharing.ShareFixtures.files;
import static dev.assetgate.sharing.ShareFixtures.folder;
import static dev.assetgate.sharing.ShareFixtures.folderUuid;
import static dev.assetgate.sharing.ShareFixtures.names;
import static dev.assetgate.sharing.ShareFixtures.send;
import static dev.assetgate.sharing.ShareFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public side of shareboxes, without a key: reading, passwords and their brute-force limits,
 * dates, uses, downloads on and off, live folder contents, and the HTML page. The server believes
 * X-Forwarded-For from 127.0.0.1, so each test speaks from addresses of its own.
 */
@WithServer
@ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
@ServerSetting(key = Setting.SHARE_PASSWORD_ATTEMPTS_PER_IP, value = "4")
@ServerSetting(key = Setting.SHARE_PASSWORD_ATTEMPTS_PER_SHARE, value = "6")
class PublicShareTest {
    static final String PASSWORD = "open sesame 42";
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    record Project(String token, Api admin, Api anonymous) {}

    static Project project() {
        TestProject project = TestProject.create(server);
        return new Project(project.token, project.api, server.anonymous.in(project.token));
    }

    static String[] from(String ip, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "X-Forwarded-For";
        headers[1] = ip;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    static int addresses;

    /** An address no other request used: its per-IP attempt budget is whole. */
    static String nextIp() {
        addresses++;
        return "198.18." + (addresses / 250) + "." + (1 + addresses % 250);
    }

    static Api.Response read(Project p, String puid, String... headers) {
        return p.anonymous.get("/v4/share/" + puid, headers);
    }

    /** A download URL as the reading returns it, relative to the server. */
    static String path(JsonNode file) {
        return file.path("url").path("download").asText().substring(server.baseUrl().length());
    }

    // ------------------------------------------------------------------ reading and live contents

    @Test
    void anOpenShareListsItsFilesAndTheLiveContentsOfItsFoldersAndServesExactlyThose() {
        Project p = project();
        String single = upload(p.admin, "/docs", "single.txt", "single");
        upload(p.admin, "/docs", "unshared.txt", "not shared");
        upload(p.admin, "/shared", "x.txt", "x-bytes");
        String deep = upload(p.admin, "/shared/sub", "y.txt", "y-bytes");
        String secret = upload(p.admin, "/secret", "s.txt", "secret");
        String sharedFolder = folderUuid(p.admin, "/shared");
        JsonNode share = create(p.admin, body("Press kit", List.of(files(single), folder(sharedFolder, true)), "\"description\":\"for press\""));
        String puid = share.path("puid").asText();

        Api.Response r = read(p, puid);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("status").asText()).isEqualTo("success");
        assertThat(json.path("share").path("title").asText()).isEqualTo("Press kit");
        assertThat(json.path("share").path("description").asText()).isEqualTo("for press");
        assertThat(json.path("share").path("password_protected").asBoolean()).isFalse();
        assertThat(names(json.path("files"))).containsExactlyInAnyOrder("single.txt", "x.txt", "y.txt");
        assertThat(json.path("folders")).hasSize(1);
        JsonNode f = json.path("folders").path(0);
        assertThat(f.path("uuid").asText()).isEqualTo(sharedFolder);
        assertThat(f.path("name").asText()).isEqualTo("shared");
        assertThat(f.path("recursive").asBoolean()).isTrue();
        assertThat(f.path("files_count").asLong()).isEqualTo(2);
        assertThat(r.text()).as("internal paths and keys stay inside").doesNotContain("/secret").doesNotContain("/docs")
                .doesNotContain("permalink").doesNotContain("/cdn/");
        JsonNode y = find(json.path("files"), "y.txt");
        assertThat(y.path("folder").path("uuid").asText()).isEqualTo(sharedFolder);
        assertThat(y.path("folder").path("path").asText()).isEqualTo("/sub");
        assertThat(find(json.path("files"), "single.txt").path("folder").path("uuid").isNull()).isTrue();
        assertThat(y.path("size").path("bytes").asLong()).isEqualTo(7);

        for (JsonNode file : json.path("files")) {
            Api.Response bytes = p.anonymous.get(path(file).substring(("/" + p.token).length()));
            assertThat(bytes.status()).as(bytes.toString()).isEqualTo(200);
            assertThat(bytes.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(p.anonymous.get("/v4/share/" + puid + "/files/" + deep).text()).isEqualTo("y-bytes");
        // files outside the share are not served through it, whatever their uuid
        assertError(p.anonymous.get("/v4/share/" + puid + "/files/" + secret), 404, "FILE_NOT_FOUND");
        assertError(p.anonymous.get("/v4/share/" + puid + "/files/no-such-file"), 404, "FILE_NOT_FOUND");

        // live: what is in the folder when the share is read
        String added = upload(p.admin, "/shared/sub/new", "z.txt", "z-bytes");
        assertThat(names(read(p, puid).json().path("files"))).contains("z.txt");
        assertThat(p.anonymous.get("/v4/share/" + puid + "/files/" + added).text()).isEqualTo("z-bytes");
        assertThat(p.admin.postJson("/v5/files/move", "{\"files_uuids\":[\"" + deep + "\"],\"new_folder_name\":\"/secret\"}").status())
                .isEqualTo(200);
        assertThat(names(read(p, puid).json().path("files"))).doesNotContain("y.txt");
        assertError(p.anonymous.get("/v4/share/" + puid + "/files/" + deep), 404, "FILE_NOT_FOUND");
        // the shared folder renamed: still the shared folder
        assertThat(p.admin.putJson("/v5/folder/" + sharedFolder + "/name", "{\"name\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(names(read(p, puid).json().path("files"))).contains("x.txt", "z.txt");
        // a shared file deleted is gone from the share
        assertThat(p.admin.delete("/v5/file/" + single).status()).isEqualTo(200);
        assertThat(names(read(p, puid).json().path("files"))).doesNotContain("single.txt");
    }

    @Test
    void aFolderSharedWithoutRecursionExposesOnlyItsOwnFiles() {
        Project p = project();
        upload(p.admin, "/f", "top.txt", "top");
        String below = upload(p.admin, "/f/below", "below.txt", "below");
        String puid = create(p.admin, body("flat", List.of(folder(folderUuid(p.admin, "/f"), false)))).path("puid").asText();
        assertThat(names(read(p, puid).json().path("files"))).containsExactly("top.txt");
        assertError(p.anonymous.get("/v4/share/" + puid + "/files/" + below), 404, "FILE_NOT_FOUND");
    }

    static JsonNode find(JsonNode files, String name) {
        for (JsonNode f : files) if (f.path("name").asText().equals(name)) return f;
        throw new AssertionError("no " + name + " in " + files);
    }

    // ------------------------------------------------------------------ what reveals nothing

    @Test
    void unknownDeletedExpiredNotYetActiveAndForeignSharesAllAnswerTheSame404() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        Api.Response unknown = read(p, "AAAAAAAAAAAAAAAAAAAAAA");
        assertError(unknown, 404, "SHARE_NOT_FOUND");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode scheduled = create(p.admin, body("later", List.of(files(a)), "\"starts_at\":\"" + now.plusSeconds(3600) + "\""));
        JsonNode expired = create(p.admin, body("over", List.of(files(a)), "\"expires_at\":\"" + now.minusSeconds(60) + "\""));
        JsonNode deleted = create(p.admin, body("gone", List.of(files(a))));
        assertThat(p.admin.delete("/v5/share/" + deleted.path("uuid").asText()).status()).isEqualTo(200);
        Project other = project();
        JsonNode foreign = create(other.admin, body("theirs", List.of(files(upload(other.admin, "/", "o.txt", "o")))));

        assertThat(scheduled.path("state").asText()).isEqualTo("scheduled");
        assertThat(expired.path("state").asText()).isEqualTo("expired");
        for (JsonNode share : List.of(scheduled, expired, deleted, foreign)) {
            String puid = share.path("puid").asText();
            Api.Response r = read(p, puid);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.envelope()).as("the same answer as an unknown puid").isEqualTo(unknown.envelope());
            assertThat(p.anonymous.get("/v4/share/" + puid + "/files/" + a).envelope()).isEqualTo(unknown.envelope());
            Api.Response page = p.anonymous.get("/s/" + puid);
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.text()).contains("Share not found").doesNotContain(share.path("title").asText());
        }
        // the wrong project in the URL hides the share as well
        assertThat(read(other, foreign.path("puid").asText()).status()).isEqualTo(200);
        assertThat(server.anonymous.get("/no-such-project/v4/share/" + foreign.path("puid").asText()).envelope()).isEqualTo(unknown.envelope());

        // dates moved: the share opens; moved back: it closes again
        String scheduledUuid = scheduled.path("uuid").asText();
        assertThat(p.admin.putJson("/v5/share/" + scheduledUuid, "{\"starts_at\":\"" + now.minusSeconds(60) + "\"}").status()).isEqualTo(200);
        assertThat(read(p, scheduled.path("puid").asText()).status()).isEqualTo(200);
        assertThat(p.admin.putJson("/v5/share/" + expired.path("uuid").asText(), "{\"expires_at\":\"" + now.plusSeconds(3600) + "\"}")
                .json().path("share").path("state").asText()).isEqualTo("active");
        assertThat(read(p, expired.path("puid").asText()).status()).isEqualTo(200);
        assertThat(p.admin.putJson("/v5/share/" + scheduledUuid, "{\"expires_at\":\"" + now.minusSeconds(1) + "\"}").status()).isEqualTo(200);
        assertError(read(p, scheduled.path("puid").asText()), 404, "SHARE_NOT_FOUND");
    }

    // ------------------------------------------------------------------ uses and downloads

    @Test
    void aUseIsOneDownloadAndAUsedUpShareRevealsNothing() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "0123456789");
        JsonNode share = create(p.admin, body("twice", List.of(files(a)), "\"max_uses\":2"));
        String puid = share.path("puid").asText();
        String file = "/v4/share/" + puid + "/files/" + a;

        assertThat(read(p, puid).status()).as("reading is not a use").isEqualTo(200);
        assertThat(p.anonymous.head(file).status()).as("HEAD is not a use").isEqualTo(200);
        Api.Response rest = p.anonymous.get(file, "Range", "bytes=4-");
        assertThat(rest.status()).isEqualTo(206);
        assertThat(rest.text()).as("the rest of a download is not a use").isEqualTo("456789");
        assertThat(usesOf(p, share)).isZero();

        assertThat(p.anonymous.get(file).text()).isEqualTo("0123456789");
        Api.Response fromStart = p.anonymous.get(file, "Range", "bytes=0-3");
        assertThat(fromStart.status()).isEqualTo(206);
        assertThat(usesOf(p, share)).isEqualTo(2);
        JsonNode used = p.admin.get("/v5/share/" + share.path("uuid").asText()).json().path("share");
        assertThat(used.path("state").asText()).isEqualTo("used_up");

        assertError(p.anonymous.get(file), 404, "SHARE_NOT_FOUND");
        assertError(read(p, puid), 404, "SHARE_NOT_FOUND");
        assertThat(p.anonymous.get("/s/" + puid).status()).isEqualTo(404);
        // more uses given: it opens again
        assertThat(p.admin.putJson("/v5/share/" + share.path("uuid").asText(), "{\"max_uses\":3}").status()).isEqualTo(200);
        assertThat(p.anonymous.get(file).status()).isEqualTo(200);
        assertThat(usesOf(p, share)).isEqualTo(3);
    }

    static long usesOf(Project p, JsonNode share) {
        return p.admin.get("/v5/share/" + share.path("uuid").asText()).json().path("share").path("uses").asLong();
    }

    @Test
    void withDownloadOffTheItemsAreListedButNotServed() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        JsonNode share = create(p.admin, body("look only", List.of(files(a)), "\"download\":false", "\"max_uses\":1"));
        String puid = share.path("puid").asText();
        JsonNode json = read(p, puid).json();
        assertThat(names(json.path("files"))).containsExactly("a.txt");
        assertThat(json.path("files").path(0).has("url")).isFalse();
        assertThat(json.path("share").path("download").asBoolean()).isFalse();
        assertError(p.anonymous.get("/v4/share/" + puid + "/files/" + a), 403, "SHARE_DOWNLOAD_DISABLED");
        assertThat(usesOf(p, share)).as("a refused download is no use").isZero();
        Api.Response page = p.anonymous.get("/s/" + puid);
        assertThat(page.text()).contains("a.txt").doesNotContain("/files/" + a).contains("Downloads are turned off");
    }

    // ------------------------------------------------------------------ passwords

    @Test
    void aProtectedShareNeedsItsPasswordThenAnAccessTokenServesTheDownloads() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        JsonNode share = create(p.admin, body("locked", List.of(files(a)), "\"password\":\"" + PASSWORD + "\""));
        String puid = share.path("puid").asText();
        String ip = "198.51.100.10";
        String file = "/v4/share/" + puid + "/files/" + a;

        Api.Response missing = read(p, puid, from(ip));
        assertError(missing, 401, "SHARE_PASSWORD_REQUIRED");
        assertThat(missing.text()).doesNotContain("a.txt").doesNotContain("locked");
        Api.Response wrong = read(p, puid, from(nextIp(), "X-Share-Password", "not the password"));
        assertError(wrong, 401, "SHARE_PASSWORD_INVALID");
        assertThat(wrong.text()).doesNotContain("a.txt");
        assertError(p.anonymous.get(file, from(ip)), 401, "SHARE_PASSWORD_REQUIRED");

        Api.Response right = read(p, puid, from(nextIp(), "X-Share-Password", PASSWORD));
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
        assertThat(right.header("Cache-Control")).isEqualTo("no-store");
        assertThat(right.json().path("share").path("password_protected").asBoolean()).isTrue();
        String token = right.json().path("access").path("token").asText();
        assertThat(token).startsWith("v1.");
        assertThat(right.text()).doesNotContain(PASSWORD).doesNotContain("argon2");
        String download = path(right.json().path("files").path(0));
        assertThat(download).endsWith("?access=" + token);
        assertThat(server.anonymous.get(download, from(ip)).text()).isEqualTo("alpha");
        assertThat(p.anonymous.get(file, from(ip, "X-Share-Access", token)).text()).isEqualTo("alpha");
        assertThat(read(p, puid, from(ip, "X-Share-Access", token)).status()).isEqualTo(200);
        // the password in the query works too (it may reach access logs: the header is preferred)
        assertThat(read(p, puid + "?password=" + Api.enc(PASSWORD), from(nextIp())).status()).isEqualTo(200);

        // a forged or foreign token is no token
        assertError(p.anonymous.get(file, from(ip, "X-Share-Access", token.substring(0, token.length() - 2) + "AA")), 401, "SHARE_PASSWORD_REQUIRED");
        JsonNode other = create(p.admin, body("other", List.of(files(a)), "\"password\":\"" + PASSWORD + "\""));
        assertError(read(p, other.path("puid").asText(), from(ip, "X-Share-Access", token)), 401, "SHARE_PASSWORD_REQUIRED");
        // a new password voids every token given out before
        assertThat(p.admin.putJson("/v5/share/" + share.path("uuid").asText(), "{\"password\":\"another password\"}").status()).isEqualTo(200);
        assertError(p.anonymous.get(file, from(ip, "X-Share-Access", token)), 401, "SHARE_PASSWORD_REQUIRED");
        assertError(read(p, puid, from(nextIp(), "X-Share-Password", PASSWORD)), 401, "SHARE_PASSWORD_INVALID");
        assertThat(read(p, puid, from(nextIp(), "X-Share-Password", "another password")).status()).isEqualTo(200);
    }

    @Test
    void passwordAttemptsAreLimitedPerSourceIpAcrossShares() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        String first = create(p.admin, body("one", List.of(files(a)), "\"password\":\"" + PASSWORD + "\"")).path("puid").asText();
        String second = create(p.admin, body("two", List.of(files(a)), "\"password\":\"" + PASSWORD + "\"")).path("puid").asText();
        String attacker = "203.0.113.7";
        // four checks per source IP in 10 minutes (this server's setting), right or wrong, over all shares
        for (int i = 0; i < 3; i++) assertError(read(p, first, from(attacker, "X-Share-Password", "guess-" + i + "-xx")), 401, "SHARE_PASSWORD_INVALID");
        assertError(read(p, second, from(attacker, "X-Share-Password", "guess-3-xxx")), 401, "SHARE_PASSWORD_INVALID");

        Api.Response limited = read(p, first, from(attacker, "X-Share-Password", PASSWORD));
        assertError(limited, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 600L);
        assertThat(limited.json().path("hint").asText()).contains("share.password_per_ip");
        assertThat(limited.text()).as("even the right password is refused while the limit is full").doesNotContain("a.txt");
        assertError(p.anonymous.get("/v4/share/" + second + "/files/" + a, from(attacker, "X-Share-Password", PASSWORD)), 429, "RATE_LIMITED");
        // a request without a password spends nothing and is told a password is needed
        assertError(read(p, first, from(attacker)), 401, "SHARE_PASSWORD_REQUIRED");
        // another source is not affected
        assertThat(read(p, first, from("203.0.113.8", "X-Share-Password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void passwordAttemptsAreLimitedPerShareAcrossSourceIps() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        String target = create(p.admin, body("target", List.of(files(a)), "\"password\":\"" + PASSWORD + "\"")).path("puid").asText();
        String bystander = create(p.admin, body("bystander", List.of(files(a)), "\"password\":\"" + PASSWORD + "\"")).path("puid").asText();
        // a visitor who got in before keeps the access token
        String token = read(p, target, from("192.0.2.1", "X-Share-Password", PASSWORD)).json().path("access").path("token").asText();
        // six checks per share in 10 minutes: a distributed guesser, one guess per address
        for (int i = 2; i <= 6; i++) {
            assertError(read(p, target, from("192.0.2." + i, "X-Share-Password", "wrong guess " + i)), 401, "SHARE_PASSWORD_INVALID");
        }
        Api.Response limited = read(p, target, from("192.0.2.99", "X-Share-Password", PASSWORD));
        assertError(limited, 429, "RATE_LIMITED");
        assertThat(limited.json().path("hint").asText()).contains("share.password_per_share");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(read(p, target, from("192.0.2.1", "X-Share-Access", token)).status()).as("a held token needs no password").isEqualTo(200);
        assertThat(read(p, bystander, from("192.0.2.99", "X-Share-Password", PASSWORD)).status()).as("other shares are not affected")
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ the HTML page

    @Test
    void theHtmlPageListsAndDownloadsTheItemsEscapedUnderAStrictPolicy() {
        Project p = project();
        String evilName = "<img src=x onerror=alert(1)>.txt";
        Api.Response up = p.admin.postJson("/v4/files?folder=/kit", "{\"name\":\"" + evilName.replace("\"", "\\\"")
                + "\",\"data\":\"ZXZpbA==\",\"postactions\":\"decode_base64\"}");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String evil = up.json().path("file").path("uuid").asText();
        upload(p.admin, "/kit/logos", "logo.txt", "logo");
        JsonNode share = create(p.admin, body("<script>alert('t')</script> & kit", List.of(folder(folderUuid(p.admin, "/kit"), true)),
                "\"description\":\"line one\\n<b>not bold</b>\""));
        String puid = share.path("puid").asText();

        Api.Response page = p.anonymous.get("/s/" + puid);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html").contains("utf-8");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("style-src 'sha256-").contains("form-action 'self'")
                .contains("frame-ancestors 'none'").contains("base-uri 'none'").doesNotContain("unsafe").doesNotContain("script-src");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        String html = page.text();
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; kit")
                .contains("&lt;img src=x onerror=alert(1)&gt;.txt")
                .contains("&lt;b&gt;not bold&lt;/b&gt;")
                .contains("logo.txt").contains("<h2>kit/logos</h2>");
        assertThat(html).doesNotContain("http://").as("no external resource");
        String link = "/" + p.token + "/v4/share/" + puid + "/files/" + evil + "?download=1";
        assertThat(html).contains("href=\"" + link + "\"");
        Api.Response download = server.anonymous.get(link);
        assertThat(download.text()).isEqualTo("evil");
        assertThat(download.header("Content-Disposition")).startsWith("attachment");
    }

    @Test
    void theHtmlPageAsksForThePasswordWithAPostFormAndRemembersItInACookie() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        JsonNode share = create(p.admin, body("Locked <page>", List.of(files(a)), "\"password\":\"" + PASSWORD + "\""));
        String puid = share.path("puid").asText();
        String url = server.baseUrl() + "/" + p.token + "/s/" + puid;
        String ip = "198.51.100.77";

        Api.Response form = send(url, "GET", null, null, from(ip));
        assertThat(form.status()).isEqualTo(401);
        assertThat(form.text()).contains("<form method=\"post\">").contains("type=\"password\"").contains("Locked &lt;page&gt;")
                .doesNotContain("a.txt");
        assertThat(form.header("Content-Security-Policy")).contains("form-action 'self'");

        Api.Response wrong = send(url, "POST", "application/x-www-form-urlencoded", "password=nope-nope-nope", from(ip));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).contains("Wrong password.").doesNotContain("a.txt");
        assertThat(wrong.header("Set-Cookie")).isNull();

        Api.Response right = send(url, "POST", "application/x-www-form-urlencoded", "password=" + Api.enc(PASSWORD), from(ip));
        assertThat(right.status()).isEqualTo(303);
        assertThat(right.header("Location")).isEqualTo("/" + p.token + "/s/" + puid);
        String cookie = right.header("Set-Cookie");
        assertThat(cookie).startsWith("agshare_" + puid + "=v1.").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/" + p.token + "/");
        String pair = cookie.substring(0, cookie.indexOf(';'));

        Api.Response unlocked = send(url, "GET", null, null, from(ip, "Cookie", pair));
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.text()).contains("a.txt");
        Api.Response download = send(server.baseUrl() + "/" + p.token + "/v4/share/" + puid + "/files/" + a + "?download=1", "GET", null, null,
                from(ip, "Cookie", pair));
        assertThat(download.text()).isEqualTo("alpha");

        // the form is limited like the API: four checks per address here
        String guesser = "198.51.100.78";
        for (int i = 0; i < 4; i++) {
            assertThat(send(url, "POST", "application/x-www-form-urlencoded", "password=guess" + i + "guess", from(guesser)).status()).isEqualTo(401);
        }
        Api.Response limited = send(url, "POST", "application/x-www-form-urlencoded", "password=" + Api.enc(PASSWORD), from(guesser));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.text()).contains("Too many attempts").doesNotContain("a.txt");
        assertThat(limited.header("Set-Cookie")).isNull();
    }

    @Test
    void anUnprotectedPageNeedsNoFormAndAPostJustComesBack() {
        Project p = project();
        String a = upload(p.admin, "/", "a.txt", "alpha");
        String puid = create(p.admin, body("open", List.of(files(a)))).path("puid").asText();
        Api.Response post = send(server.baseUrl() + "/" + p.token + "/s/" + puid, "POST", "application/x-www-form-urlencoded", "password=x");
        assertThat(post.status()).isEqualTo(303);
        assertThat(post.header("Set-Cookie")).isNull();
        assertThat(p.anonymous.get("/s/" + puid).text()).contains("a.txt").doesNotContain("<form");
    }
}
