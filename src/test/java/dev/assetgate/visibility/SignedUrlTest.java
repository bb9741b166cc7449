package dev.assetgate.visibility;

import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.visibility.Items.folderUuid;
import static dev.assetgate.visibility.Items.local;
import static dev.assetgate.visibility.Items.ok;
import static dev.assetgate.visibility.Items.refused;
import static dev.assetgate.visibility.Items.setFolders;
import static dev.assetgate.visibility.Items.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed delivery URLs: minted by {@code POST file/{uuid}/signed-url}, they deliver one file that is
 * not public without a key, at its CDN path and at its permalink, until they expire, and optionally
 * only to one client address (resolved behind the trusted proxy 127.0.0.1). Any change to them is a
 * refusal with the error envelope.
 */
@WithServer
@ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
@ServerSetting(key = Setting.SIGNED_URL_MAX_SECONDS, value = "" + SignedUrlTest.MAX_SECONDS)
class SignedUrlTest {
    static final long MAX_SECONDS = 7200;
    static TestServer server;
    String token;
    Api api;
    JsonNode secret;   // "top secret" at /vault/s.txt, not public
    JsonNode other;    // "neighbour bytes" at /vault/o.txt, not public

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void freshProject(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
        secret = upload(api, "/vault", "s.txt", "top secret");
        other = upload(api, "/vault", "o.txt", "neighbour bytes");
        ok(setFolders(api, "not_public", folderUuid(api, "/vault")));
        refused(server.anonymous.get(Items.cdnPath(secret)), 404, "FILE_NOT_FOUND");
    }

    private JsonNode mint(JsonNode file, String body) {
        Api.Response r = api.postJson("/v5/file/" + file.path("uuid").asText() + "/signed-url", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        return r.json();
    }

    @Test
    void aSignedUrlDeliversTheFileWithoutAKeyAtItsCdnPathAndItsPermalink() {
        Instant before = server.clock.instant();
        JsonNode signed = mint(secret, "{\"expires_in\":600}");
        assertThat(signed.path("file_uuid").asText()).isEqualTo(secret.path("uuid").asText());
        assertThat(signed.path("url").asText()).startsWith(server.baseUrl() + "/" + token + "/cdn/vault/s.txt?expires=");
        assertThat(signed.path("permalink").asText()).startsWith(server.baseUrl() + "/" + token + "/v4/get/" + secret.path("uuid").asText() + "?");
        assertThat(signed.path("ip").isNull()).isTrue();
        Instant expiresAt = Instant.parse(signed.path("expires_at").asText());
        assertThat(expiresAt).isBetween(before.plusSeconds(599), server.clock.instant().plusSeconds(601));
        assertThat(signed.path("expires_in").asLong()).isBetween(598L, 601L);

        for (String url : List.of(signed.path("url").asText(), signed.path("permalink").asText())) {
            Api.Response r = server.anonymous.get(local(url));
            assertThat(r.status()).as(url + " " + r).isEqualTo(200);
            assertThat(r.text()).isEqualTo("top secret");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            Api.Response head = server.anonymous.head(local(url));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("10");
            assertThat(head.bytes()).isEmpty();
            Api.Response range = server.anonymous.get(local(url), "Range", "bytes=4-9");
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.text()).isEqualTo("secret");
            Api.Response download = server.anonymous.get(local(url) + "&download=1");
            assertThat(download.header("Content-Disposition")).startsWith("attachment");
            // a key that could not fetch it does not spoil a valid signature
            assertThat(server.anonymous.get(local(url), "X-Filerobot-Key", "agsk_" + "0".repeat(64)).status()).isEqualTo(200);
        }
        String permalink = local(signed.path("permalink").asText()).replace("/v4/get/", "/v5/get/");
        assertThat(server.anonymous.get(permalink).text()).isEqualTo("top secret");

        // the permalink form follows the file through a rename; the CDN form names a path
        assertThat(api.putJson("/v5/file/" + secret.path("uuid").asText() + "/name", "{\"name\":\"renamed.txt\"}").status()).isEqualTo(200);
        assertThat(server.anonymous.get(local(signed.path("permalink").asText())).text()).isEqualTo("top secret");
        refused(server.anonymous.get(local(signed.path("url").asText())), 403, "SIGNATURE_INVALID");
    }

    @Test
    void anExpiredUrlIsRefused() {
        JsonNode signed = mint(secret, "{\"expires_in\":1}");
        String url = local(signed.path("permalink").asText());
        server.clock.advance(Duration.ofSeconds(2));
        Api.Response r = server.anonymous.get(url);
        refused(r, 401, "SIGNATURE_EXPIRED");
        assertThat(r.text()).doesNotContain("top secret");
        refused(server.anonymous.get(local(signed.path("url").asText())), 401, "SIGNATURE_EXPIRED");
        Api.Response head = server.anonymous.head(local(signed.path("url").asText()));
        assertThat(head.status()).isEqualTo(401);
        assertThat(head.bytes()).isEmpty();
    }

    @Test
    void anyChangeToTheUrlIsRefused() {
        JsonNode signed = mint(secret, "{\"expires_in\":600}");
        String cdn = local(signed.path("url").asText());
        String permalink = local(signed.path("permalink").asText());
        String query = cdn.substring(cdn.indexOf('?') + 1);
        long expires = Long.parseLong(query.replaceAll(".*expires=([0-9]+).*", "$1"));
        String signature = query.replaceAll(".*signature=([A-Za-z0-9_-]+).*", "$1");
        String flipped = signature.substring(0, 5) + (signature.charAt(5) == 'A' ? 'B' : 'A') + signature.substring(6);
        String base = "/" + token + "/cdn/vault/s.txt?";
        List<String> tampered = List.of(
                base + "expires=" + expires + "&signature=" + flipped,
                base + "expires=" + (expires + 1) + "&signature=" + signature,
                base + "expires=" + (expires - 1) + "&signature=" + signature,
                base + "expires=" + expires,
                base + "signature=" + signature,
                base + "expires=" + expires + "&signature=",
                base + "expires=" + expires + "&signature=" + signature + "=",
                base + "expires=" + expires + "&signature=" + signature.substring(0, signature.length() - 1),
                base + "expires=abc&signature=" + signature,
                base + "expires=" + expires + "&ip=127.0.0.1&signature=" + signature,
                // the same signature on another file of the project, by path and by uuid
                "/" + token + "/cdn/vault/o.txt?" + query,
                "/" + token + "/v4/get/" + other.path("uuid").asText() + "?" + query,
                // a path where no file is: the same refusal, not a 404
                "/" + token + "/cdn/vault/nope.txt?" + query,
                // another project
                "/" + token + "-none/cdn/vault/s.txt?" + query,
                "/" + token + "-none/v4/get/" + secret.path("uuid").asText() + "?" + query);
        for (String url : tampered) {
            Api.Response r = server.anonymous.get(url);
            assertThat(r.status()).as(url + " → " + r).isEqualTo(403);
            assertThat(r.code()).as(url).isEqualTo("SIGNATURE_INVALID");
            assertThat(r.text()).doesNotContain("top secret").doesNotContain("neighbour bytes");
        }
        assertThat(server.anonymous.get("/" + token + "/cdn/vault/nope.txt?expires=" + expires + "&signature=" + flipped).envelope())
                .as("a made-up signature cannot tell a missing file from a private one")
                .isEqualTo(server.anonymous.get(base + "expires=" + expires + "&signature=" + flipped).envelope());
        assertThat(server.anonymous.get(cdn).text()).as("the untouched URL still works").isEqualTo("top secret");
        assertThat(server.anonymous.get(permalink).text()).isEqualTo("top secret");
    }

    @Test
    void aUrlBoundToAnAddressServesOnlyThatClient() {
        JsonNode signed = mint(secret, "{\"expires_in\":600,\"ip\":\"203.0.113.7\"}");
        assertThat(signed.path("ip").asText()).isEqualTo("203.0.113.7");
        for (String url : List.of(local(signed.path("url").asText()), local(signed.path("permalink").asText()))) {
            assertThat(url).contains("ip=203.0.113.7");
            // the trusted proxy 127.0.0.1 says who the client is; X-Forwarded-For is walked from the right
            assertThat(server.anonymous.get(url, "X-Forwarded-For", "203.0.113.7").text()).isEqualTo("top secret");
            assertThat(server.anonymous.get(url, "X-Forwarded-For", "198.51.100.1, 203.0.113.7").text()).isEqualTo("top secret");
            refused(server.anonymous.get(url, "X-Forwarded-For", "198.51.100.1"), 403, "IP_NOT_ALLOWED");
            refused(server.anonymous.get(url, "X-Forwarded-For", "203.0.113.7, 198.51.100.1"), 403, "IP_NOT_ALLOWED");
            refused(server.anonymous.get(url), 403, "IP_NOT_ALLOWED");
            // rewriting the bound address breaks the signature; dropping it too
            refused(server.anonymous.get(url.replace("ip=203.0.113.7", "ip=198.51.100.1"), "X-Forwarded-For", "198.51.100.1"),
                    403, "SIGNATURE_INVALID");
            refused(server.anonymous.get(url.replace("&ip=203.0.113.7", ""), "X-Forwarded-For", "198.51.100.1"),
                    403, "SIGNATURE_INVALID");
        }
        JsonNode v6 = mint(secret, "{\"ip\":\"2001:DB8::1\"}");
        String url = local(v6.path("permalink").asText());
        assertThat(server.anonymous.get(url, "X-Forwarded-For", "2001:db8:0:0::1").text()).isEqualTo("top secret");
        refused(server.anonymous.get(url, "X-Forwarded-For", "2001:db8::2"), 403, "IP_NOT_ALLOWED");
    }

    @Test
    void theLifetimeIsBoundedAndNeverOutlivesTheKey() {
        JsonNode defaulted = mint(secret, "{}");
        assertThat(defaulted.path("expires_in").asLong()).isBetween(3598L, 3601L);
        mint(secret, "{\"expires_in\":" + MAX_SECONDS + "}");
        for (String body : List.of("{\"expires_in\":" + (MAX_SECONDS + 1) + "}", "{\"expires_in\":0}", "{\"expires_in\":-5}",
                "{\"expires_in\":\"60\"}", "{\"expires_in\":1.5}", "{\"expires_in\":99999999999999999999}",
                "{\"ip\":\"example.com\"}", "{\"ip\":\"300.1.1.1\"}", "{\"ip\":5}", "{\"ip\":\"10.0.0.0/8\"}")) {
            refused(api.postJson("/v5/file/" + secret.path("uuid").asText() + "/signed-url", body), 400, "INVALID_PARAMETER");
        }
        for (String body : List.of("", "{\"expires_in\":", "[]")) {
            refused(api.postJson("/v5/file/" + secret.path("uuid").asText() + "/signed-url", body), 400, "INVALID_JSON");
        }
        refused(api.postJson("/v5/file/00000000-0000-0000-0000-000000000000/signed-url", "{}"), 404, "FILE_NOT_FOUND");

        Instant keyExpiry = server.clock.instant().plusSeconds(90);
        Api shortLived = server.key(false, List.of(token), PermissionSet.of(OBJECTS_FETCH), keyExpiry).in(token);
        Api.Response capped = shortLived.postJson("/v4/files/" + secret.path("uuid").asText() + "/signed-url", "{\"expires_in\":3600}");
        assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
        assertThat(Instant.parse(capped.json().path("expires_at").asText())).isBeforeOrEqualTo(keyExpiry.plusSeconds(1));
        assertThat(capped.json().path("expires_in").asLong()).isBetween(85L, 91L);
        assertThat(server.anonymous.get(local(capped.json().path("url").asText())).text()).isEqualTo("top secret");
    }

    @Test
    void aUrlSignedWithAnotherSecretIsRefused() {
        JsonNode signed = mint(secret, "{\"expires_in\":600}");
        try (TestServer stranger = TestServer.start()) {
            stranger.createProject(token);
            Api strangerApi = stranger.allKey(token).in(token);
            JsonNode twin = upload(strangerApi, "/vault", "s.txt", "stranger's");
            ok(setFolders(strangerApi, "not_public", folderUuid(strangerApi, "/vault")));
            String query = local(signed.path("url").asText()).replaceAll("^[^?]*\\?", "");
            refused(stranger.anonymous.get("/" + token + "/cdn/vault/s.txt?" + query), 403, "SIGNATURE_INVALID");
            JsonNode own = strangerApi.postJson("/v5/file/" + twin.path("uuid").asText() + "/signed-url", "{}").json();
            String theirs = local(own.path("url").asText()).replaceAll("^[^?]*\\?", "");
            refused(server.anonymous.get("/" + token + "/cdn/vault/s.txt?" + theirs), 403, "SIGNATURE_INVALID");
        }
    }
}
