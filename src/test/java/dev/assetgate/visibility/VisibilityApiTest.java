package dev.assetgate.visibility;

import static dev.assetgate.access.Permission.DIR_SET_VISIBILITY;
import static dev.assetgate.access.Permission.FILE_SET_VISIBILITY;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static dev.assetgate.visibility.Items.actual;
import static dev.assetgate.visibility.Items.cdnOf;
import static dev.assetgate.visibility.Items.cdnPath;
import static dev.assetgate.visibility.Items.folder;
import static dev.assetgate.visibility.Items.folderUuid;
import static dev.assetgate.visibility.Items.ok;
import static dev.assetgate.visibility.Items.refused;
import static dev.assetgate.visibility.Items.setFiles;
import static dev.assetgate.visibility.Items.setFolders;
import static dev.assetgate.visibility.Items.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Visibility of files and folders: inheritance down the tree, explicit settings, moves, the v4 and v5
 * wire shapes, {@code PUT objects/visibility/cdn} (permissions, bad input, all or nothing), and what
 * the CDN path serves without a key.
 */
@WithServer
class VisibilityApiTest {
    static TestServer server;
    static int projects;
    String token;
    Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void freshProject(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
    }

    // ------------------------------------------------------------------ shapes and inheritance

    @Test
    void everythingInheritsThePublicDefaultUntilSet() {
        JsonNode f = upload(api, "/docs", "a.txt", "a");
        JsonNode v5 = Items.file(api, "v5", f.path("uuid").asText()).path("visibility");
        assertThat(v5.path("in_cdn").path("set").asText()).isEqualTo("inherited");
        assertThat(v5.path("in_cdn").path("actual").asText()).isEqualTo("public");
        assertThat(v5.path("in_dam").path("actual").asText()).isEqualTo("all_organisation");
        JsonNode v4 = Items.file(api, "v4", f.path("uuid").asText()).path("visibility");
        assertThat(v4.path("value").asText()).isEqualTo("VISIBILITY_INHERIT");
        assertThat(v4.path("set").asText()).isEqualTo("VISIBILITY_INHERIT");
        assertThat(v4.path("inherited").asText()).isEqualTo("VISIBILITY_PUBLIC");
        assertThat(v4.path("actual").asText()).isEqualTo("VISIBILITY_PUBLIC");
        for (String path : List.of("/", "/docs")) {
            assertThat(folder(api, "v5", path).path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("public");
            assertThat(folder(api, "v4", path).path("visibility").path("value").asText()).isEqualTo("VISIBILITY_INHERIT");
        }
        assertThat(server.anonymous.get(cdnPath(f)).text()).isEqualTo("a");
    }

    @Test
    void aFoldersSettingReachesEveryFileAndFolderBelowIt() {
        String x = upload(api, "/a", "x.txt", "x").path("uuid").asText();
        JsonNode y = upload(api, "/a/b", "y.txt", "y");
        JsonNode z = upload(api, "/other", "z.txt", "z");
        assertThat(api.postJson("/v5/folders", "{\"name\":\"/a/b/c\"}").status()).isEqualTo(200);

        Api.Response r = setFolders(api, "not_public", folderUuid(api, "/a"));
        ok(r);
        assertThat(r.json().path("files")).isEmpty();
        JsonNode changed = r.json().path("folders").path(0);
        assertThat(changed.path("path").asText()).isEqualTo("/a");
        assertThat(changed.path("visibility").path("in_cdn").path("set").asText()).isEqualTo("not_public");
        assertThat(changed.path("count").path("files_recursive").asInt()).isEqualTo(2);

        JsonNode a4 = folder(api, "v4", "/a").path("visibility");
        assertThat(a4.path("value").asText()).isEqualTo("VISIBILITY_ORGANISATION");
        assertThat(a4.path("inherited").asText()).as("what it would inherit").isEqualTo("VISIBILITY_PUBLIC");
        assertThat(a4.path("actual").asText()).isEqualTo("VISIBILITY_ORGANISATION");
        for (String below : List.of("/a/b", "/a/b/c")) {
            JsonNode v = folder(api, "v5", below).path("visibility").path("in_cdn");
            assertThat(v.path("set").asText()).as(below).isEqualTo("inherited");
            assertThat(v.path("actual").asText()).as(below).isEqualTo("not_public");
        }
        assertThat(actual(api, x)).isEqualTo("not_public");
        assertThat(actual(api, y.path("uuid").asText())).isEqualTo("not_public");
        JsonNode y4 = Items.file(api, "v4", y.path("uuid").asText()).path("visibility");
        assertThat(y4.path("set").asText()).isEqualTo("VISIBILITY_INHERIT");
        assertThat(y4.path("inherited").asText()).isEqualTo("VISIBILITY_ORGANISATION");
        assertThat(actual(api, z.path("uuid").asText())).as("another branch is untouched").isEqualTo("public");
        assertThat(folder(api, "v5", "/").path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("public");

        // listings and searches render the same state
        JsonNode listed = api.get("/v5/files?folder=/&recursive=1&sort=name").json().path("files");
        List<String> states = new ArrayList<>();
        listed.forEach(f -> states.add(f.path("name").asText() + "=" + f.path("visibility").path("in_cdn").path("actual").asText()));
        assertThat(states).containsExactly("x.txt=not_public", "y.txt=not_public", "z.txt=public");
        JsonNode folders = api.get("/v4/folders?folder=/a&recursive=1").json().path("folders");
        folders.forEach(d -> assertThat(d.path("visibility").path("actual").asText()).isEqualTo("VISIBILITY_ORGANISATION"));

        assertThat(server.anonymous.get(cdnPath(y)).status()).isEqualTo(404);
        assertThat(server.anonymous.get(cdnPath(z)).text()).isEqualTo("z");
    }

    @Test
    void anExplicitSettingOverridesWhatIsInheritedAndInheritUndoesIt() {
        JsonNode y = upload(api, "/a/b", "y.txt", "y");
        String yu = y.path("uuid").asText();
        JsonNode w = upload(api, "/a/b", "w.txt", "w");
        ok(setFolders(api, "not_public", folderUuid(api, "/a")));

        Api.Response r = setFiles(api, "public", yu);
        ok(r);
        assertThat(r.json().path("folders")).isEmpty();
        assertThat(r.json().path("files").path(0).path("visibility").path("in_cdn").path("set").asText()).isEqualTo("public");
        JsonNode v4 = Items.file(api, "v4", yu).path("visibility");
        assertThat(v4.path("value").asText()).isEqualTo("VISIBILITY_PUBLIC");
        assertThat(v4.path("inherited").asText()).isEqualTo("VISIBILITY_ORGANISATION");
        assertThat(v4.path("actual").asText()).isEqualTo("VISIBILITY_PUBLIC");
        assertThat(server.anonymous.get(cdnPath(y)).text()).isEqualTo("y");
        assertThat(server.anonymous.get(cdnPath(w)).status()).isEqualTo(404);

        // a public folder inside a not-public one
        ok(setFolders(api, "public", folderUuid(api, "/a/b")));
        assertThat(actual(api, w.path("uuid").asText())).isEqualTo("public");
        assertThat(server.anonymous.get(cdnPath(w)).text()).isEqualTo("w");

        // "inherit" (and the widget's "inherited") clear the setting
        ok(setFolders(api, "inherited", folderUuid(api, "/a/b")));
        ok(setFiles(api, "inherit", yu));
        assertThat(cdnOf(api, yu).path("set").asText()).isEqualTo("inherited");
        assertThat(actual(api, yu)).isEqualTo("not_public");
        assertThat(actual(api, w.path("uuid").asText())).isEqualTo("not_public");
        ok(setFolders(api, "inherit", folderUuid(api, "/a")));
        assertThat(actual(api, yu)).isEqualTo("public");
    }

    @Test
    void anUploadIsAnsweredWithTheVisibilityItsFileHasWhereverTheSettingComesFrom() {
        assertThat(api.postJson("/v5/folders", "{\"name\":\"/a/b\"}").status()).isEqualTo(200);
        ok(setFolders(api, "not_public", folderUuid(api, "/a")));
        assertThat(api.postJson("/v5/folders", "{\"name\":\"/a/open\"}").status()).isEqualTo(200);
        ok(setFolders(api, "public", folderUuid(api, "/a/open")));

        // folder (an existing one, or one the upload creates) → the visibility the file answers with
        String[][] cases = {{"/docs", "public"}, {"/a", "not_public"}, {"/a/b", "not_public"}, {"/a/new/deeper", "not_public"},
                {"/a/open", "public"}, {"/a/open/new", "public"}};
        for (String[] c : cases) {
            JsonNode v5 = upload(api, c[0], "v5.txt", "5");
            assertThat(v5.path("visibility")).as(c[0]).isEqualTo(Items.file(api, "v5", v5.path("uuid").asText()).path("visibility"));
            assertThat(v5.path("visibility").path("in_cdn").path("actual").asText()).as(c[0]).isEqualTo(c[1]);
            Api.Response put = api.putBytes("/v4/files?folder=" + Api.enc(c[0]) + "&filename=v4.txt", "4".getBytes(), "text/plain");
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            JsonNode v4 = put.json().path("file");
            assertThat(v4.path("visibility")).as(c[0]).isEqualTo(Items.file(api, "v4", v4.path("uuid").asText()).path("visibility"));
        }

        // the project's own default, read when the file is placed
        Api.Response changed = server.companyKey().patchJson("/admin/v1/projects/" + token, "{\"default_visibility\":\"not_public\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode closed = upload(api, "/docs", "closed.txt", "c");
        assertThat(closed.path("visibility").path("in_cdn").toString()).isEqualTo("{\"set\":\"inherited\",\"actual\":\"not_public\"}");
        assertThat(upload(api, "/a/open", "open.txt", "o").path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("public");
    }

    @Test
    void movingAFileOrFolderIntoANotPublicFolderChangesWhatApplies() {
        JsonNode m = upload(api, "/pub", "m.txt", "m");
        String mu = m.path("uuid").asText();
        upload(api, "/pub/sub", "n.txt", "n");
        assertThat(api.postJson("/v5/folders", "{\"name\":\"/priv\"}").status()).isEqualTo(200);
        String priv = folderUuid(api, "/priv");
        ok(setFolders(api, "not_public", priv));

        Api.Response moved = api.putJson("/v5/files/" + mu + "/folders/" + priv, "{}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("files").path(0).path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
        assertThat(server.anonymous.get("/" + token + "/cdn/priv/m.txt").status()).isEqualTo(404);
        assertThat(api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + mu + "\"],\"new_folder_name\":\"/pub\"}").status()).isEqualTo(200);
        assertThat(actual(api, mu)).isEqualTo("public");
        assertThat(server.anonymous.get("/" + token + "/cdn/pub/m.txt").text()).isEqualTo("m");

        // an explicit setting travels with the file
        ok(setFiles(api, "public", mu));
        assertThat(api.putJson("/v5/files/" + mu + "/folders/" + priv, "{}").status()).isEqualTo(200);
        assertThat(actual(api, mu)).isEqualTo("public");

        // a folder moved under /priv inherits from its new parent; its own setting moves with it
        Api.Response folderMoved = api.postJson("/v5/folders/move",
                "{\"folders_uuids\":[\"" + folderUuid(api, "/pub/sub") + "\"],\"new_folder_name\":\"/priv\"}");
        assertThat(folderMoved.status()).isEqualTo(200);
        assertThat(folderMoved.json().path("folders").path(0).path("visibility").path("in_cdn").path("actual").asText())
                .isEqualTo("not_public");
        assertThat(server.anonymous.get("/" + token + "/cdn/priv/sub/n.txt").status()).isEqualTo(404);
        Api.Response renamed = api.putJson("/v5/folder/" + priv + "/name", "{\"name\":\"hidden\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("folder").path("visibility").path("in_cdn").path("set").asText()).isEqualTo("not_public");
        assertThat(server.anonymous.get("/" + token + "/cdn/hidden/sub/n.txt").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ the CDN path

    @Test
    void theCdnServesPublicFilesToAnyoneAndOtherFilesOnlyWithAKey() {
        JsonNode open = upload(api, "/open", "o.txt", "0123456789");
        JsonNode closed = upload(api, "/closed", "c.txt", "secret");
        ok(setFolders(api, "not_public", folderUuid(api, "/closed")));

        Api.Response head = server.anonymous.head(cdnPath(open));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("10");
        assertThat(head.bytes()).isEmpty();
        Api.Response range = server.anonymous.get(cdnPath(open), "Range", "bytes=2-4");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.text()).isEqualTo("234");
        assertThat(server.anonymous.get(open.path("url").path("cdn").asText().replaceFirst("^https?://[^/]+", "")).text())
                .as("with its ?vh= cache buster").isEqualTo("0123456789");
        Api.Response forged = server.anonymous.get(cdnPath(open), "X-Filerobot-Key", "agsk_" + "0".repeat(64));
        assertThat(forged.status()).as("a public file ignores whatever key comes along").isEqualTo(200);

        // without a key, not public answers exactly like missing
        Api.Response hidden = server.anonymous.get(cdnPath(closed));
        Api.Response missing = server.anonymous.get("/" + token + "/cdn/closed/nope.txt");
        refused(hidden, 404, "FILE_NOT_FOUND");
        assertThat(hidden.text()).doesNotContain("secret");
        assertThat(hidden.json().path("hint")).isEqualTo(missing.json().path("hint"));
        assertThat(hidden.json().path("msg").asText().replace("c.txt", "nope.txt")).isEqualTo(missing.json().path("msg").asText());
        Api.Response hiddenHead = server.anonymous.head(cdnPath(closed));
        assertThat(hiddenHead.status()).isEqualTo(404);
        assertThat(hiddenHead.bytes()).isEmpty();

        // with a key: OBJECTS_FETCH of this project
        Api fetch = server.keyFor(List.of(token), OBJECTS_FETCH);
        assertThat(fetch.get(cdnPath(closed)).text()).isEqualTo("secret");
        Api.Response ranged = fetch.get(cdnPath(closed), "Range", "bytes=-3");
        assertThat(ranged.status()).isEqualTo(206);
        assertThat(ranged.text()).isEqualTo("ret");
        assertThat(fetch.head(cdnPath(closed)).header("Content-Length")).isEqualTo("6");
        Api noFetch = server.key(false, List.of(token), PermissionSet.of(EnumSet.complementOf(EnumSet.of(OBJECTS_FETCH))
                .toArray(Permission[]::new)), null);
        refused(noFetch.get(cdnPath(closed)), 403, "PERMISSION_DENIED");
        refused(server.anonymous.get(cdnPath(closed), "X-Filerobot-Key", "agsk_" + "0".repeat(64)), 401, "UNAUTHORIZED");
        server.createProject(token + "-x");
        refused(server.allKey(token + "-x").get(cdnPath(closed)), 403, "PROJECT_NOT_ALLOWED");

        // the permalink still needs a key, public or not
        for (JsonNode f : List.of(open, closed)) {
            refused(server.anonymous.get("/" + token + "/v4/get/" + f.path("uuid").asText()), 401, "UNAUTHORIZED");
            assertThat(fetch.get("/" + token + "/v5/get/" + f.path("uuid").asText()).status()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ the project default

    @Test
    void theProjectDefaultIsReadAndChangedThroughTheManagementApi() {
        JsonNode f = upload(api, "/docs", "a.txt", "a");
        JsonNode pinned = upload(api, "/docs", "pinned.txt", "p");
        ok(setFiles(api, "public", pinned.path("uuid").asText()));
        Api root = server.companyKey();
        JsonNode project = root.get("/admin/v1/projects/" + token).json().path("project");
        assertThat(project.path("default_visibility").asText()).isEqualTo("public");
        assertThat(project.path("default_visibility_source").asText()).isEqualTo("server");

        Api.Response changed = root.patchJson("/admin/v1/projects/" + token, "{\"default_visibility\":\"not_public\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("project").path("default_visibility").asText()).isEqualTo("not_public");
        assertThat(changed.json().path("project").path("default_visibility_source").asText()).isEqualTo("project");
        assertThat(changed.json().path("project").path("name").asText()).as("the name is left alone").isEqualTo(token);
        assertThat(actual(api, f.path("uuid").asText())).isEqualTo("not_public");
        JsonNode rootFolder = folder(api, "v4", "/").path("visibility");
        assertThat(rootFolder.path("inherited").asText()).isEqualTo("VISIBILITY_ORGANISATION");
        assertThat(server.anonymous.get(cdnPath(f)).status()).isEqualTo(404);
        assertThat(server.anonymous.get(cdnPath(pinned)).text()).as("an explicit setting still wins").isEqualTo("p");
        JsonNode listed = root.get("/admin/v1/projects").json().path("projects");
        listed.forEach(p -> {
            if (p.path("token").asText().equals(token)) assertThat(p.path("default_visibility").asText()).isEqualTo("not_public");
        });

        // both members at once; null goes back to the server's default
        Api.Response both = root.patchJson("/admin/v1/projects/" + token, "{\"name\":\"Renamed\",\"default_visibility\":null}");
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().path("project").path("name").asText()).isEqualTo("Renamed");
        assertThat(both.json().path("project").path("default_visibility_source").asText()).isEqualTo("server");
        assertThat(server.anonymous.get(cdnPath(f)).text()).isEqualTo("a");

        // refused: bad values (nothing changes, not even the valid name beside it), weaker or foreign keys
        for (String body : List.of("{\"default_visibility\":\"private\"}", "{\"default_visibility\":5}",
                "{\"default_visibility\":\"inherit\"}", "{\"name\":\"Other\",\"default_visibility\":\"PUBLIC\"}")) {
            refused(root.patchJson("/admin/v1/projects/" + token, body), 400, "INVALID_PARAMETER");
        }
        refused(server.keyFor(List.of(token), Permission.CONFIG_LIST).patchJson("/admin/v1/projects/" + token,
                "{\"default_visibility\":\"not_public\"}"), 403, "PERMISSION_DENIED");
        server.createProject(token + "-y");
        refused(server.allKey(token + "-y").patchJson("/admin/v1/projects/" + token,
                "{\"default_visibility\":\"not_public\"}"), 403, "PROJECT_NOT_ALLOWED");
        JsonNode after = root.get("/admin/v1/projects/" + token).json().path("project");
        assertThat(after.path("name").asText()).isEqualTo("Renamed");
        assertThat(after.path("default_visibility_source").asText()).isEqualTo("server");
    }

    // ------------------------------------------------------------------ permissions and bad input

    @Test
    void eachListNeedsItsOwnPermissionAndARefusalChangesNothing() {
        String f = upload(api, "/a", "x.txt", "x").path("uuid").asText();
        String a = folderUuid(api, "/a");
        String both = "{\"files_uuids\":[\"" + f + "\"],\"folders_uuids\":[\"" + a + "\"],\"visibility\":\"not_public\"}";
        Api filesOnly = server.keyFor(List.of(token), FILE_SET_VISIBILITY).in(token);
        Api foldersOnly = server.keyFor(List.of(token), DIR_SET_VISIBILITY).in(token);
        Api neither = server.keyFor(List.of(token), OBJECTS_LIST, OBJECTS_FETCH).in(token);
        refused(filesOnly.putJson("/v5/objects/visibility/cdn", both), 403, "PERMISSION_DENIED");
        refused(foldersOnly.putJson("/v5/objects/visibility/cdn", both), 403, "PERMISSION_DENIED");
        refused(filesOnly.putJson("/v5/objects/visibility/cdn", "{\"folders_uuids\":[\"" + a + "\"],\"visibility\":\"public\"}"),
                403, "PERMISSION_DENIED");
        // a key that can do neither is refused before its body is read
        for (String body : List.of(both, "{\"broken", "[]")) {
            refused(neither.putJson("/v4/objects/visibility/cdn", body), 403, "PERMISSION_DENIED");
        }
        assertThat(actual(api, f)).isEqualTo("public");
        assertThat(folder(api, "v5", "/a").path("visibility").path("in_cdn").path("set").asText()).isEqualTo("inherited");
        ok(filesOnly.putJson("/v4/objects/visibility/cdn", "{\"files_uuids\":[\"" + f + "\"],\"visibility\":\"not_public\"}"));
        assertThat(actual(api, f)).isEqualTo("not_public");
    }

    @Test
    void badInputIsRefusedWithTheEnvelopeAndChangesNothing() {
        String f = upload(api, "/a", "x.txt", "x").path("uuid").asText();
        String a = folderUuid(api, "/a");
        String unknown = "00000000-0000-0000-0000-000000000000";
        for (String body : List.of("{\"files_uuids\":", "not json", "{\"visibility\":\"public\",\"visibility\":\"public\"}", "")) {
            refused(api.putJson("/v5/objects/visibility/cdn", body), 400, "INVALID_JSON");
        }
        refused(api.putJson("/v5/objects/visibility/cdn", "[\"" + f + "\"]"), 400, "INVALID_JSON");
        for (String body : List.of("{}", "{\"visibility\":\"public\"}", "{\"files_uuids\":[],\"folders_uuids\":[],\"visibility\":\"public\"}",
                "{\"files_uuids\":[\"" + f + "\"]}", "{\"files_uuids\":[\"" + f + "\"],\"visibility\":null}",
                "{\"files_uuids\":[\"" + f + "\"],\"visibility\":\"private\"}", "{\"files_uuids\":[\"" + f + "\"],\"visibility\":1}",
                "{\"files_uuids\":[\"" + f + "\"],\"visibility\":\"PUBLIC\"}", "{\"files_uuids\":\"" + f + "\",\"visibility\":\"public\"}",
                "{\"files_uuids\":[5],\"visibility\":\"public\"}", "{\"folders_uuids\":{},\"visibility\":\"public\"}")) {
            refused(api.putJson("/v5/objects/visibility/cdn", body), 400, "INVALID_PARAMETER");
        }
        // one unknown id refuses the whole request
        refused(api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + f + "\",\"" + unknown + "\"],\"folders_uuids\":[\""
                + a + "\"],\"visibility\":\"not_public\"}"), 404, "FILE_NOT_FOUND");
        refused(api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + f + "\"],\"folders_uuids\":[\"" + a + "\",\""
                + unknown + "\"],\"visibility\":\"not_public\"}"), 404, "FOLDER_NOT_FOUND");
        refused(setFiles(api, "not_public", a), 404, "FILE_NOT_FOUND");
        refused(setFolders(api, "not_public", f), 404, "FOLDER_NOT_FOUND");
        server.createProject(token + "-z");
        Api neighbour = server.allKey(token + "-z").in(token + "-z");
        refused(setFiles(neighbour, "not_public", f), 404, "FILE_NOT_FOUND");
        assertThat(actual(api, f)).isEqualTo("public");
        assertThat(folder(api, "v5", "/a").path("visibility").path("in_cdn").path("set").asText()).isEqualTo("inherited");
    }
}
