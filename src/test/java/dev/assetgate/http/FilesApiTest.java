package dev.assetgate.http;

import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithServer
class FilesApiTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("files");
        api = server.allKey("files").in("files");
    }

    private static JsonNode uploaded(String folder, String name, String content) {
        Api.Response r = api.upload(folder, name, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    @Test
    void uploadThenListDetailsAndDownload() {
        JsonNode file = uploaded("/list-me", "a.txt", "alpha");
        assertThat(file.path("name").asText()).isEqualTo("a.txt");
        assertThat(file.path("folder").path("name").asText()).isEqualTo("/list-me");
        assertThat(file.path("size").path("bytes").asLong()).isEqualTo(5);
        assertThat(file.path("hash").path("sha1").asText()).isEqualTo("be76331b95dfc399cd776d2fc68021e0db03cc4f");

        JsonNode list = api.get("/v5/files?folder=%2Flist-me&sort=name:asc&offset=0&limit=50&recursive=0").json();
        assertThat(list.path("status").asText()).isEqualTo("success");
        assertThat(list.path("files")).hasSize(1);
        assertThat(list.path("info").path("total_files_count").asLong()).isEqualTo(1);
        assertThat(list.path("base").path("path").asText()).isEqualTo("/list-me");

        String uuid = file.path("uuid").asText();
        assertThat(api.get("/v4/files/" + uuid).json().path("file").path("uuid").asText()).isEqualTo(uuid);
        assertThat(api.get("/v5/file/" + uuid).json().path("file").path("name").asText()).isEqualTo("a.txt");

        Api.Response bytes = api.get("/v4/get/" + uuid);
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.text()).isEqualTo("alpha");
        assertThat(bytes.header("Content-Type")).startsWith("text/plain");
        assertThat(bytes.header("ETag")).isEqualTo("\"be76331b95dfc399cd776d2fc68021e0db03cc4f\"");
    }

    @Test
    void emptyQueryParametersMeanAbsentAndBothSortSyntaxesWork() {
        uploaded("/php", "b.txt", "b");
        uploaded("/php", "a.txt", "a");
        JsonNode byOrder = api.get("/v4/files?folder=%2Fphp&q=&limit=50&offset=0&order=filename%2Cdesc&mime=&format=").json();
        assertThat(names(byOrder)).containsExactly("b.txt", "a.txt");
        JsonNode bySort = api.get("/v4/files?folder=/php&sort=name:asc").json();
        assertThat(names(bySort)).containsExactly("a.txt", "b.txt");
    }

    @Test
    void searchBySubstringAndMetadataTerms() {
        api.multipart("/v4/files?folder=/search", new Api.Multipart()
                .field("meta[files[]]", "{\"title\":{\"en\":\"Summer sale\"},\"brand\":\"Adidas\"}")
                .file("files[]", "poster.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)));
        uploaded("/search", "other.txt", "y");
        assertThat(names(api.get("/v5/files?folder=/search&q=post").json())).containsExactly("poster.txt");
        assertThat(names(api.get("/v5/files?folder=/search&q=" + enc("brand:adidas")).json())).containsExactly("poster.txt");
        assertThat(names(api.get("/v5/files?folder=/search&q=" + enc("brand:Nike,Adidas")).json())).containsExactly("poster.txt");
        assertThat(names(api.get("/v5/files?folder=/search&q=" + enc("-brand:Adidas")).json())).containsExactly("other.txt");
        assertThat(names(api.get("/v5/files?folder=/search&q=" + enc("\"Summer sale\"")).json())).containsExactly("poster.txt");
        assertThat(names(api.get("/v5/files?folder=/search&q=" + enc("brand:non-empty")).json())).containsExactly("poster.txt");
        JsonNode stats = api.get("/v5/files/stats?folder=/search&q=post").json();
        assertThat(stats.path("stats").path("approx_files_count").asLong()).isEqualTo(1);
    }

    @Test
    void recursiveListingAndPaging() {
        uploaded("/tree", "1.txt", "1");
        uploaded("/tree/sub", "2.txt", "2");
        uploaded("/tree/sub/deeper", "3.txt", "3");
        uploaded("/treehouse", "not-inside.txt", "4");
        assertThat(names(api.get("/v5/files?folder=/tree&recursive=1").json())).containsExactlyInAnyOrder("1.txt", "2.txt", "3.txt");
        assertThat(names(api.get("/v5/files?folder=/tree&recursive=0").json())).containsExactly("1.txt");
        JsonNode page = api.get("/v5/files?folder=/tree&recursive=1&limit=2&offset=2&sort=name:asc").json();
        assertThat(names(page)).containsExactly("3.txt");
        assertThat(page.path("info").path("total_files_count").asLong()).isEqualTo(3);
    }

    @Test
    void listingAMissingFolderIsFolderNotFound() {
        Api.Response r = api.get("/v5/files?folder=/does-not-exist");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("FOLDER_NOT_FOUND");
    }

    @Test
    void severalFilesInOneRequestAreAllOrNothing() {
        uploaded("/atomic", "taken.txt", "first");
        Api.Response r = api.multipart("/v4/files?folder=/atomic", new Api.Multipart()
                .file("files[]", "fresh.txt", "text/plain", "new".getBytes(StandardCharsets.UTF_8))
                .file("attachment", "taken.txt", "text/plain", "clash".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("NAME_CONFLICT");
        assertThat(names(api.get("/v5/files?folder=/atomic").json())).containsExactly("taken.txt");
    }

    static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("files").forEach(f -> out.add(f.path("name").asText()));
        return out;
    }
}
