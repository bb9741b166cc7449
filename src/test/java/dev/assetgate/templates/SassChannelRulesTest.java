package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.exchange;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How a SASS key may be used: restrictions.allowed_origins (Origin, else Referer; neither → allowed),
 * restrictions.https_only (TLS, or X-Forwarded-Proto from a trusted proxy only) and
 * key_validity.starts_at, each on the key exchange and on every request made with the key, both ways,
 * with the rule named in the hint; the CORS answer follows the template.
 */
@WithServer
@ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class SassChannelRulesTest {
    static final String LIST = "/v5/files?folder=/";
    static final String SHOP = "https://shop.example.com";
    static TestServer server;
    static TestProject p;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
    }

    private static String templateWith(String restrictions) {
        return template(p, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"restrictions\":" + restrictions
                + ",\"key_validity\":{\"expire_duration\":604800}}");
    }

    private static void assertRefusedBy(Api.Response r, String code, String rule) {
        assertError(r, 403, code);
        assertThat(r.json().path("hint").asText()).as(r.toString()).isEqualTo("Rule: " + rule);
    }

    // ------------------------------------------------------------------ allowed origins

    @Test
    void theExchangeChecksTheOriginElseTheRefererAndAllowsACallWithNeither() {
        String id = templateWith("{\"allowed_origins\":[\"" + SHOP + "\",\"https://*.example.net\",\"http://localhost:3000\"]}");
        for (String origin : List.of(SHOP, "https://SHOP.example.com:443", "https://a.example.net", "https://a.b.example.net",
                "http://localhost:3000")) {
            Api.Response r = exchange(server, "p", id, "Origin", origin);
            assertThat(r.status()).as(origin + " " + r).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).as(origin).isEqualTo(origin);
            assertThat(r.header("Vary")).contains("Origin");
        }
        for (String origin : List.of("https://evil.com", "http://shop.example.com", "https://shop.example.com:8443",
                "https://example.net", "https://shop.example.com.evil.com", "null", "http://localhost:3001")) {
            Api.Response r = exchange(server, "p", id, "Origin", origin);
            assertRefusedBy(r, "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
            assertThat(r.header("Access-Control-Allow-Origin")).as(origin).isNull(); // the page cannot even read the refusal
        }
        assertThat(exchange(server, "p", id, "Referer", "https://a.example.net/checkout?step=2").status()).isEqualTo(200);
        assertRefusedBy(exchange(server, "p", id, "Referer", "https://evil.com/" + SHOP), "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
        // Origin first: a good Referer does not rescue a bad Origin, a bad Referer does not spoil a good Origin
        assertRefusedBy(exchange(server, "p", id, "Origin", "https://evil.com", "Referer", SHOP + "/"), "ORIGIN_NOT_ALLOWED",
                "restrictions.allowed_origins");
        assertThat(exchange(server, "p", id, "Origin", SHOP, "Referer", "https://evil.com/").status()).isEqualTo(200);
        // a backend sends neither
        assertThat(exchange(server, "p", id).status()).isEqualTo(200);
    }

    @Test
    void everyRequestWithTheKeyIsHeldToTheOriginsAndItsCorsAnswerFollowsThem() {
        String id = templateWith("{\"allowed_origins\":[\"" + SHOP + "\"]}");
        String key = Sass.key(server, "p", id, "Origin", SHOP);
        Api.Response allowed = new Sass.Client(server, "p", key, "Origin", SHOP).get(LIST);
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(allowed.header("Vary")).contains("Origin");
        Sass.Client elsewhere = new Sass.Client(server, "p", key, "Origin", "https://copycat.example.org");
        Api.Response refused = elsewhere.get(LIST);
        assertRefusedBy(refused, "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        assertRefusedBy(elsewhere.upload("/", "stolen.txt", "x"), "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
        assertRefusedBy(new Sass.Client(server, "p", key, "Referer", "https://copycat.example.org/a").put("/", "r.txt", "x"),
                "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
        assertThat(Sass.allFiles(p.api)).doesNotContain("/stolen.txt", "/r.txt");
        assertThat(new Sass.Client(server, "p", key).get(LIST).status()).isEqualTo(200); // a backend: neither header
        // a key of a template without the rule keeps the server's own CORS answer
        String open = Sass.key(server, "p", templateWith("{}"));
        assertThat(new Sass.Client(server, "p", open, "Origin", "https://anywhere.example").get(LIST).header("Access-Control-Allow-Origin"))
                .isEqualTo("*");
    }

    @Test
    void narrowingTheOriginsOfATemplateBitesItsLiveKeys() {
        String id = templateWith("{}");
        Sass.Client key = new Sass.Client(server, "p", Sass.key(server, "p", id), "Origin", SHOP);
        assertThat(key.get(LIST).status()).isEqualTo(200);
        Api.Response patched = p.admin.patchJson(Sass.templatesPath("p") + "/" + id, "{\"restrictions\":{\"allowed_origins\":[\"https://other.example.com\"]}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertRefusedBy(key.get(LIST), "ORIGIN_NOT_ALLOWED", "restrictions.allowed_origins");
    }

    // ------------------------------------------------------------------ HTTPS only

    @Test
    void httpsOnlyKeysAreRefusedOverPlainHttpAndServedBehindATrustedTlsProxy() {
        String id = templateWith("{\"https_only\":true}");
        assertRefusedBy(exchange(server, "p", id), "HTTPS_REQUIRED", "restrictions.https_only");
        assertRefusedBy(exchange(server, "p", id, "X-Forwarded-Proto", "http"), "HTTPS_REQUIRED", "restrictions.https_only");
        String key = Sass.key(server, "p", id, "X-Forwarded-Proto", "https");
        assertThat(new Sass.Client(server, "p", key, "X-Forwarded-Proto", "https").get(LIST).status()).isEqualTo(200);
        Sass.Client plain = new Sass.Client(server, "p", key);
        assertRefusedBy(plain.get(LIST), "HTTPS_REQUIRED", "restrictions.https_only");
        assertRefusedBy(plain.upload("/", "plain.txt", "x"), "HTTPS_REQUIRED", "restrictions.https_only");
        assertThat(Sass.allFiles(p.api)).doesNotContain("/plain.txt");
    }

    /** The same rule on a server that trusts no proxy: X-Forwarded-Proto from the client is not believed. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutATrustedProxy {
        TestServer untrusting;

        @BeforeAll
        void start(TestServer started) {
            untrusting = started;
        }

        @Test
        void aForgedForwardedProtoDoesNotMakeARequestHttps() {
            untrusting.createProject("q");
            Api own = untrusting.allKey("q");
            String id = template(own, "q", "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"https_only\":true}}");
            assertRefusedBy(exchange(untrusting, "q", id, "X-Forwarded-Proto", "https"), "HTTPS_REQUIRED", "restrictions.https_only");
        }
    }

    // ------------------------------------------------------------------ starts_at

    @Test
    void aTemplateMintsNothingBeforeItsStartAndItsKeysWaitWhenTheStartMovesLater() {
        Instant inAnHour = server.clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":604800,\"starts_at\":\""
                + inAnHour + "\"}}");
        Api.Response early = exchange(server, "p", id);
        assertRefusedBy(early, "KEY_NOT_YET_VALID", "key_validity.starts_at");
        assertThat(early.json().path("msg").asText()).contains(inAnHour.toString());
        server.clock.advance(Duration.ofMinutes(61));
        Sass.Client key = Sass.keyFrom(p, id);
        assertThat(key.get(LIST).status()).isEqualTo(200);
        // moved later while the key lives: the key waits too, and works again from the new start
        Instant later = server.clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Api.Response patched = p.admin.patchJson(Sass.templatesPath("p") + "/" + id,
                "{\"key_validity\":{\"expire_duration\":604800,\"starts_at\":\"" + later + "\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertRefusedBy(key.get(LIST), "KEY_NOT_YET_VALID", "key_validity.starts_at");
        server.clock.advance(Duration.ofHours(2));
        assertThat(key.get(LIST).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ the template

    @Test
    void theRulesAreValidatedWithTheFieldNamedAndShownBack() {
        String base = Sass.templatesPath("p");
        int before = p.admin.get(base).json().path("security_templates").size();
        for (String[] bad : new String[][] {
                {"\"restrictions\":{\"allowed_origins\":[\"shop.example.com\"]}", "restrictions.allowed_origins[0]"},
                {"\"restrictions\":{\"allowed_origins\":[\"https://ok.example.com\",\"https://shop.example.com/page\"]}",
                        "restrictions.allowed_origins[1]"},
                {"\"restrictions\":{\"allowed_origins\":[\"ftp://files.example.com\"]}", "restrictions.allowed_origins[0]"},
                {"\"restrictions\":{\"allowed_origins\":[\"https://*\"]}", "restrictions.allowed_origins[0]"},
                {"\"restrictions\":{\"allowed_origins\":[\"https://*.com\"]}", "restrictions.allowed_origins[0]"},
                {"\"restrictions\":{\"allowed_origins\":\"https://shop.example.com\"}", "restrictions.allowed_origins"},
                {"\"restrictions\":{\"https_only\":\"yes\"}", "restrictions.https_only"},
                {"\"key_validity\":{\"starts_at\":\"tomorrow\"}", "key_validity.starts_at"},
                {"\"key_validity\":{\"starts_at\":1767225600}", "key_validity.starts_at"},
                {"\"key_validity\":{\"starts_at\":\"2026-12-24T08:00:00\"}", "key_validity.starts_at"}}) {
            Api.Response r = p.admin.postJson(base, "{\"permissions\":[\"OBJECTS_LIST\"]," + bad[0] + "}");
            assertError(r, 400, "INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).as(bad[0]).contains(bad[1]);
        }
        assertThat(p.admin.get(base).json().path("security_templates").size()).isEqualTo(before);
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"allowed_origins\":[\"https://*.Example.com\"],"
                + "\"https_only\":true},\"key_validity\":{\"starts_at\":\"2026-12-24T08:00:00+01:00\"}}");
        var t = p.admin.get(base + "/" + id).json().path("security_template");
        assertThat(t.path("restrictions").path("allowed_origins").get(0).asText()).isEqualTo("https://*.Example.com");
        assertThat(t.path("restrictions").path("https_only").asBoolean()).isTrue();
        assertThat(t.path("key_validity").path("starts_at").asText()).isEqualTo("2026-12-24T07:00:00Z");
    }
}
