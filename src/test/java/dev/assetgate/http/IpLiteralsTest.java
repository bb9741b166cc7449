package dev.assetgate.http;

import static dev.assetgate.http.BadInputTest.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IPv4 parts with leading zeros ("010.0.0.1") are ambiguous: Java reads them as decimal (10.0.0.1),
 * inet_aton, curl and browsers as octal (8.0.0.1). Every IP list refuses them, with a reason:
 * template allow-lists, the IP a signed URL is bound to, and the trusted-proxy and URL-upload settings.
 */
@WithServer
class IpLiteralsTest {
    private static final String TEMPLATES = "/admin/v1/projects/ips/security-templates";
    static TestServer server;
    static Api api;
    static Api root;
    static String file;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("ips");
        api = server.allKey("ips").in("ips");
        root = server.companyKey();
        file = api.upload("/", "f.txt", "x").json().path("file").path("uuid").asText();
    }

    @Test
    void templateAllowListsRefuseLeadingZeros() {
        String before = root.get(TEMPLATES).text();
        for (String range : List.of("010.0.0.1", "10.0.0.010", "192.168.01.0/24", "00.0.0.0/0", "::ffff:010.0.0.1")) {
            Api.Response r = root.postJson(TEMPLATES, template(range));
            expect(r, 400, "INVALID_PARAMETER", range);
            assertThat(r.json().path("msg").asText()).as(range).contains("ambiguous", "leading zero");
        }
        assertThat(root.get(TEMPLATES).text()).isEqualTo(before);
        // plain zeros and IPv6 groups with leading zeros (hex, unambiguous) are fine
        for (String range : List.of("10.0.0.0/8", "0.0.0.0/0", "100.64.0.0/10", "2001:db8::0123/128", "::ffff:10.0.0.1")) {
            Api.Response r = root.postJson(TEMPLATES, template(range));
            assertThat(r.status()).as(range + ": " + r).isEqualTo(201);
        }
    }

    @Test
    void signedUrlsRefuseALeadingZeroInTheBoundIp() {
        Api.Response r = api.postJson("/v5/file/" + file + "/signed-url", "{\"expires_in\":60,\"ip\":\"127.000.0.1\"}");
        expect(r, 400, "INVALID_PARAMETER", "signed URL ip");
        assertThat(r.json().path("msg").asText()).contains("ambiguous");
        assertThat(api.postJson("/v5/file/" + file + "/signed-url", "{\"expires_in\":60,\"ip\":\"127.0.0.1\"}").status()).isEqualTo(200);
    }

    @Test
    void settingsWithALeadingZeroStopTheServerAtStart() {
        for (Setting setting : List.of(Setting.TRUSTED_PROXIES, Setting.URL_UPLOAD_ALLOW)) {
            assertThatThrownBy(() -> TestServer.start(Map.of(setting, "10.0.0.1,010.0.0.2")).close())
                    .as(setting.key)
                    .hasMessageContaining(setting.env())
                    .hasMessageContaining("ambiguous IP address '010.0.0.2'");
        }
    }

    private static String template(String range) {
        return "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"" + range + "\"]}}";
    }
}
