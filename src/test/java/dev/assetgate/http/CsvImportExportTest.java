package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST objects/export-csv} (a selection as CSV) and the CSV metadata import
 * {@code POST edit/assets} with its task {@code GET edit/assets/{task_id}}: checked row by row, one
 * message per refused row, nothing half-applied.
 */
@WithServer
class CsvImportExportTest {

    static String upload(TestProject p, String folder, String name) {
        Api.Response r = p.api.upload(folder, name, name);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static JsonNode file(TestProject p, String uuid) {
        return p.api.get("/v5/file/" + uuid).json().path("file");
    }

    static List<CSVRecord> csv(Api.Response r) throws Exception {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(r.text())).getRecords();
    }

    static Api.Response importCsv(Api api, String csv) {
        return api.multipart("/v5/edit/assets", new Api.Multipart().file("file", "edit.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
    }

    static String folderUuid(TestProject p, String path) {
        return p.api.get("/v5/files?folder=" + Api.enc(path)).json().path("base").path("uuid").asText();
    }

    @Test
    void aSelectionOfFilesAndFoldersIsExported(TestProject p) throws Exception {
        String a = upload(p, "/docs", "a.txt");
        upload(p, "/docs/sub", "b.txt");
        upload(p, "/other", "c.txt");
        String d = upload(p, "/other", "d.txt");
        p.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"title\":{\"en\":\"Alpha\"}}}");
        p.api.putJson("/v5/file/" + a + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"red\"]}");
        String body = "{\"folders_uuids\":[\"" + folderUuid(p, "/docs") + "\"],\"files_uuids\":[\"" + d + "\",\"" + a + "\"]}";

        List<CSVRecord> flat = csv(p.api.postJson("/v5/objects/export-csv?recursive=0&limit=10000&include_meta=1&include_tags=1", body));
        assertThat(flat).extracting(r -> r.get("name")).containsExactly("d.txt", "a.txt"); // a.txt once, though selected twice
        assertThat(flat.get(1).get("tags")).isEqualTo("red");
        assertThat(flat.get(1).get("meta.title")).isEqualTo("{\"en\":\"Alpha\"}");
        List<CSVRecord> deep = csv(p.api.postJson("/v5/objects/export-csv?recursive=1", body));
        assertThat(deep).extracting(r -> r.get("name")).containsExactly("d.txt", "a.txt", "b.txt");
        assertThat(deep.get(0).isMapped("tags")).isFalse();
        assertThat(csv(p.api.postJson("/v5/objects/export-csv?recursive=1&limit=2", body))).hasSize(2);
        // nothing selected: the folder of the query, the whole project by default
        assertThat(csv(p.api.postJson("/v5/objects/export-csv?recursive=1", "{}"))).hasSize(4);

        Api.Response unknown = p.api.postJson("/v5/objects/export-csv", "{\"files_uuids\":[\"00000000-0000-0000-0000-000000000000\"]}");
        assertThat(unknown.code()).isEqualTo("FILE_NOT_FOUND");
        assertThat(p.api.postJson("/v5/objects/export-csv?limit=0", body).code()).isEqualTo("INVALID_PARAMETER");
        Api sass = p.sass("{\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/docs/*\"]}}");
        assertThat(sass.postJson("/v5/objects/export-csv", body).code()).isEqualTo("FOLDER_NOT_ALLOWED");
        assertThat(csv(sass.postJson("/v5/objects/export-csv?recursive=1", "{}"))).extracting(r -> r.get("name"))
                .containsExactlyInAnyOrder("a.txt", "b.txt");
    }

    @Test
    void anExportedCsvEditedAndImportedChangesMetaAndTags(TestProject p) throws Exception {
        String a = upload(p, "/", "a.txt");
        String b = upload(p, "/", "b.txt");
        p.api.putJson("/v5/file/" + a + "/meta", "{\"meta\":{\"title\":{\"en\":\"Alpha\"},\"code\":\"123\",\"n\":1}}");
        p.api.putJson("/v5/file/" + a + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"red\",\"old\"]}");
        String exported = p.api.postJson("/v5/objects/export-csv?recursive=1&include_tags=1", "{}").text();
        assertThat(exported).contains("meta.code");
        // the export imports unchanged: every file the same
        Api.Response same = importCsv(p.api, exported);
        assertThat(same.json().path("task_status").asText()).as(same.toString()).isEqualTo("DONE");
        assertThat(file(p, a).path("meta").path("code").asText()).isEqualTo("123");
        assertThat(file(p, a).path("meta").path("n").asInt()).isEqualTo(1);

        String edited = "uuid,name,tags,meta.code,meta.n,meta.note\r\n"
                + a + ",a.txt,\"red, blue\",456,null,\"hello, world\"\r\n"
                + b + ",b.txt,,\"\"\"789\"\"\",2,\r\n";
        Api.Response r = importCsv(p.api, edited);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String task = r.json().path("task_id").asText();
        assertThat(r.json().path("task_status").asText()).isEqualTo("DONE");
        assertThat(r.json().path("messages")).isEmpty();
        JsonNode fa = file(p, a);
        assertThat(fa.path("meta").path("code").asInt()).isEqualTo(456);
        assertThat(fa.path("meta").has("n")).isFalse();
        assertThat(fa.path("meta").path("note").asText()).isEqualTo("hello, world");
        assertThat(fa.path("tags").path("en").findValuesAsText("label")).containsExactly("red", "blue");
        JsonNode fb = file(p, b);
        assertThat(fb.path("meta").path("code").asText()).isEqualTo("789");
        assertThat(fb.path("meta").path("n").asInt()).isEqualTo(2);

        Api.Response polled = p.api.get("/v5/edit/assets/" + task);
        assertThat(polled.json().path("task_status").asText()).isEqualTo("DONE");
        assertThat(polled.json().path("files_updated").asInt()).isEqualTo(2);
        assertThat(polled.json().path("task_percent").asInt()).isEqualTo(100);
    }

    @Test
    void aCsvWithBrokenRowsGetsOneMessagePerRowAndNothingIsApplied(TestProject p) {
        assertThat(p.api.postJson("/v5/meta/model/fields", "{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}").status()).isEqualTo(200);
        String a = upload(p, "/in", "a.txt");
        String b = upload(p, "/in", "b.txt");
        String out = upload(p, "/out", "c.txt");
        String csv = "uuid,meta.rating\n"
                + a + ",5\n"
                + "00000000-0000-0000-0000-000000000000,1\n"
                + b + ",high\n"
                + a + ",3\n";
        Api.Response r = importCsv(p.api, csv);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("task_status").asText()).isEqualTo("VALIDATION_ERROR");
        JsonNode messages = r.json().path("messages");
        assertThat(messages.findValuesAsText("row")).containsExactly("2", "3", "4");
        assertThat(messages.get(0).path("msg").asText()).contains("no file");
        assertThat(messages.get(1).path("msg").asText()).contains("rating");
        assertThat(messages.get(2).path("msg").asText()).contains("row 1");
        assertThat(file(p, a).path("meta").has("rating")).isFalse();
        assertThat(p.api.get("/v5/edit/assets/" + r.json().path("task_id").asText()).json().path("task_status").asText())
                .isEqualTo("VALIDATION_ERROR");

        // a row outside the key's upload scope is a refused row too
        Api sass = p.sass("{\"permissions\":[\"FILE_META_CHANGE\"],\"upload\":{\"dir_scope\":[\"/in/*\"]}}");
        Api.Response scoped = importCsv(sass, "uuid,meta.rating\n" + a + ",5\n" + out + ",4\n");
        assertThat(scoped.json().path("task_status").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(scoped.json().path("messages").findValuesAsText("uuid")).containsExactly(out);
        assertThat(file(p, a).path("meta").has("rating")).isFalse();
        // the task is the key's own
        assertThat(p.api.get("/v5/edit/assets/" + scoped.json().path("task_id").asText()).code()).isEqualTo("NOT_FOUND");
        Api.Response ok = importCsv(sass, "uuid,meta.rating\n" + a + ",5\n");
        assertThat(ok.json().path("task_status").asText()).isEqualTo("DONE");
        assertThat(file(p, a).path("meta").path("rating").asInt()).isEqualTo(5);
    }

    @Test
    void aFileThatIsNoImportIsRefused(TestProject p) {
        String a = upload(p, "/", "a.txt");
        for (String bad : List.of("name,meta.k\na.txt,v\n", "uuid,colour\n" + a + ",red\n", "uuid,meta.k\n", "uuid,meta.k\n\"" + a + ",v\n")) {
            Api.Response r = importCsv(p.api, bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
        Api.Response badLang = p.api.multipart("/v5/edit/assets?lang=" + Api.enc("<script>"), new Api.Multipart()
                .file("file", "a.csv", "text/csv", ("uuid,tags\n" + a + ",x\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(badLang.code()).isEqualTo("INVALID_PARAMETER");
        assertThat(p.api.postJson("/v5/objects/export-csv?include_tags=1&lang=x", "{}").code()).isEqualTo("INVALID_PARAMETER");
        Api.Response json = p.api.postJson("/v5/edit/assets", "{}");
        assertThat(json.status()).isEqualTo(415);
        Api.Response two = p.api.multipart("/v5/edit/assets", new Api.Multipart()
                .file("a", "a.csv", "text/csv", "uuid\n".getBytes(StandardCharsets.UTF_8))
                .file("b", "b.csv", "text/csv", "uuid\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(two.code()).isEqualTo("INVALID_PARAMETER");
        assertThat(file(p, a).path("meta").isEmpty()).isTrue();
    }
}
