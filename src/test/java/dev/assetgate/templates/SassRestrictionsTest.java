package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.DE;
import static dev.assetgate.templates.Sass.FR;
import static dev.assetgate.templates.Sass.GB;
import static dev.assetgate.templates.Sass.GB2;
import static dev.assetgate.templates.Sass.SE;
import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.exchange;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Permissions and network rules (IP ranges, countries, the client address behind proxies) on every
 * request made with a SASS key. Client addresses other than 127.0.0.1 are only claimed in
 * X-Forwarded-For headers sent from 127.0.0.1 to a server that trusts it.
 */
@WithServer
@ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32,10.0.0.0/8")
@ServerSetting(key = Setting.GEOIP_DATABASE, value = Sass.GEOIP)
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class SassRestrictionsTest {
    static final String LIST = "/v5/files?folder=/&recursive=1";
    static TestServer server;
    static TestProject p;
    static String fileUuid;
    static String folderUuid;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        Api.Response up = p.api.upload("/docs", "a.txt", "alpha");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        fileUuid = up.json().path("file").path("uuid").asText();
        folderUuid = p.api.get("/v5/folders?folder=/").json().path("folders").get(0).path("uuid").asText();
    }

    /** A key minted from a new template, exchanged from {@code ip} (null: 127.0.0.1 itself). */
    private static Sass.Client sass(String templateJson, String ip) {
        return ip == null ? Sass.keyWith(p, templateJson) : Sass.keyWith(p, templateJson, "X-Forwarded-For", ip);
    }

    private static List<String> files() {
        return Sass.allFiles(p.api);
    }

    /** The console warns about country lists only where they cannot work: this server has a GeoIP database. */
    @Test
    void theTemplateListSaysTheServerHasAGeoIpDatabase() {
        Api.Response r = p.admin.get(Sass.templatesPath("p"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("geoip_database").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ permissions

    @Test
    void permissionsAreCheckedOnEveryRequestBothWays() {
        Sass.Client lister = sass("{\"permissions\":[\"OBJECTS_LIST\"]}", null);
        assertThat(lister.get(LIST).status()).isEqualTo(200);
        assertThat(lister.get("/v5/folders?folder=/").status()).isEqualTo(200);
        assertError(lister.get("/v5/file/" + fileUuid), 403, "PERMISSION_DENIED");
        assertError(lister.get("/v4/get/" + fileUuid), 403, "PERMISSION_DENIED");
        assertError(lister.upload("/docs", "b.txt", "b"), 403, "PERMISSION_DENIED");
        assertError(lister.put("/docs", "b.txt", "b"), 403, "PERMISSION_DENIED");
        assertError(lister.base64("/docs", "b.txt", "b"), 403, "PERMISSION_DENIED");
        assertError(lister.delete("/v4/files/" + fileUuid), 403, "PERMISSION_DENIED");
        assertError(lister.patchJson("/v4/files/" + fileUuid, "{\"name\":\"z.txt\"}"), 403, "PERMISSION_DENIED");
        assertError(lister.putJson("/v5/file/" + fileUuid + "/meta", "{\"meta\":{\"x\":1}}"), 403, "PERMISSION_DENIED");
        assertError(lister.postJson("/v4/folders", "{\"name\":\"/new\"}"), 403, "PERMISSION_DENIED");
        assertError(lister.delete("/v4/folders/" + folderUuid), 403, "PERMISSION_DENIED");
        assertError(lister.postJson("/v4/files", "{\"files_uuids\":[\"" + fileUuid + "\"],\"new_folder_name\":\"/moved\"}"), 403,
                "PERMISSION_DENIED");

        Sass.Client fetcher = sass("{\"permissions\":[\"OBJECTS_FETCH\"]}", null);
        assertError(fetcher.get(LIST), 403, "PERMISSION_DENIED");
        assertThat(fetcher.get("/v5/file/" + fileUuid).status()).isEqualTo(200);
        assertThat(fetcher.get("/v4/get/" + fileUuid).text()).isEqualTo("alpha");

        Sass.Client nothing = sass("{}", null);
        assertError(nothing.get(LIST), 403, "PERMISSION_DENIED");
        assertError(nothing.get("/v5/file/" + fileUuid), 403, "PERMISSION_DENIED");

        assertThat(files()).contains("/docs/a.txt").doesNotContain("/docs/b.txt", "/docs/z.txt", "/moved/a.txt");
    }

    @Test
    void aTemplateWithoutRestrictionsIsExactlyItsPermissions() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\"]}", null);
        // no network rule: any source address
        for (String ip : List.of(GB, SE, FR, "10.1.2.3")) {
            assertThat(key.from(ip).get(LIST).status()).as(ip).isEqualTo(200);
        }
        // no scope: it sees what an API key sees, and uploads anywhere
        JsonNode mine = key.get(LIST).json();
        JsonNode all = p.api.get(LIST).json();
        assertThat(mine.path("info").path("total_files_count").asLong()).isEqualTo(all.path("info").path("total_files_count").asLong());
        Api.Response up = key.upload("/", "free.txt", "free");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String uuid = up.json().path("file").path("uuid").asText();
        assertThat(key.upload("/deep/er/than/before", "x.txt", "x").status()).isEqualTo(200);
        assertThat(key.get("/v4/get/" + fileUuid).text()).isEqualTo("alpha");
        // and nothing more
        assertError(key.delete("/v4/files/" + uuid), 403, "PERMISSION_DENIED");
        assertError(key.patchJson("/v4/files/" + uuid, "{\"name\":\"renamed.txt\"}"), 403, "PERMISSION_DENIED");
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + uuid + "\"],\"new_folder_name\":\"/elsewhere\"}"), 403,
                "PERMISSION_DENIED");
        assertError(key.postJson("/v4/folders", "{\"name\":\"/made\"}"), 403, "PERMISSION_DENIED");
        assertError(key.putJson("/v5/file/" + uuid + "/tags", "{\"new_tags\":[\"x\"]}"), 403, "PERMISSION_DENIED");
        assertError(new Api(server.baseUrl(), key.key).get("/admin/v1/projects/p/security-templates"), 403, "PERMISSION_DENIED");
        assertError(new Api(server.baseUrl(), key.key).postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertThat(files()).contains("/free.txt", "/deep/er/than/before/x.txt");
    }

    // ------------------------------------------------------------------ IP ranges

    @ParameterizedTest(name = "{0}: {1} allowed, {2} refused")
    @CsvSource({
            "81.2.69.142,            81.2.69.142,              81.2.69.143",
            "81.2.69.142/32,         81.2.69.142,              81.2.69.141",
            "89.160.20.112/28,       89.160.20.113,            89.160.20.128",
            "89.160.20.112/28,       89.160.20.127,            89.160.20.111",
            "2a02:cfc0::/29,         2a02:cfc0::1,             2a02:d180::1",
            "2a02:cfc0::/29,         2a02:cfc7:ffff::1,        2a02:cfc8::1",
            "2a02:d180::1,           2a02:d180:0:0:0:0:0:1,    2a02:d180::2",
            "2a02:d180::1/128,       2a02:d180::1,             2a02:cfc0::1",
            "81.2.69.142,            ::ffff:81.2.69.142,       ::ffff:81.2.69.143",
            "81.2.69.142,            81.2.69.142,              2a02:cfc0::1",
    })
    void ipRangesAreEnforcedOnTheExchangeAndOnEveryRequest(String range, String allowed, String refused) {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"" + range + "\"]}}");
        assertError(exchange(server, "p", id, "X-Forwarded-For", refused), 403, "IP_NOT_ALLOWED");
        assertError(exchange(server, "p", id), 403, "IP_NOT_ALLOWED"); // 127.0.0.1 itself
        Sass.Client key = Sass.keyFrom(p, id, "X-Forwarded-For", allowed);
        assertThat(key.from(allowed).get(LIST).status()).isEqualTo(200);
        Api.Response r = key.from(refused).get(LIST);
        assertError(r, 403, "IP_NOT_ALLOWED");
        assertThat(r.json().path("hint").asText()).contains("whitelist_ip_ranges");
        assertError(key.get(LIST), 403, "IP_NOT_ALLOWED");
        assertError(key.from(refused).upload("/docs", "nope.txt", "x"), 403, "PERMISSION_DENIED"); // permission first
    }

    @Test
    void severalRangesAnyOneMatches() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"restrictions\":{\"whitelist_ip_ranges\":"
                + "[\"81.2.69.142\",\"2a02:cfc0::/29\"]}}", GB);
        assertThat(key.from(GB).get(LIST).status()).isEqualTo(200);
        assertThat(key.from(FR).get(LIST).status()).isEqualTo(200);
        assertError(key.from(SE).get(LIST), 403, "IP_NOT_ALLOWED");
        assertError(key.from(DE).upload("/docs", "de.txt", "x"), 403, "IP_NOT_ALLOWED");
        assertThat(files()).doesNotContain("/docs/de.txt");
    }

    // ------------------------------------------------------------------ countries

    @Test
    void countriesAreEnforcedOnTheExchangeAndOnEveryRequest() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"restrictions\":{\"whitelist_countries\":[\"GB\"]}}");
        assertError(exchange(server, "p", id, "X-Forwarded-For", SE), 403, "COUNTRY_NOT_ALLOWED");
        Sass.Client key = Sass.keyFrom(p, id, "X-Forwarded-For", GB);
        assertThat(key.from(GB).get(LIST).status()).isEqualTo(200);
        assertThat(key.from(GB2).get(LIST).status()).isEqualTo(200);
        Api.Response se = key.from(SE).get(LIST);
        assertError(se, 403, "COUNTRY_NOT_ALLOWED");
        assertThat(se.json().path("hint").asText()).contains("whitelist_countries");
        assertError(key.from(FR).get(LIST), 403, "COUNTRY_NOT_ALLOWED");
        assertError(key.from(SE).upload("/docs", "se.txt", "x"), 403, "COUNTRY_NOT_ALLOWED");
        assertThat(files()).doesNotContain("/docs/se.txt");
    }

    @Test
    void ipv6CountriesAndSeveralCountries() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"fr\",\"SE\"]}}", FR);
        assertThat(key.from(FR).get(LIST).status()).isEqualTo(200);
        assertThat(key.from(SE).get(LIST).status()).isEqualTo(200);
        assertError(key.from(DE).get(LIST), 403, "COUNTRY_NOT_ALLOWED");
        assertError(key.from(GB).get(LIST), 403, "COUNTRY_NOT_ALLOWED");
    }

    @Test
    void anAddressWithoutACountryIsRefusedWhenCountriesAreListed() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"GB\"]}}");
        assertError(exchange(server, "p", id), 403, "COUNTRY_NOT_ALLOWED"); // loopback
        assertError(exchange(server, "p", id, "X-Forwarded-For", "192.0.2.1"), 403, "COUNTRY_NOT_ALLOWED"); // documentation range
        Sass.Client key = Sass.keyFrom(p, id, "X-Forwarded-For", GB);
        assertError(key.get(LIST), 403, "COUNTRY_NOT_ALLOWED");
        assertError(key.from("10.9.9.9").get(LIST), 403, "COUNTRY_NOT_ALLOWED"); // a trusted proxy hop only: the proxy itself
    }

    @Test
    void rangesAndCountriesMustBothPass() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142/31\","
                + "\"89.160.20.112/28\"],\"whitelist_countries\":[\"GB\"]}}", GB);
        assertThat(key.from(GB).get(LIST).status()).isEqualTo(200);
        assertError(key.from(SE).get(LIST), 403, "COUNTRY_NOT_ALLOWED"); // range passes, country does not
        assertError(key.from("81.2.69.150").get(LIST), 403, "IP_NOT_ALLOWED"); // country passes, range does not
    }

    // ------------------------------------------------------------------ the client address behind proxies

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142\"]}}", GB);
        // client → 10.0.0.1 (trusted) → 127.0.0.1 (trusted)
        assertThat(key.from(GB + ", 10.0.0.1").get(LIST).status()).isEqualTo(200);
        assertThat(key.from("10.0.0.7," + GB + ",10.0.0.1").get(LIST).status()).isEqualTo(200);
        assertThat(key.from("[" + "::ffff:81.2.69.142" + "]").get(LIST).status()).isEqualTo(200);
        // a spoofed left-most entry is not the client: the right-most untrusted hop is
        assertError(key.from(GB + ", " + SE).get(LIST), 403, "IP_NOT_ALLOWED");
        assertError(key.from(GB + ", " + SE + ", 10.0.0.1").get(LIST), 403, "IP_NOT_ALLOWED");
        // garbage in the chain stops the walk at the last trusted hop, which is not the allowed client
        assertError(key.from(GB + ", not-an-ip").get(LIST), 403, "IP_NOT_ALLOWED");
        assertError(key.from(GB + ", 10.0.0.1, evil.example").get(LIST), 403, "IP_NOT_ALLOWED");
    }

    @Test
    void aForgedForwardedForLineBeforeTheProxysOwnIsNotBelieved() {
        // The client sends its own X-Forwarded-For; a proxy that appends a second header line (instead of
        // extending the first) puts the real client address in the last line. The right-most hop of all
        // lines is the client, never the first line's.
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142\"]}}", GB);
        Sass.Client twoLines = new Sass.Client(server, "p", key.key, "X-Forwarded-For", GB, "X-Forwarded-For", SE);
        assertError(twoLines.get(LIST), 403, "IP_NOT_ALLOWED");
        Sass.Client honest = new Sass.Client(server, "p", key.key, "X-Forwarded-For", SE, "X-Forwarded-For", GB);
        assertThat(honest.get(LIST).status()).isEqualTo(200);
        // the exchange reads the client address the same way
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142\"]}}");
        assertError(exchange(server, "p", id, "X-Forwarded-For", GB, "X-Forwarded-For", SE), 403, "IP_NOT_ALLOWED");
    }

    /** A server with no trusted proxies: forwarding headers are never believed. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.GEOIP_DATABASE, value = Sass.GEOIP)
    @ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NoTrustedProxies {
        TestServer direct;
        Api directAdmin;

        @BeforeAll
        void start(TestServer started) {
            direct = started;
            direct.createProject("p");
            directAdmin = direct.allKey("p");
        }

        private Sass.Client inline(String json) {
            Api.Response r = directAdmin.postJson("/p/key", json);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return new Sass.Client(direct, "p", r.json().path("key").asText());
        }

        @Test
        void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() {
            String only = "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"81.2.69.142\"]}}";
            String id = template(directAdmin, "p", only);
            assertError(exchange(direct, "p", id, "X-Forwarded-For", GB), 403, "IP_NOT_ALLOWED");
            assertError(exchange(direct, "p", id, "X-Forwarded-For", GB, "X-Real-IP", GB, "Forwarded", "for=" + GB), 403, "IP_NOT_ALLOWED");
            // a key minted directly (POST /{token}/key checks no network) is refused on use all the same
            Sass.Client key = inline(only);
            assertError(key.from(GB).get(LIST), 403, "IP_NOT_ALLOWED");
            // the socket address is the client: loopback allowed, whatever the header claims
            Sass.Client local = inline("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"127.0.0.1\"]}}");
            assertThat(local.from(SE).get(LIST).status()).isEqualTo(200);
            assertThat(local.get(LIST).status()).isEqualTo(200);
        }

        @Test
        void aSpoofedForwardedForCannotBuyACountry() {
            String gb = "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"GB\"]}}";
            assertError(exchange(direct, "p", template(directAdmin, "p", gb), "X-Forwarded-For", GB), 403, "COUNTRY_NOT_ALLOWED");
            assertError(inline(gb).from(GB).get(LIST), 403, "COUNTRY_NOT_ALLOWED");
        }
    }

    /** Countries listed while the operator configured no GeoIP database: fail closed. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
    @ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NoGeoIpDatabase {
        TestServer blind;
        Api blindAdmin;

        @BeforeAll
        void start(TestServer started) {
            blind = started;
            blind.createProject("p");
            blindAdmin = blind.allKey("p");
        }

        @Test
        void aCountryListRefusesEveryRequest() {
            String gb = "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"GB\"]}}";
            String id = template(blindAdmin, "p", gb);
            Api.Response refused = exchange(blind, "p", id, "X-Forwarded-For", GB);
            assertError(refused, 403, "COUNTRY_NOT_ALLOWED");
            assertThat(refused.json().path("msg").asText()).containsIgnoringCase("GeoIP");
            Api.Response r = blindAdmin.postJson("/p/key", gb);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            Sass.Client key = new Sass.Client(blind, "p", r.json().path("key").asText());
            assertError(key.from(GB).get(LIST), 403, "COUNTRY_NOT_ALLOWED");
            assertError(key.get(LIST), 403, "COUNTRY_NOT_ALLOWED");
            // without a country list the same server serves the key
            String open = template(blindAdmin, "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
            assertThat(new Sass.Client(blind, "p", Sass.key(blind, "p", open)).from(GB).get(LIST).status()).isEqualTo(200);
        }
    }
}
