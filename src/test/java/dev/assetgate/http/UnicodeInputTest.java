package dev.assetgate.http;

import static dev.assetgate.http.BadInputTest.expect;
import static dev.assetgate.http.BadInputTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unicode that would be stored altered or that only looks like a path: look-alikes of "../" built
 * with combining marks, unpaired UTF-16 surrogates in JSON, and percent-encoded bytes that are not
 * UTF-8. Each is refused with 400 and changes nothing; honest text around them still works.
 */
@WithServer
class UnicodeInputTest {
    static TestServer server;
    static Api api;
    static Api root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("uni");
        api = server.allKey("uni").in("uni");
        root = server.companyKey();
        assertThat(api.upload("/docs", "keep.txt", "keep").status()).isEqualTo(200);
    }

    @Test
    void combiningMarksThatMakeLookAlikesOfDotsAndSlashesAreRefusedEverywhere() {
        var before = state(api, root, server);
        // "..\u0338" draws as "../"; a mark on a dot still reads as a dot; the overlays draw a slash on anything
        for (String name : List.of("..\u0338", "..\u0338etc", ".\u0338", "..\u0301", ".\u0323", "a\u0338b", "x\u20E5y", "\uFF0E\u0338")) {
            String shown = UploadPathsTest.printable(name);
            expect(api.postJson("/v5/folders", UploadPathsTest.json("name", "/docs/" + name)), 400, "INVALID_PATH", "folder " + shown);
            expect(api.upload("/docs", name, "x"), 400, "INVALID_PATH", "upload named " + shown);
            expect(api.upload("/docs/" + name, "f.txt", "x"), 400, "INVALID_PATH", "upload into " + shown);
        }
        assertThat(state(api, root, server)).isEqualTo(before);
    }

    @Test
    void accentedNamesAndComposedSymbolsStillWork() {
        // NFC composes these, so no combining mark is left to refuse: e + U+0301, "=" + U+0338 (≠)
        for (String name : List.of("cafe\u0301.txt", "a=\u0338b.txt", ".e\u0301tude.txt", "r\u00e9sum\u00e9.txt")) {
            Api.Response r = api.upload("/names", name, "x");
            assertThat(r.status()).as(UploadPathsTest.printable(name) + ": " + r).isEqualTo(200);
        }
        assertThat(UploadPathsTest.listedNames(api, "/names", false))
                .containsExactlyInAnyOrder("caf\u00e9.txt", "a\u2260b.txt", ".\u00e9tude.txt", "r\u00e9sum\u00e9.txt");
    }

    @Test
    void unpairedSurrogatesInJsonAreRefusedNotStoredAsQuestionMarks() {
        var before = state(api, root, server);
        String file = api.get("/v5/files?folder=/docs").json().path("files").path(0).path("uuid").asText();
        List<Api.Response> refused = List.of(
                api.postJson("/v5/folders", "{\"name\":\"/docs/a\\ud800b\"}"),
                api.postJson("/v5/folders", "{\"name\":\"/docs/trail\\udfff\"}"),
                api.patchJson("/v4/files/" + file, "{\"name\":\"x\\udc00\\ud800.txt\"}"),
                api.putJson("/v5/file/" + file + "/meta", "{\"meta\":{\"title\":\"half \\ud83d pair\"}}"),
                api.putJson("/v5/file/" + file + "/meta", "{\"meta\":{\"\\ud800\":\"in a name\"}}"),
                api.postJson("/v5/files", "{\"name\":\"b.txt\",\"data\":\"aGk=\",\"tags\":[\"\\udbff\"]}"),
                root.postJson("/admin/v1/projects", "{\"token\":\"uni2\",\"name\":\"\\ud800\"}"));
        for (Api.Response r : refused) {
            expect(r, 400, "INVALID_JSON", "lone surrogate");
            assertThat(r.json().path("msg").asText()).contains("surrogate");
        }
        byte[] notUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', '/', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        expect(api.post("/v5/folders", "application/json", notUtf8), 400, "INVALID_JSON", "bytes that are not UTF-8");
        assertThat(state(api, root, server)).isEqualTo(before);
    }

    @Test
    void aProperSurrogatePairIsText() {
        Api.Response r = api.postJson("/v5/folders", "{\"name\":\"/emoji-\\ud83d\\ude00\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(api.get("/v5/folders?folder=/").text()).contains("/emoji-\ud83d\ude00");
    }

    @Test
    void percentEncodedBytesThatAreNotUtf8AreRefusedInTheQueryAndThePath() {
        var before = state(api, root, server);
        Api.Multipart form = new Api.Multipart().file("files[]", "f.txt", "text/plain", new byte[] {'x'});
        // %FF%FE is no UTF-8 at all; %ED%A0%80 is a surrogate spelled in UTF-8, which UTF-8 forbids
        for (String folder : List.of("%2Fa%2F%FF%FE", "%2Fa%ED%A0%80", "%2Fa%C3")) {
            expect(api.multipart("/v4/files?folder=" + folder, form), 400, "INVALID_PARAMETER", "upload into " + folder);
            expect(api.get("/v5/files?folder=" + folder), 400, "INVALID_PARAMETER", "listing " + folder);
        }
        for (String segment : List.of("%FF%FE", "%ED%A0%80", "a%C3", "%C0%AF", "%2F%FF")) {
            expect(api.get("/v4/files/" + segment), 400, "BAD_REQUEST", "a path segment " + segment + " (refused by Jetty)");
        }
        expect(api.get("/v5/files?q=ok&folder=%2F&x=%FF"), 400, "INVALID_PARAMETER", "any parameter");
        assertThat(api.get("/v5/files?folder=/a").json().path("msg").asText()).doesNotContain("\uFFFD");
        assertThat(state(api, root, server)).isEqualTo(before);

        Api.Response accented = api.multipart("/v4/files?folder=%2Fcaf%C3%A9", form);
        assertThat(accented.status()).as("proper UTF-8 escapes: " + accented).isEqualTo(200);
        assertThat(accented.json().path("file").path("folder").path("name").asText()).isEqualTo("/caf\u00e9");
    }
}
