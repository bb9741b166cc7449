package dev.assetgate.importer;

import static dev.assetgate.importer.ImportSupport.args;
import static dev.assetgate.importer.ImportSupport.run;
import static dev.assetgate.importer.ImportSupport.state;
import static dev.assetgate.importer.ImportSupport.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assetgate import --from filerobot://TOKEN} with a second Assetgate instance as the Filerobot
 * source: folders, files, meta, tags, labels and visibility arrive in the target project.
 */
@WithServer
class ImportFromAssetgateTest {
    static TestServer sourceServer;

    @BeforeAll
    static void startSource() {
        sourceServer = TestServer.start();
    }

    @AfterAll
    static void stopSource() {
        sourceServer.close();
    }

    /** A project on the source server with a little of everything. */
    static TestProject sourceLibrary() {
        TestProject source = TestProject.create(sourceServer);
        Api api = source.api;
        String a = uuid(api.upload("/", "a.txt", "alpha"));
        String b = uuid(api.upload("/photos", "b.jpg", "bravo"));
        uuid(api.upload("/photos/raw", "c.bin", "charlie"));
        ok(api.putJson("/v4/files/" + b + "/meta", "{\"meta\": {\"title\": \"Bravo\", \"rank\": 2}}"));
        ok(api.putJson("/v4/files/" + b + "/tags", "{\"lang\": \"en\", \"existing_tags\": [], \"new_tags\": [\"one\", \"two\"]}"));
        ok(api.putJson("/v4/files/" + b + "/tags", "{\"lang\": \"fr\", \"existing_tags\": [], \"new_tags\": [\"un\"]}"));
        String label = ok(api.postJson("/v4/labels", "{\"name\": \"Approved\", \"color\": \"#FF0000\"}")).path("label").path("uuid").asText();
        ok(api.postJson("/v4/files/" + b + "/labels", "{\"labels\": [\"" + label + "\"]}"));
        ok(api.postJson("/v4/files/" + a + "/labels", "{\"labels\": [\"" + label + "\"]}"));
        ok(api.putJson("/v4/objects/visibility/cdn", "{\"files_uuids\": [\"" + a + "\"], \"visibility\": \"public\"}"));
        String empty = ok(api.postJson("/v4/folders", "{\"name\": \"/empty\"}")).path("folder_uuid").asText();
        ok(api.putJson("/v4/folders/" + empty + "/meta", "{\"meta\": {\"owner\": \"team\"}}"));
        String photos = folderUuid(api, "/photos");
        ok(api.putJson("/v4/objects/visibility/cdn", "{\"folders_uuids\": [\"" + photos + "\"], \"visibility\": \"public\"}"));
        return source;
    }

    private static String folderUuid(Api api, String path) {
        for (JsonNode f : ok(api.get("/v4/folders?folder=%2F&recursive=1")).path("folders")) {
            if (f.path("path").asText().equals(path)) return f.path("uuid").asText();
        }
        throw new AssertionError("no folder " + path);
    }

    private static String uuid(Api.Response r) {
        return ok(r).path("file").path("uuid").asText();
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static String[] fromSource(TestProject target, TestProject source, Path journal, String... more) {
        String[] base = args(target, journal, "--from", "filerobot://" + source.token, "--source-server", sourceServer.baseUrl(),
                "--source-key", source.admin.key);
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aProjectIsCopiedWithFoldersFilesMetaTagsLabelsAndVisibility(TestProject target, @TempDir Path tmp) {
        TestProject source = sourceLibrary();
        Path journal = tmp.resolve("journal");

        Cli.Run r = run(fromSource(target, source, journal, "--json", "--workers", "3"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(summary(r).path("uploaded").asInt()).isEqualTo(3);

        Map<String, String> copied = state(target.api);
        assertThat(copied).isEqualTo(state(source.api));
        assertThat(copied.get("/photos/b.jpg")).contains("meta={\"title\":\"Bravo\",\"rank\":2}")
                .contains("tags={en=[one, two], fr=[un]}").contains("labels=[Approved]");
        assertThat(copied.get("/a.txt")).contains("visibility=VISIBILITY_PUBLIC");
        assertThat(copied.get("/photos/")).contains("visibility=VISIBILITY_PUBLIC");
        assertThat(copied.get("/empty/")).contains("meta={\"owner\":\"team\"}");
        JsonNode labels = target.api.get("/v4/labels").json().path("labels");
        assertThat(labels).hasSize(1);
        assertThat(labels.get(0).path("color").asText()).isEqualTo("#FF0000");

        Cli.Run again = run(fromSource(target, source, journal, "--json"));
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(summary(again).path("skipped").asInt()).isEqualTo(3);
        assertThat(state(target.api)).isEqualTo(copied);
    }

    @Test
    void aFolderOfTheSourceIntoAFolderOfTheTarget(TestProject target, @TempDir Path tmp) {
        TestProject source = sourceLibrary();
        String[] args = fromSource(target, source, tmp.resolve("j"), "--to", "/copy", "--quiet");
        args[java.util.Arrays.asList(args).indexOf("filerobot://" + source.token)] = "filerobot://" + source.token + "/photos";
        Cli.Run r = run(args);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(state(target.api).keySet()).containsExactly("/copy/", "/copy/b.jpg", "/copy/raw/", "/copy/raw/c.bin");
    }

    @Test
    void aWrongSourceKeyIsToldClearly(TestProject target, @TempDir Path tmp) {
        TestProject source = TestProject.create(sourceServer);
        Cli.Run r = run(args(target, tmp.resolve("j"), "--from", "filerobot://" + source.token, "--source-server", sourceServer.baseUrl(),
                "--source-key", "wrong"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("UNAUTHORIZED");
        assertThat(state(target.api)).isEmpty();
    }
}
