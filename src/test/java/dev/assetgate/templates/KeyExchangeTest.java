package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.GB;
import static dev.assetgate.templates.Sass.SE;
import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.exchange;
import static dev.assetgate.templates.Sass.template;
import static dev.assetgate.templates.Sass.templatesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The key exchange (GET /{token}/key/{id}), key introspection and direct minting (POST /{token}/key). */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class KeyExchangeTest {
    static TestServer server;
    static TestProject p;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        server.createProject("other");
    }

    @Test
    void theExchangeAnswersWithAKeyItsValidityInMillisecondsAndItsScopes() {
        String id = template(p, """
                {"permissions":["OBJECTS_LIST","FILE_UPLOAD"],"upload":{"dir_scope":["/uploads/*/*","/inbox/"]},
                 "listing":{"dir_scope":["/public//"]}}""");
        for (String path : List.of("/p/key/", "/p/v4/key/", "/p/v5/key/")) {
            Api.Response r = Sass.send(server.baseUrl() + path + id, "GET", null, null);
            assertThat(r.status()).as(path + " " + r).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.path("status").asText()).isEqualTo("success");
            assertThat(body.path("key").asText()).startsWith("SASS__");
            assertThat(body.path("key_validity").path("expire_duration").asLong()).isEqualTo(1_200_000L);
            assertThat(body.path("upload_scope")).extracting(JsonNode::asText).containsExactly("/uploads/*", "/inbox");
            assertThat(body.path("list_scope")).extracting(JsonNode::asText).containsExactly("/public");
            assertThat(body.path("key_id").asText()).isNotBlank();
            // the key works on the file API at once
            assertThat(server.withKey(body.path("key").asText()).in("p").get("/v5/files?folder=/public").status()).isIn(200, 404);
        }
    }

    @Test
    void aCustomValidityIsReportedInMilliseconds() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":90}}");
        JsonNode body = Sass.minted(server, "p", id);
        assertThat(body.path("key_validity").path("expire_duration").asLong()).isEqualTo(90_000L);
        assertThat(body.path("list_scope")).isEmpty();
        assertThat(body.path("upload_scope")).isEmpty();
    }

    @Test
    void eachExchangeMintsADistinctKey() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        JsonNode a = Sass.minted(server, "p", id);
        JsonNode b = Sass.minted(server, "p", id);
        assertThat(a.path("key").asText()).isNotEqualTo(b.path("key").asText());
        assertThat(a.path("key_id").asText()).isNotEqualTo(b.path("key_id").asText());
    }

    @Test
    void unknownMalformedAndForeignTemplatesAreNotFound() {
        assertError(exchange(server, "p", "SECU_00000000000000000000000000000000"), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(exchange(server, "p", "nonsense"), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        // a template of project p asked through project other, and through a project that does not exist
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertError(exchange(server, "other", id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(exchange(server, "ghost", id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertThat(exchange(server, "p", id).status()).isEqualTo(200);
        // deleted
        assertThat(p.admin.delete(templatesPath("p") + "/" + id).status()).isEqualTo(200);
        assertError(exchange(server, "p", id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
    }

    @Test
    void anInactiveTemplateIsRefusedUntilReactivated() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"active\":false}");
        assertError(exchange(server, "p", id), 403, "TEMPLATE_INACTIVE");
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"active\":true}").status()).isEqualTo(200);
        assertThat(exchange(server, "p", id).status()).isEqualTo(200);
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"active\":false}").status()).isEqualTo(200);
        assertError(exchange(server, "p", id), 403, "TEMPLATE_INACTIVE");
    }

    @Test
    void aKeyHeaderOnTheExchangeIsTolerated() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        // the asset picker sends the template id as the key
        assertThat(exchange(server, "p", id, "X-Filerobot-Key", id).status()).isEqualTo(200);
        // garbage or a SASS key there changes nothing either
        assertThat(exchange(server, "p", id, "X-Filerobot-Key", "whatever").status()).isEqualTo(200);
        assertThat(exchange(server, "p", id, "X-Filerobot-Key", Sass.key(server, "p", id)).status()).isEqualTo(200);
        // and it does not make an unknown template known
        assertError(exchange(server, "p", "SECU_00000000000000000000000000000001", "X-Filerobot-Key", id), 404,
                "SECURITY_TEMPLATE_NOT_FOUND");
    }

    @Test
    void theExchangeChecksTheSourceIp() {
        // the test client is 127.0.0.1
        String refused = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"10.0.0.0/8\"]}}");
        assertError(exchange(server, "p", refused), 403, "IP_NOT_ALLOWED");
        String allowed = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"10.0.0.0/8\",\"127.0.0.0/8\"]}}");
        assertThat(exchange(server, "p", allowed).status()).isEqualTo(200);
    }

    @Test
    void keyInfoDescribesAValidKey() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"]}");
        String key = Sass.key(server, "p", id);
        Api.Response info = server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key));
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().path("is_validate").asBoolean()).isTrue();
        assertThat(info.json().path("is_user_info_included").isBoolean()).isTrue();
        assertThat(info.json().path("is_user_info_included").asBoolean()).isFalse();
        assertThat(info.json().path("permissions")).extracting(JsonNode::asText).containsExactlyInAnyOrder("OBJECTS_LIST", "OBJECTS_FETCH");
        // v5 too
        assertThat(server.anonymous.get("/p/v5/key/info?key=" + Api.enc(key)).status()).isEqualTo(200);

        assertError(server.anonymous.get("/p/v4/key/info"), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(p.admin.key)), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key.substring(0, key.length() - 2))), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/other/v4/key/info?key=" + Api.enc(key)), 403, "PROJECT_NOT_ALLOWED");
        // a revoked key is not valid any more
        assertThat(p.admin.postJson(templatesPath("p") + "/" + id + "/revoke-keys", "").status()).isEqualTo(200);
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key)), 401, "UNAUTHORIZED");
    }

    // ------------------------------------------------------------------ POST /{token}/key

    @Test
    void postKeyMintsOneKeyWithInlineRules() {
        Api minter = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST, Permission.FILE_UPLOAD);
        Api.Response r = minter.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/pub/*\"]},"
                + "\"key_validity\":{\"expire_duration\":60}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("key").asText()).startsWith("SASS__");
        assertThat(r.json().path("key_validity").path("expire_duration").asLong()).isEqualTo(60_000L);
        assertThat(r.json().path("list_scope")).extracting(JsonNode::asText).containsExactly("/pub/*");
        Api sass = server.withKey(r.json().path("key").asText()).in("p");
        assertThat(p.api.upload("/pub", "a.txt", "a").status()).isEqualTo(200);
        assertThat(sass.get("/v5/files?folder=/pub").status()).isEqualTo(200);
        assertError(sass.upload("/pub", "b.txt", "b"), 403, "PERMISSION_DENIED");

        // the legacy {"data":{...}} wrapper
        Api.Response wrapped = minter.postJson("/p/key", "{\"data\":{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}}");
        assertThat(wrapped.status()).as(wrapped.toString()).isEqualTo(200);
        Api wide = server.withKey(wrapped.json().path("key").asText()).in("p");
        assertThat(wide.upload("/pub", "c.txt", "c").status()).isEqualTo(200);

        // inline rules are not templates: not listed
        assertThat(p.admin.get(templatesPath("p")).json().path("security_templates").toString()).doesNotContain("/pub/*");
    }

    @Test
    void postKeyIsNeverWiderThanTheCaller() {
        Api minter = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST);
        assertError(minter.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_DELETE\"]}"), 403, "PERMISSION_DENIED");
        assertError(minter.postJson("/p/key", "{\"permissions\":[\"all\"]}"), 403, "PERMISSION_DENIED");
        assertThat(minter.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}").status()).isEqualTo(200);

        Api noConfig = server.keyFor(List.of("p"), Permission.OBJECTS_LIST, Permission.FILE_UPLOAD);
        assertError(noConfig.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertError(server.anonymous.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 401, "UNAUTHORIZED");
        assertError(minter.postJson("/other/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PROJECT_NOT_ALLOWED");
        Api.Response invalid = minter.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"],\"upload\":{\"max\":-1}}");
        assertError(invalid, 400, "INVALID_PARAMETER");
        assertThat(invalid.json().path("msg").asText()).contains("upload.max");
    }

    @Test
    void theRulesOfAnInlineKeyCannotBeExchangedForMoreKeys() {
        Api.Response r = p.admin.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":60}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        // the claims are readable (signed, not encrypted): they name the inline rules' id
        String claims = new String(java.util.Base64.getUrlDecoder().decode(r.json().path("key").asText().split("\\.")[2]),
                java.nio.charset.StandardCharsets.UTF_8);
        String inlineId = claims.split("\t")[1];
        assertThat(inlineId).startsWith("SECU_");
        assertError(exchange(server, "p", inlineId), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(p.admin.get(templatesPath("p") + "/" + inlineId), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(p.admin.patchJson(templatesPath("p") + "/" + inlineId, "{\"key_validity\":{\"expire_duration\":604800}}"), 404,
                "SECURITY_TEMPLATE_NOT_FOUND");
        assertThat(server.withKey(r.json().path("key").asText()).in("p").get("/v5/files?folder=/").status()).isEqualTo(200);
    }

    @Test
    void aSassKeyCannotMintKeys() {
        String id = template(p, "{\"permissions\":[\"all\"]}");
        Api sass = server.withKey(Sass.key(server, "p", id));
        assertError(sass.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertError(sass.postJson("/p/key", "{\"data\":{\"permissions\":[\"all\"]}}"), 403, "PERMISSION_DENIED");
    }

    // ------------------------------------------------------------------ rate limit and network

    /** A server with the default exchange rate (5 per minute per source IP) behind a trusted proxy at 127.0.0.1. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RateLimited {
        TestServer limited;
        String id;

        @BeforeAll
        void start(TestServer started) {
            limited = started;
            limited.createProject("p");
            id = template(limited.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
        }

        @Test
        void fiveExchangesPerMinutePerSourceIpThen429WithRateLimitHeaders() {
            for (int i = 0; i < 5; i++) {
                assertThat(exchange(limited, "p", id, "X-Forwarded-For", GB).status()).as("exchange " + i).isEqualTo(200);
            }
            Api.Response refused = exchange(limited, "p", id, "X-Forwarded-For", GB);
            assertError(refused, 429, "RATE_LIMITED");
            long retry = Long.parseLong(refused.header("Retry-After"));
            assertThat(retry).isBetween(1L, 60L);
            assertThat(refused.header("RateLimit-Policy")).contains("q=5").contains("w=60");
            assertThat(refused.header("RateLimit")).contains("r=0").contains("t=");
            // another source IP has its own budget
            assertThat(exchange(limited, "p", id, "X-Forwarded-For", SE).status()).isEqualTo(200);
            assertError(exchange(limited, "p", id, "X-Forwarded-For", GB), 429, "RATE_LIMITED");
        }

        @Test
        void eachTemplateHasItsOwnBudgetPerSourceIp() {
            String ip = "81.2.69.160";
            String other = template(limited.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
            for (int i = 0; i < 5; i++) assertThat(exchange(limited, "p", id, "X-Forwarded-For", ip).status()).isEqualTo(200);
            assertError(exchange(limited, "p", id, "X-Forwarded-For", ip), 429, "RATE_LIMITED");
            // a second widget on the same page (same IP) is not starved by the first
            assertThat(exchange(limited, "p", other, "X-Forwarded-For", ip).status()).isEqualTo(200);
        }

        @Test
        void aTemplateOverridesTheServerRateAndTheRefusalIsAudited() {
            Api admin = limited.allKey("p");
            String ip = "81.2.69.170";
            String busy = template(admin, "p", "{\"permissions\":[\"OBJECTS_LIST\"],\"exchange\":{\"limit_per_source_ip\":8}}");
            String quiet = template(admin, "p", "{\"permissions\":[\"OBJECTS_LIST\"],\"exchange\":{\"limit_per_source_ip\":1}}");
            assertThat(admin.get(templatesPath("p") + "/" + busy).json().path("security_template").path("exchange")
                    .path("limit_per_source_ip").asLong()).isEqualTo(8);
            for (int i = 0; i < 8; i++) assertThat(exchange(limited, "p", busy, "X-Forwarded-For", ip).status()).as("exchange " + i).isEqualTo(200);
            Api.Response refused = exchange(limited, "p", busy, "X-Forwarded-For", ip);
            assertError(refused, 429, "RATE_LIMITED");
            assertThat(refused.header("RateLimit-Policy")).contains("exchange.limit_per_source_ip").contains("q=8");
            assertThat(exchange(limited, "p", quiet, "X-Forwarded-For", ip).status()).isEqualTo(200);
            assertError(exchange(limited, "p", quiet, "X-Forwarded-For", ip), 429, "RATE_LIMITED");

            JsonNode event = StreamSupport.stream(admin.get("/admin/v1/audit?project=p&kind=request.refused&limit=500").json()
                            .path("events").spliterator(), false)
                    .filter(e -> busy.equals(e.path("template_id").asText())).findFirst().orElseThrow();
            assertThat(event.path("rule").asText()).isEqualTo("RATE_LIMITED");
            assertThat(event.path("ip").asText()).isEqualTo(ip);
            assertThat(event.path("path").asText()).isEqualTo("/p/key/" + busy);
            assertThat(event.path("detail").path("reason").asText()).isEqualTo("limit:exchange.limit_per_source_ip");
        }

        @Test
        void anInvalidOverrideIsRefusedNamingTheFieldAndChangesNothing() {
            Api admin = limited.allKey("p");
            for (String bad : List.of("0", "-1", "10001", "1.5", "\"5\"", "[]")) {
                Api.Response r = admin.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"],\"exchange\":{\"limit_per_source_ip\":" + bad + "}}");
                assertError(r, 400, "INVALID_PARAMETER");
                assertThat(r.json().path("msg").asText()).as(bad).contains("exchange.limit_per_source_ip");
                assertError(admin.patchJson(templatesPath("p") + "/" + id, "{\"exchange\":{\"limit_per_source_ip\":" + bad + "}}"), 400,
                        "INVALID_PARAMETER");
            }
            assertError(admin.postJson(templatesPath("p"), "{\"exchange\":{\"per_minute\":3}}"), 400, "INVALID_PARAMETER");
            assertThat(admin.get(templatesPath("p") + "/" + id).json().path("security_template").path("version").asLong()).isEqualTo(1);
        }

        @Test
        void refusedExchangesAreNotCounted() {
            String ip = "81.2.69.150";
            for (int i = 0; i < 10; i++) {
                assertError(exchange(limited, "p", "SECU_00000000000000000000000000000000", "X-Forwarded-For", ip), 404,
                        "SECURITY_TEMPLATE_NOT_FOUND");
            }
            assertThat(exchange(limited, "p", id, "X-Forwarded-For", ip).status()).isEqualTo(200);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ConfiguredRate {
        @Test
        void theRateIsASetting() {
            try (TestServer two = TestServer.start(Map.of(Setting.KEY_EXCHANGE_PER_MINUTE, "2"))) {
                two.createProject("p");
                String id = template(two.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
                assertThat(exchange(two, "p", id).status()).isEqualTo(200);
                assertThat(exchange(two, "p", id).status()).isEqualTo(200);
                Api.Response refused = exchange(two, "p", id);
                assertError(refused, 429, "RATE_LIMITED");
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(refused.header("RateLimit-Policy")).contains("q=2");
            }
        }
    }

    /** Countries need the GeoIP database; client addresses arrive through a trusted proxy at 127.0.0.1. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
    @ServerSetting(key = Setting.GEOIP_DATABASE, value = Sass.GEOIP)
    @ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Countries {
        TestServer geo;
        Api geoAdmin;

        @BeforeAll
        void start(TestServer started) {
            geo = started;
            geo.createProject("p");
            geoAdmin = geo.allKey("p");
        }

        @Test
        void onlyListedCountriesGetAKey() {
            String id = template(geoAdmin, "p", "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"GB\"]}}");
            assertThat(exchange(geo, "p", id, "X-Forwarded-For", GB).status()).isEqualTo(200);
            assertError(exchange(geo, "p", id, "X-Forwarded-For", SE), 403, "COUNTRY_NOT_ALLOWED");
            assertError(exchange(geo, "p", id), 403, "COUNTRY_NOT_ALLOWED"); // loopback: no country
        }

        @Test
        void ipRangesThroughTheProxy() {
            String id = template(geoAdmin, "p", "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142/31\"]}}");
            assertThat(exchange(geo, "p", id, "X-Forwarded-For", GB).status()).isEqualTo(200);
            assertError(exchange(geo, "p", id, "X-Forwarded-For", SE), 403, "IP_NOT_ALLOWED");
            assertError(exchange(geo, "p", id), 403, "IP_NOT_ALLOWED");
        }
    }
}
