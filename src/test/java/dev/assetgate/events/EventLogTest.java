package dev.assetgate.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every change writes one event (kind, item, before/after, actor, time) with the change: a file's
 * history at GET files/{uuid}/changes, and the audit API listing changes beside its own entries,
 * filtered by item, key, kind and time. A refused change writes nothing.
 */
@WithServer
class EventLogTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    private static List<JsonNode> changes(Api api, String uuid, String query) {
        List<JsonNode> out = new ArrayList<>();
        ok(api.get("/v5/files/" + uuid + "/changes" + query)).path("changes").forEach(out::add);
        return out;
    }

    private static List<String> kinds(List<JsonNode> events) {
        return events.stream().map(e -> e.path("kind").asText()).toList();
    }

    @Test
    void eachChangeOfAFileIsInItsHistoryNewestFirstWithBeforeAndAfter(TestProject project) {
        Api api = project.api;
        String uuid = ok(api.upload("/docs", "a.txt", "alpha")).path("file").path("uuid").asText();
        ok(api.patchJson("/v4/files/" + uuid, "{\"name\":\"b.txt\"}"));
        String archive = ok(api.postJson("/v4/folders", "{\"name\":\"/archive\"}")).path("folder").path("uuid").asText();
        ok(api.putJson("/v5/files/" + uuid + "/folders/" + archive, "{}"));
        ok(api.patchJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"color\":\"blue\"}}"));

        List<JsonNode> history = changes(api, uuid, "");
        assertThat(kinds(history)).containsExactly("file.meta_changed", "file.moved", "file.renamed", "file.created");
        JsonNode renamed = history.get(2);
        assertThat(renamed.path("before").path("name").asText()).isEqualTo("a.txt");
        assertThat(renamed.path("after").path("name").asText()).isEqualTo("b.txt");
        assertThat(history.get(1).path("before").path("folder").asText()).isEqualTo("/docs");
        assertThat(history.get(1).path("after").path("folder").asText()).isEqualTo("/archive");
        assertThat(history.get(0).path("after").path("meta").path("color").asText()).isEqualTo("blue");
        JsonNode created = history.get(3);
        assertThat(created.path("after").path("size").asLong()).isEqualTo(5);
        assertThat(created.path("item_uuid").asText()).isEqualTo(uuid);
        assertThat(created.path("actor").path("type").asText()).isEqualTo("key");
        assertThat(created.path("actor").path("key_id").asText()).isEqualTo(api.keyId);
        assertThat(created.has("ip")).as("the file history does not show addresses").isFalse();
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i - 1).path("seq").asLong()).as("newest first").isGreaterThan(history.get(i).path("seq").asLong());
        }

        JsonNode page = ok(api.get("/v5/files/" + uuid + "/changes?limit=2&offset=1"));
        assertThat(page.path("count").asLong()).isEqualTo(4);
        assertThat(kinds(list(page.path("changes")))).containsExactly("file.moved", "file.renamed");
        assertThat(api.get("/v4/files/" + uuid + "/changes?limit=0").code()).isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void metaMergesSentTogetherAllLastAndEachEventsBeforeIsTheAfterOfTheOneBefore(TestProject project) throws Exception {
        Api api = project.api;
        String uuid = ok(api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        int merges = 8;
        ExecutorService pool = Executors.newFixedThreadPool(merges);
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < merges; i++) {
                String body = "{\"meta\":{\"k" + i + "\":" + i + "}}";
                sent.add(pool.submit(() -> api.patchJson("/v5/file/" + uuid + "/meta", body)));
            }
            for (Future<Api.Response> r : sent) ok(r.get());
        } finally {
            pool.shutdown();
        }
        JsonNode meta = ok(api.get("/v4/files/" + uuid)).path("file").path("meta");
        for (int i = 0; i < merges; i++) {
            assertThat(meta.path("k" + i).asInt(-1)).as("no merge is lost: k" + i + " in " + meta).isEqualTo(i);
        }
        List<JsonNode> edits = metaEdits(api, uuid);
        assertThat(edits).hasSize(merges);
        assertThat(edits.get(0).path("before").path("meta").size()).isZero();
        for (int i = 1; i < merges; i++) {
            assertThat(edits.get(i).path("before").path("meta")).as("each edit read what the one before it wrote")
                    .isEqualTo(edits.get(i - 1).path("after").path("meta"));
        }
        assertThat(edits.get(merges - 1).path("after").path("meta")).isEqualTo(meta);

        JsonNode modified = ok(api.get("/v4/files/" + uuid)).path("file").path("modified_at");
        ok(api.patchJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"k0\":0}}")); // changes nothing
        assertThat(metaEdits(api, uuid)).as("an edit that changes nothing records nothing").hasSize(merges);
        assertThat(ok(api.get("/v4/files/" + uuid)).path("file").path("modified_at")).as("nor writes").isEqualTo(modified);
    }

    /** The file's meta_changed events, oldest first. */
    private static List<JsonNode> metaEdits(Api api, String uuid) {
        List<JsonNode> edits = new ArrayList<>(changes(api, uuid, "?limit=100").stream()
                .filter(e -> e.path("kind").asText().equals("file.meta_changed")).toList());
        java.util.Collections.reverse(edits);
        return edits;
    }

    @Test
    void aRefusedChangeWritesNoEvent(TestProject project) {
        Api api = project.api;
        String a = ok(api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        ok(api.upload("/", "b.txt", "beta"));
        Api.Response conflict = api.patchJson("/v4/files/" + a, "{\"name\":\"b.txt\"}");
        assertThat(conflict.code()).isEqualTo("NAME_CONFLICT");
        assertThat(api.patchJson("/v4/files/" + a, "{\"name\":\"\"}").status()).isEqualTo(400);
        assertThat(kinds(changes(api, a, ""))).containsExactly("file.created");
    }

    @Test
    void deletionsFolderChangesLabelsAndVisibilityAreRecorded(TestProject project) {
        Api api = project.api;
        String folder = ok(api.postJson("/v4/folders", "{\"name\":\"/x/y\"}")).path("folder").path("uuid").asText();
        String file = ok(api.upload("/x/y", "f.txt", "f")).path("file").path("uuid").asText();
        String label = ok(api.postJson("/v5/labels", "{\"label\":{\"name\":\"Red\"}}")).path("label").path("sid").asText();
        ok(api.postJson("/v5/files/" + file + "/labels", "{\"labels\":[\"" + label + "\"]}"));
        ok(api.putJson("/v5/file/" + file + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"one\"]}"));
        assertThat(kinds(changes(api, file, ""))).containsExactly("file.tags_changed", "file.labels_added", "file.created");

        Api admin = project.admin;
        String prefix = "/admin/v1/audit?project=" + project.token + "&source=changes";
        List<JsonNode> folderEvents = list(ok(admin.get(prefix + "&kind=folder.created")).path("events"));
        assertThat(folderEvents.stream().map(e -> e.path("after").path("path").asText()).toList()).contains("/x", "/x/y");
        ok(api.delete("/v4/folders/" + folder));
        List<JsonNode> deleted = list(ok(admin.get(prefix + "&kind=file.deleted")).path("events"));
        assertThat(deleted).hasSize(1);
        assertThat(deleted.get(0).path("item_uuid").asText()).isEqualTo(file);
        assertThat(deleted.get(0).path("before").path("folder").asText()).isEqualTo("/x/y");
        assertThat(list(ok(admin.get(prefix + "&kind=folder.deleted")).path("events"))).extracting(e -> e.path("item_uuid").asText())
                .containsExactly(folder);
        List<JsonNode> ofFile = list(ok(admin.get(prefix + "&item=" + file)).path("events"));
        assertThat(kinds(ofFile)).containsExactly("file.deleted", "file.tags_changed", "file.labels_added", "file.created");
        assertThat(ofFile.get(0).path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(api.get("/v5/files/" + file + "/changes").code()).isEqualTo("FILE_NOT_FOUND");
    }

    @Test
    void aFilesProductSetChangedAndClearedIsInItsHistoryWithBeforeAndAfter(TestProject project) {
        Api api = project.api;
        String uuid = ok(api.upload("/shop", "front.txt", "front")).path("file").path("uuid").asText();
        String route = "/v5/file/" + uuid + "/product";
        ok(api.putJson(route, "{\"product\":{\"ref\":\"SKU-1\",\"position\":3}}"));
        ok(api.putJson(route, "{\"product\":{\"ref\":\"SKU-1\",\"position\":3}}")); // the same again: nothing changes
        ok(api.putJson(route, "{\"product\":{\"ref\":\"SKU-2\"}}"));
        ok(api.putJson(route, "{\"product\":null}"));
        ok(api.putJson(route, "{\"product\":{\"ref\":\"\"}}")); // none left to clear: nothing changes

        List<JsonNode> history = changes(api, uuid, "");
        assertThat(kinds(history)).containsExactly("file.product_changed", "file.product_changed", "file.product_changed", "file.created");
        assertThat(history.get(2).path("before").toString()).isEqualTo("{\"product\":null}");
        assertThat(history.get(2).path("after").toString()).isEqualTo("{\"product\":{\"ref\":\"SKU-1\",\"position\":3}}");
        assertThat(history.get(1).path("before").toString()).isEqualTo("{\"product\":{\"ref\":\"SKU-1\",\"position\":3}}");
        assertThat(history.get(1).path("after").toString()).isEqualTo("{\"product\":{\"ref\":\"SKU-2\",\"position\":null}}");
        assertThat(history.get(0).path("before").toString()).isEqualTo("{\"product\":{\"ref\":\"SKU-2\",\"position\":null}}");
        assertThat(history.get(0).path("after").toString()).isEqualTo("{\"product\":null}");
        assertThat(history).allSatisfy(e -> assertThat(e.path("actor").path("key_id").asText()).isEqualTo(api.keyId));

        // an upload carrying a product: the file is created, then shows it
        Api.Response withProduct = api.multipart("/v4/files?folder=/shop", new Api.Multipart()
                .file("files[]", "back.txt", "text/plain", "back".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .field("product[files[]]", "{\"ref\":\"SKU-9\",\"position\":1}"));
        List<JsonNode> uploaded = changes(api, ok(withProduct).path("file").path("uuid").asText(), "");
        assertThat(kinds(uploaded)).containsExactly("file.product_changed", "file.created");
        assertThat(uploaded.get(0).path("after").path("product").path("ref").asText()).isEqualTo("SKU-9");
    }

    @Test
    void aBulkEditRecordsForEachFileTheEventsOfWhatItChangedAndNothingForTheRest(TestProject project) {
        Api api = project.api;
        String same = ok(api.upload("/", "same.txt", "s")).path("file").path("uuid").asText();
        String edited = ok(api.upload("/", "edited.txt", "e")).path("file").path("uuid").asText();
        ok(api.putJson("/v5/file/" + same + "/meta", "{\"meta\":{\"title\":\"Sea\"}}"));
        ok(api.putJson("/v5/file/" + same + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"blue\"]}"));
        List<String> sameBefore = kinds(changes(api, same, ""));
        String bulk = "{\"bulk\":{\"target\":{\"files_uuids\":[\"" + same + "\",\"" + edited + "\"]},\"changes\":["
                + "{\"type\":\"meta.replace\",\"key\":\"title\",\"value\":\"Sea\"},{\"type\":\"tags.add\",\"value\":\"blue\",\"lang\":\"en\"}]}}";
        ok(api.postJson("/v5/bulk/" + ok(api.putJson("/v5/bulk/prepare", bulk)).path("bulk_uuid").asText() + "/apply", "{}"));

        assertThat(kinds(changes(api, same, ""))).as("it held both already").isEqualTo(sameBefore);
        List<JsonNode> history = changes(api, edited, "");
        assertThat(kinds(history)).containsExactly("file.tags_changed", "file.meta_changed", "file.created");
        JsonNode meta = history.get(1);
        assertThat(meta.path("before").path("meta").has("title")).isFalse();
        assertThat(meta.path("after").path("meta").toString()).isEqualTo("{\"title\":\"Sea\"}");
        JsonNode tags = history.get(0);
        assertThat(tags.path("before").path("tags").path("en").isMissingNode()).isTrue();
        assertThat(tags.path("after").path("tags").path("en").findValuesAsText("label")).containsExactly("blue");
        assertThat(List.of(meta, tags)).allSatisfy(e -> {
            assertThat(e.path("actor").path("type").asText()).isEqualTo("key");
            assertThat(e.path("actor").path("key_id").asText()).as("the key that applied the edit").isEqualTo(api.keyId);
        });

        // the same edit again changes nothing: no event, and the files keep their modification time
        String modified = ok(api.get("/v5/file/" + edited)).path("file").path("modified_at").asText();
        JsonNode again = ok(api.postJson("/v5/bulk/" + ok(api.putJson("/v5/bulk/prepare", bulk)).path("bulk_uuid").asText() + "/apply", "{}"));
        assertThat(again.path("files_uuids")).hasSize(2);
        assertThat(kinds(changes(api, edited, ""))).hasSize(3);
        assertThat(kinds(changes(api, same, ""))).isEqualTo(sameBefore);
        assertThat(ok(api.get("/v5/file/" + edited)).path("file").path("modified_at").asText()).isEqualTo(modified);
    }

    @Test
    void aCsvImportRecordsTheEventsOfTheRowsThatChangeSomething(TestProject project) {
        Api api = project.api;
        String kept = ok(api.upload("/", "kept.txt", "k")).path("file").path("uuid").asText();
        String changed = ok(api.upload("/", "changed.txt", "c")).path("file").path("uuid").asText();
        ok(api.putJson("/v5/file/" + kept + "/meta", "{\"meta\":{\"code\":7}}"));
        String csv = "uuid,meta.code,tags\n" + kept + ",7,\n" + changed + ",8,\"red, green\"\n";
        JsonNode task = ok(api.multipart("/v5/edit/assets", new Api.Multipart()
                .file("file", "edit.csv", "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(task.path("task_status").asText()).as(task.toString()).isEqualTo("DONE");

        assertThat(kinds(changes(api, kept, ""))).containsExactly("file.meta_changed", "file.created");
        List<JsonNode> history = changes(api, changed, "");
        assertThat(kinds(history)).containsExactly("file.tags_changed", "file.meta_changed", "file.created");
        assertThat(history.get(1).path("after").path("meta").path("code").asInt()).isEqualTo(8);
        assertThat(history.get(0).path("after").path("tags").path("en").findValuesAsText("label")).containsExactly("red", "green");
        assertThat(history.get(0).path("actor").path("key_id").asText()).isEqualTo(api.keyId);
    }

    @Test
    void aSassKeysChangeNamesTheKeyAndItsTemplate(TestProject project) {
        Api sass = project.sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\",\"FILE_RENAME\"]}");
        String uuid = ok(sass.upload("/", "s.txt", "s")).path("file").path("uuid").asText();
        JsonNode created = changes(project.api, uuid, "").get(0);
        assertThat(created.path("actor").path("type").asText()).isEqualTo("sass");
        assertThat(created.path("actor").path("template_id").asText()).startsWith("SECU_");
        assertThat(created.path("actor").path("key_id").asText()).isNotEmpty();
    }

    @Test
    void aConsoleSessionsChangeIsRecordedAsTheSessionOfItsKey(TestProject project) {
        String uuid = ok(project.api.upload("/", "c.txt", "c")).path("file").path("uuid").asText();
        dev.assetgate.support.Browser console = dev.assetgate.support.Browser.signedIn(server.baseUrl(), project.admin.key);
        ok(console.write("PATCH", "/" + project.token + "/v4/files/" + uuid, "{\"name\":\"d.txt\"}"));
        JsonNode renamed = changes(project.api, uuid, "").get(0);
        assertThat(renamed.path("kind").asText()).isEqualTo("file.renamed");
        assertThat(renamed.path("actor").path("type").asText()).isEqualTo("session");
        assertThat(renamed.path("actor").path("key_id").asText()).isEqualTo(project.admin.keyId);
    }

    @Test
    void theAuditListingPagesThroughEntriesAndChangesTogether(TestProject project) {
        Api api = project.api;
        for (int i = 0; i < 4; i++) ok(api.upload("/", "p" + i + ".txt", "x"));
        Api admin = project.admin;
        ok(admin.postJson("/admin/v1/projects/" + project.token + "/security-templates", "{\"permissions\":[\"OBJECTS_LIST\"]}"));
        String query = "/admin/v1/audit?project=" + project.token;
        List<JsonNode> all = list(ok(admin.get(query + "&limit=500")).path("events"));
        assertThat(all.stream().filter(e -> e.path("source").asText().equals("change")).count()).isGreaterThanOrEqualTo(4);
        assertThat(all.stream().filter(e -> e.path("source").asText().equals("audit")).count()).isGreaterThanOrEqualTo(1);
        assertThat(all).noneMatch(e -> e.path("source").asText().equals("change") && e.path("kind").asText().startsWith("template."));

        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = ok(admin.get(query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.path("events").forEach(e -> assertThat(seen.add(e.path("source").asText() + e.path("id").asText())).as("no entry twice").isTrue());
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).hasSize(all.size());

        assertThat(list(ok(admin.get(query + "&source=audit")).path("events"))).allMatch(e -> e.path("source").asText().equals("audit"));
        assertThat(list(ok(admin.get(query + "&key=" + api.keyId + "&kind=file")).path("events"))).hasSize(4);
        assertThat(list(ok(admin.get(query + "&kind=file&to=2020-01-01T00:00:00Z")).path("events"))).isEmpty();
        for (String bad : List.of("item=a%20b", "source=everything", "cursor=12-3-x")) {
            assertThat(admin.get(query + "&" + bad).code()).as(bad).isEqualTo("INVALID_PARAMETER");
        }
        Api other = server.keyFor(List.of(TestProject.create(server).token), Permission.CONFIG_LIST);
        assertThat(other.get(query).code()).isEqualTo("PROJECT_NOT_ALLOWED");
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
