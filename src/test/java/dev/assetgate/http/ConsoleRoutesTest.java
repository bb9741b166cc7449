package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console's static files: served without a key (the page signs in by itself), under a CSP
 * that allows only this origin and no inline code, never cached as HTML, and nothing but the listed
 * files (no path is resolved, so traversal tricks find nothing).
 */
@WithServer
class ConsoleRoutesTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void thePageIsServedWithStrictHeaders() {
        for (String path : List.of("/console", "/console/", "/console/index.html")) {
            Api.Response r = server.anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                    "img-src 'self' blob: data:", "frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(r.text()).contains("<main id=\"main\"", "/console/app.js");
        }
    }

    @Test
    void everyListedFileIsServedWithItsTypeAndEveryReferencedFileIsListed() {
        for (var e : ConsoleRoutes.FILES.entrySet()) {
            Api.Response r = server.anonymous.get("/console/" + e.getKey());
            assertThat(r.status()).as(e.getKey()).isEqualTo(200);
            assertThat(r.header("Content-Type").replace(" ", "")).as(e.getKey()).isEqualTo(e.getValue().replace(" ", ""));
            assertThat(r.header("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CSP);
            assertThat(r.bytes()).isNotEmpty();
        }
        // Every module a script imports and every file the page links is one the server serves.
        Pattern reference = Pattern.compile("(?:from|import)\\s+'\\./([^']+)'|(?:href|src)=\"/console/([^\"]+)\"");
        for (String name : ConsoleRoutes.FILES.keySet()) {
            if (!name.endsWith(".js") && !name.endsWith(".html")) continue;
            Matcher m = reference.matcher(server.anonymous.get("/console/" + name).text());
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                assertThat(ConsoleRoutes.FILES).as("%s refers to %s", name, target).containsKey(target);
            }
        }
    }

    @Test
    void onlyListedNamesAreServedWhateverThePathSpelling() {
        for (String path : List.of("/console/nope.js", "/console/..%2Fpom.xml", "/console/%2e%2e%2fapp.js", "/console/APP.JS",
                "/console/app.js%00.html", "/console/console/app.js", "/console/..;/app.js", "/console/db/migration",
                "/console/.%2e/.%2e/pom.xml")) {
            Api.Response r = server.anonymous.get(path);
            // 404 from the console (or the router); Jetty itself refuses some spellings (a NUL) with 400
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.text()).doesNotContain("import ").doesNotContain("<project");
        }
    }

    @Test
    void aKeyIsNeitherNeededNorHarmful() {
        Api.Response r = server.companyKey().get("/console/app.js");
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.anonymous.get("/console").status()).isEqualTo(200);
    }
}
