package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheme is resolved in one place: the links an answer writes and the session cookie's Secure flag
 * agree on it, and only a trusted proxy's X-Forwarded-Proto changes it.
 */
class RequestFactsTest {

    @Test
    void linksAreHttpsBehindATrustedProxyThatSaysHttpsAndPlainOtherwise() {
        try (TestServer proxied = TestServer.start(Map.of(Setting.TRUSTED_PROXIES, "127.0.0.1/32"))) {
            proxied.createProject("facts");
            Api key = proxied.allKey("facts").in("facts");
            key.upload("/docs", "a.txt", "hello");
            assertThat(cdnUrl(key, "X-Forwarded-Proto", "https")).startsWith("https://");
            assertThat(cdnUrl(key, "X-Forwarded-Proto", "http")).startsWith("http://");
            assertThat(cdnUrl(key)).startsWith("http://");
        }
        try (TestServer direct = TestServer.start()) { // no trusted proxies: the header is not believed
            direct.createProject("facts");
            Api key = direct.allKey("facts").in("facts");
            key.upload("/docs", "a.txt", "hello");
            assertThat(cdnUrl(key, "X-Forwarded-Proto", "https")).startsWith("http://");
        }
    }

    private static String cdnUrl(Api key, String... headers) {
        Api.Response r = key.get("/v4/files?folder=/docs", headers);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode file = r.json().path("files").get(0);
        assertThat(file.path("url").path("permalink").asText()).startsWith(file.path("url").path("cdn").asText().split("/", 4)[0]);
        return file.path("url").path("cdn").asText();
    }
}
