package dev.assetgate.http;

import static dev.assetgate.support.Api.assertError;
import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The folder API (reference §5.5) and the file moves, renames, deletes, metadata and tags that
 * change the tree (§5.4). Each test works in a project of its own.
 */
@WithServer
class FoldersApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;

    String token;
    Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void project(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
    }

    // ================================================================== create

    @Test
    void createMakesMissingParentsAndAnswersTheParentAsBase() {
        JsonNode created = ok(api.postJson("/v4/folders", "{\"name\":\"/a/b\"}"));
        assertThat(created.path("action").asText()).isEqualTo("folder_created");
        JsonNode folder = created.path("folder");
        assertThat(created.path("folder_uuid").asText()).isEqualTo(folder.path("uuid").asText());
        assertThat(folder.path("path").asText()).isEqualTo("/a/b");
        assertThat(folder.path("name").asText()).isEqualTo("b");
        assertThat(folder.path("count").path("files_direct").asLong()).isZero();
        assertThat(created.path("base").path("path").asText()).isEqualTo("/a");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/a", "/a/b");

        JsonNode top = ok(api.postJson("/v5/folders", "{\"name\":\"/top\"}"));
        assertThat(top.path("base").path("path").asText()).isEqualTo("/");
    }

    @Test
    void creatingAnExistingFolderIsAConflict() {
        ok(api.postJson("/v4/folders", "{\"name\":\"/a/b\"}"));
        assertError(api.postJson("/v4/folders", "{\"name\":\"/a/b\"}"), 409, "NAME_CONFLICT");
        assertError(api.postJson("/v4/folders", "{\"name\":\"/a\"}"), 409, "NAME_CONFLICT"); // made as a parent
        assertError(api.postJson("/v4/folders", "{\"name\":\"//a//b/\"}"), 409, "NAME_CONFLICT"); // same path, spelled oddly
        assertError(api.postJson("/v4/folders", "{\"name\":\"/\"}"), 409, "NAME_CONFLICT");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/a", "/a/b");
    }

    @Test
    void concurrentCreatesUnderOneMissingParentAllSucceed() throws Exception {
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String path = "/parent/shared/c" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.postJson("/v4/folders", json("name", path));
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Api.Response> answer : answers) {
                ok(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/parent&recursive=0")))).containsExactly("/parent/shared");
        assertThat(ok(api.get("/v5/folders?folder=/parent/shared")).path("info").path("total_folders_count").asLong()).isEqualTo(n);
    }

    @Test
    void createNeedsAName() {
        assertError(api.postJson("/v4/folders", "{}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v4/folders", "{\"name\":42}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v4/folders", "{\"name\":"), 400, "INVALID_JSON");
        assertThat(totalFolders()).isZero();
    }

    @Test
    void slashesAreNormalised() {
        assertThat(ok(api.postJson("/v4/folders", "{\"name\":\"//a///b/\"}")).path("folder").path("path").asText()).isEqualTo("/a/b");
        assertThat(ok(api.postJson("/v4/folders", "{\"name\":\"no-leading\"}")).path("folder").path("path").asText())
                .isEqualTo("/no-leading");
    }

    /** Folder paths that escape, hide or only look like what they say. */
    static final List<String> TRICK_PATHS = List.of(
            "/a/../b", "/a/./b", "/..", "/a/..", "/a\\b", "/a%2Fb", "/100%", "/a\u0000b", "/a\u0001b", "/a\nb", "/a\u007f",
            "/a\uFF0Fb", "/a\u2215b", "/a\u2044b", "/\uFF0E\uFF0E", "/a\u200Db", "/a\u202Eb", "/a\u200Bb", "/a\uFEFFb",
            "/ lead", "/trail ", "/a/ /b");

    @Test
    void trickFolderNamesAreInvalidPathAndCreateNothing() {
        for (String path : TRICK_PATHS) {
            Api.Response r = api.postJson("/v4/folders", json("name", path));
            assertThat(r.status()).as(printable(path) + " " + r).isEqualTo(400);
            assertThat(r.code()).as(printable(path)).isEqualTo("INVALID_PATH");
        }
        assertThat(totalFolders()).isZero();
    }

    // ================================================================== list, stats, details

    @Test
    void listingCountsAndSearch() {
        folder("/l/x/deep");
        folder("/l/y");
        folder("/lz"); // a sibling sharing the prefix "/l"
        upload("/l/x", "1.txt", "1");
        upload("/l/x/deep", "2.txt", "22");
        upload("/l", "0.txt", "0");

        JsonNode direct = ok(api.get("/v5/folders?folder=%2Fl&recursive=0&sort=name%3Aasc&offset=0&limit=5000"));
        assertThat(folderPaths(direct)).containsExactly("/l/x", "/l/y");
        assertThat(direct.path("info").path("total_folders_count").asLong()).isEqualTo(2);
        JsonNode base = direct.path("base");
        assertThat(base.path("path").asText()).isEqualTo("/l");
        assertThat(base.path("count").path("files_direct").asLong()).isEqualTo(1);
        assertThat(base.path("count").path("files_recursive").asLong()).isEqualTo(3);
        JsonNode x = byPath(direct.path("folders"), "/l/x");
        assertThat(x.path("count").path("files_direct").asLong()).isEqualTo(1);
        assertThat(x.path("count").path("files_recursive").asLong()).isEqualTo(2);
        assertThat(x.path("size").path("total_recursive_bytes").asLong()).isEqualTo(3);
        JsonNode y = byPath(direct.path("folders"), "/l/y");
        assertThat(y.path("count").path("files_direct").asLong()).isZero();
        assertThat(y.path("count").path("files_recursive").asLong()).isZero();

        JsonNode recursive = ok(api.get("/v5/folders?folder=/l&recursive=1"));
        assertThat(folderPaths(recursive)).containsExactly("/l/x", "/l/x/deep", "/l/y");
        assertThat(recursive.path("info").path("total_folders_count").asLong()).isEqualTo(3);

        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=0")))).containsExactly("/l", "/lz");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1&q=dee")))).containsExactly("/l/x/deep");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=0&q=")))).containsExactly("/l", "/lz");
        JsonNode root = ok(api.get("/v4/folders"));
        assertThat(root.path("base").path("path").asText()).isEqualTo("/");
        assertThat(root.path("base").path("count").path("files_recursive").asLong()).isEqualTo(3);

        JsonNode page = ok(api.get("/v5/folders?folder=/l&recursive=1&limit=1&offset=1"));
        assertThat(folderPaths(page)).containsExactly("/l/x/deep");
        assertThat(page.path("info").path("total_folders_count").asLong()).isEqualTo(3);
    }

    @Test
    void listingAMissingFolderIsFolderNotFound() {
        assertError(api.get("/v5/folders?folder=/nope"), 404, "FOLDER_NOT_FOUND");
        assertError(api.get("/v5/folders?folder=/a/../b"), 400, "INVALID_PATH");
    }

    @Test
    void folderStats() {
        folder("/s/a/b");
        upload("/s", "1.txt", "1");
        upload("/s/a/b", "2.txt", "2");
        JsonNode deep = ok(api.get("/v5/folders/stats?folder=/s&recursive=1")).path("stats");
        assertThat(deep.path("approx_folders_count").asLong()).isEqualTo(2);
        assertThat(deep.path("approx_files_count").asLong()).isEqualTo(2);
        JsonNode flat = ok(api.get("/v5/folders/stats?folder=/s&recursive=0")).path("stats");
        assertThat(flat.path("approx_folders_count").asLong()).isEqualTo(1);
        assertThat(flat.path("approx_files_count").asLong()).isEqualTo(1);
        assertError(api.get("/v5/folders/stats?folder=/missing"), 404, "FOLDER_NOT_FOUND");
    }

    @Test
    void detailsByUuidOnBothPathStyles() {
        JsonNode created = folder("/d/e");
        upload("/d/e", "f.txt", "f");
        String uuid = created.path("uuid").asText();
        JsonNode v4 = ok(api.get("/v4/folders/" + uuid)).path("folder");
        assertThat(v4.path("path").asText()).isEqualTo("/d/e");
        assertThat(v4.path("name").asText()).isEqualTo("e");
        assertThat(v4.path("count").path("files_direct").asLong()).isEqualTo(1);
        assertThat(ok(api.get("/v5/folder/" + uuid)).path("folder").path("uuid").asText()).isEqualTo(uuid);
        assertError(api.get("/v4/folders/00000000-0000-0000-0000-000000000000"), 404, "FOLDER_NOT_FOUND");
    }

    // ================================================================== rename

    @Test
    void renameMovesTheSubtreeAndItsFilesKeepWorking() {
        String old = folder("/r/old").path("uuid").asText();
        String sub = folder("/r/old/sub").path("uuid").asText();
        folder("/r/oldish"); // shares the prefix; must not be touched
        JsonNode a = upload("/r/old", "a.txt", "alpha");
        JsonNode b = upload("/r/old/sub", "b.txt", "beta");
        JsonNode c = upload("/r/oldish", "c.txt", "gamma");

        JsonNode renamed = ok(api.patchJson("/v4/folders/" + old, "{\"name\":\"renamed\"}"));
        assertThat(renamed.path("action").asText()).isEqualTo("folder_renamed");
        assertThat(renamed.path("folder_uuid").asText()).isEqualTo(old);
        assertThat(renamed.path("folder").path("path").asText()).isEqualTo("/r/renamed");
        assertThat(renamed.path("folder").path("count").path("files_recursive").asLong()).isEqualTo(2);

        assertThat(ok(api.get("/v4/folders/" + sub)).path("folder").path("path").asText()).isEqualTo("/r/renamed/sub");
        assertThat(fileDetails(a).path("folder").path("name").asText()).isEqualTo("/r/renamed");
        assertThat(fileDetails(b).path("folder").path("name").asText()).isEqualTo("/r/renamed/sub");
        assertThat(download(a)).isEqualTo("alpha");
        assertThat(download(b)).isEqualTo("beta");
        assertThat(cdn(fileDetails(b))).isEqualTo("beta");
        assertThat(fileDetails(c).path("folder").path("name").asText()).isEqualTo("/r/oldish");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/r&recursive=1"))))
                .containsExactly("/r/oldish", "/r/renamed", "/r/renamed/sub");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/r/renamed&recursive=0")))).containsExactly("/r/renamed/sub");
        assertError(api.get("/v5/files?folder=/r/old"), 404, "FOLDER_NOT_FOUND");

        JsonNode again = ok(api.putJson("/v5/folder/" + old + "/name", "{\"name\":\"again\"}"));
        assertThat(again.path("folder").path("path").asText()).isEqualTo("/r/again");
        assertThat(fileDetails(b).path("folder").path("name").asText()).isEqualTo("/r/again/sub");
        assertThat(download(b)).isEqualTo("beta");
    }

    @Test
    void renameConflictsAndRefusalsChangeNothing() {
        String one = folder("/c/one").path("uuid").asText();
        folder("/c/two");
        assertError(api.patchJson("/v4/folders/" + one, "{\"name\":\"two\"}"), 409, "NAME_CONFLICT");
        assertError(api.putJson("/v5/folder/" + one + "/name", "{\"name\":\"two\"}"), 409, "NAME_CONFLICT");
        for (String name : List.of("x/y", "..", ".", "a\\b", "a%b", "a\u202Eb", "a\uFF0Fb", "")) {
            Api.Response r = api.patchJson("/v4/folders/" + one, json("name", name));
            assertThat(r.status()).as(printable(name) + " " + r).isEqualTo(400);
            assertThat(r.code()).isIn("INVALID_PATH", "INVALID_PARAMETER");
        }
        assertError(api.patchJson("/v4/folders/00000000-0000-0000-0000-000000000000", "{\"name\":\"z\"}"), 404, "FOLDER_NOT_FOUND");
        String root = ok(api.get("/v5/folders?folder=/")).path("base").path("uuid").asText();
        assertError(api.patchJson("/v4/folders/" + root, "{\"name\":\"root2\"}"), 400, "INVALID_PARAMETER");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/c", "/c/one", "/c/two");
        // renaming to its own name is a no-op
        assertThat(ok(api.patchJson("/v4/folders/" + one, "{\"name\":\"one\"}")).path("folder").path("path").asText())
                .isEqualTo("/c/one");
    }

    @Test
    void unicodeNamesAreStoredInNfcAndRenamesCountCharactersNotBytes() {
        String cafe = folder("/caf\u00e9 \uD83D\uDE00").path("uuid").asText(); // NFC é and an emoji (two UTF-16 units)
        assertError(api.postJson("/v4/folders", json("name", "/cafe\u0301 \uD83D\uDE00")), 409, "NAME_CONFLICT"); // NFD spelling
        folder("/caf\u00e9 \uD83D\uDE00/\u6771\u4eac");
        JsonNode file = upload("/caf\u00e9 \uD83D\uDE00/\u6771\u4eac", "\u00fcber.txt", "unicode");
        ok(api.patchJson("/v4/folders/" + cafe, json("name", "\uD83D\uDE80 r\u00e9")));
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1"))))
                .containsExactly("/\uD83D\uDE80 r\u00e9", "/\uD83D\uDE80 r\u00e9/\u6771\u4eac");
        assertThat(fileDetails(file).path("folder").path("name").asText()).isEqualTo("/\uD83D\uDE80 r\u00e9/\u6771\u4eac");
        assertThat(cdn(fileDetails(file))).isEqualTo("unicode");
        assertError(api.upload("/\uD83D\uDE80 r\u00e9/\u6771\u4eac", "u\u0308ber.txt", "nfd twin"), 409, "NAME_CONFLICT");
    }

    // ================================================================== move

    @Test
    void moveOneFolderIntoAnother() {
        String src = folder("/m/src").path("uuid").asText();
        folder("/m/src/inner");
        String dest = folder("/m/dest").path("uuid").asText();
        JsonNode file = upload("/m/src/inner", "f.txt", "moved bytes");

        JsonNode moved = ok(api.putJson("/v4/folders/" + src + "/folders/" + dest, "[]"));
        assertThat(moved.path("action").asText()).isEqualTo("folders_moved");
        assertThat(texts(moved.path("folders_uuids"))).containsExactly(src);
        assertThat(moved.path("folders").get(0).path("path").asText()).isEqualTo("/m/dest/src");
        assertThat(moved.path("new_folder_uuid").asText()).isEqualTo(dest);
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/m&recursive=1"))))
                .containsExactly("/m/dest", "/m/dest/src", "/m/dest/src/inner");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/m/dest/src&recursive=0")))).containsExactly("/m/dest/src/inner");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/m&recursive=0")))).containsExactly("/m/dest");
        assertThat(fileDetails(file).path("folder").path("name").asText()).isEqualTo("/m/dest/src/inner");
        assertThat(download(file)).isEqualTo("moved bytes");
        assertError(api.putJson("/v4/folders/" + src + "/folders/00000000-0000-0000-0000-000000000000", "[]"),
                404, "FOLDER_NOT_FOUND");
    }

    @Test
    void moveManyFoldersOnBothEndpointsCreatingTheDestination() {
        String a = folder("/mm/a").path("uuid").asText();
        String b = folder("/mm/b").path("uuid").asText();
        upload("/mm/a", "in-a.txt", "a");

        JsonNode moved = ok(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"" + b + "\"],\"new_folder_name\":\"/x\"}"));
        assertThat(moved.path("action").asText()).isEqualTo("folders_moved");
        assertThat(texts(moved.path("folders_uuids"))).containsExactly(a, b);
        assertThat(folderPaths(moved)).containsExactly("/x/a", "/x/b");
        assertThat(ok(api.get("/v5/folders?folder=/x")).path("base").path("uuid").asText())
                .isEqualTo(moved.path("new_folder_uuid").asText());

        JsonNode back = ok(api.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/mm/back\"}"));
        assertThat(folderPaths(back)).containsExactly("/mm/back/a");
        assertThat(listNames("/mm/back/a")).containsExactly("in-a.txt");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1"))))
                .containsExactly("/mm", "/mm/back", "/mm/back/a", "/x", "/x/b");
    }

    @Test
    void movingAFolderIntoItsOwnSubtreeIs400AndChangesNothing() {
        String p = folder("/m/p").path("uuid").asText();
        String child = folder("/m/p/child").path("uuid").asText();
        List<String> before = folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")));

        assertError(api.putJson("/v4/folders/" + p + "/folders/" + child, "[]"), 400, "INVALID_PARAMETER");
        assertError(api.putJson("/v4/folders/" + p + "/folders/" + p, "[]"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + p + "\"],\"new_folder_name\":\"/m/p/child/deeper\"}"),
                400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + p + "\"],\"new_folder_name\":\"/m/p\"}"),
                400, "INVALID_PARAMETER");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).as("not even the destination was created")
                .isEqualTo(before);
    }

    @Test
    void aMoveOfSeveralFoldersIsAllOrNothing() {
        String a = folder("/am/a").path("uuid").asText();
        String b = folder("/am/b").path("uuid").asText();
        folder("/dest/b"); // b cannot land there
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"" + b + "\"],\"new_folder_name\":\"/dest\"}"),
                409, "NAME_CONFLICT");
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"00000000-0000-0000-0000-000000000000\"],"
                + "\"new_folder_name\":\"/elsewhere\"}"), 404, "FOLDER_NOT_FOUND");
        String root = ok(api.get("/v5/folders?folder=/")).path("base").path("uuid").asText();
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + root + "\"],\"new_folder_name\":\"/dest\"}"),
                400, "INVALID_PARAMETER");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1"))))
                .containsExactly("/am", "/am/a", "/am/b", "/dest", "/dest/b");
    }

    @Test
    void moveBodiesAreValidated() {
        String a = folder("/v/a").path("uuid").asText();
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[],\"new_folder_name\":\"/x\"}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\"]}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":\"" + a + "\",\"new_folder_name\":\"/x\"}"), 400, "INVALID_PARAMETER");
        assertError(api.postJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/x/../y\"}"), 400, "INVALID_PATH");
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/v", "/v/a");
    }

    // ================================================================== delete

    @Test
    void deletingAFolderDeletesItsSubtreeFilesAndBlobsButNotItsPrefixSibling() {
        String d = folder("/d").path("uuid").asText();
        JsonNode top = upload("/d", "top.txt", "top");
        JsonNode deep = upload("/d/sub/deeper", "deep.txt", "deep");
        JsonNode sibling = upload("/dx", "keep.txt", "keep");

        JsonNode deleted = ok(api.delete("/v4/folders/" + d));
        assertThat(deleted.path("action").asText()).isEqualTo("folder_deleted");
        assertThat(deleted.path("folder_uuid").asText()).isEqualTo(d);

        assertError(api.get("/v5/files?folder=/d"), 404, "FOLDER_NOT_FOUND");
        assertError(api.get("/v5/folders?folder=/d/sub"), 404, "FOLDER_NOT_FOUND");
        assertError(api.get("/v4/folders/" + d), 404, "FOLDER_NOT_FOUND");
        for (JsonNode gone : List.of(top, deep)) {
            assertError(api.get("/v4/get/" + gone.path("uuid").asText()), 404, "FILE_NOT_FOUND");
            assertError(api.get("/v4/files/" + gone.path("uuid").asText()), 404, "FILE_NOT_FOUND");
        }
        assertThat(listNamesRecursive("/")).containsExactly("keep.txt");
        assertThat(download(sibling)).isEqualTo("keep");
        assertThat(blobCount()).as("the deleted files' blobs are removed").isEqualTo(1);
        assertError(api.delete("/v4/folders/" + d), 404, "FOLDER_NOT_FOUND");
    }

    @Test
    void deleteManyFoldersIsAllOrNothing() {
        String a = folder("/dm/a").path("uuid").asText();
        String b = folder("/dm/b").path("uuid").asText();
        upload("/dm/a", "a.txt", "a");
        upload("/dm/b", "b.txt", "b");

        assertError(api.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"00000000-0000-0000-0000-000000000000\"]}"),
                404, "FOLDER_NOT_FOUND");
        String root = ok(api.get("/v5/folders?folder=/")).path("base").path("uuid").asText();
        assertError(api.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"" + root + "\"]}"), 400, "INVALID_PARAMETER");
        assertError(api.delete("/v4/folders/" + root), 400, "INVALID_PARAMETER");
        assertThat(listNamesRecursive("/")).containsExactlyInAnyOrder("a.txt", "b.txt");

        JsonNode deleted = ok(api.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"" + b + "\"]}"));
        assertThat(deleted.path("action").asText()).isEqualTo("folders_deleted");
        assertThat(texts(deleted.path("folders_uuids"))).containsExactly(a, b);
        assertThat(listNamesRecursive("/")).isEmpty();
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/dm");
        assertThat(blobCount()).isZero();
    }

    @Test
    void deletingAFolderAndItsOwnSubfolderInOneCallWorks() {
        String a = folder("/n/a").path("uuid").asText();
        String inner = folder("/n/a/inner").path("uuid").asText();
        ok(api.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + a + "\",\"" + inner + "\"]}"));
        assertThat(folderPaths(ok(api.get("/v5/folders?folder=/&recursive=1")))).containsExactly("/n");
    }

    // ================================================================== previews

    @Test
    void previewsListUpToThreeImagesPerFolder() {
        String pics = folder("/p").path("uuid").asText();
        String texts = folder("/t").path("uuid").asText();
        List<String> images = new ArrayList<>();
        for (int i = 1; i <= 3; i++) images.add(uploadTyped("/p", "i" + i + ".png", "image/png").path("uuid").asText());
        images.add(uploadTyped("/p/sub", "deep.jpg", "image/jpeg").path("uuid").asText());
        upload("/p", "notes.txt", "not an image");
        upload("/t", "only.txt", "text");

        JsonNode answer = ok(api.postJson("/v5/folders/previews",
                "{\"folders\":[\"" + pics + "\",\"" + texts + "\",\"00000000-0000-0000-0000-000000000000\"]}"));
        JsonNode previews = answer.path("folders").path(pics);
        assertThat(previews).hasSize(3);
        for (JsonNode p : previews) {
            assertThat(images).contains(p.path("file_uuid").asText());
            assertThat(p.path("file_type").asText()).startsWith("image/");
            assertThat(p.path("file_uri_cdn").asText()).contains("/" + token + "/cdn/p/");
        }
        assertThat(answer.path("folders").path(texts)).isEmpty();
        assertThat(answer.path("folders").path("00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(answer.path("folders").path(texts).isArray()).isTrue();
    }

    // ================================================================== file rename

    @Test
    void renameAFileOnBothPathStyles() {
        JsonNode file = upload("/fr", "a.txt", "bytes of a");
        String uuid = file.path("uuid").asText();
        JsonNode renamed = ok(api.patchJson("/v4/files/" + uuid, "{\"name\":\"b.txt\"}"));
        assertThat(renamed.path("action").asText()).isEqualTo("file_renamed");
        assertThat(renamed.path("file_uuid").asText()).isEqualTo(uuid);
        assertThat(renamed.path("file").path("name").asText()).isEqualTo("b.txt");
        assertThat(renamed.path("file").path("url").path("path").asText()).isEqualTo("/fr/b.txt");
        assertThat(download(file)).isEqualTo("bytes of a");
        assertThat(cdn(renamed.path("file"))).isEqualTo("bytes of a");

        JsonNode v5 = ok(api.putJson("/v5/file/" + uuid + "/name", "{\"name\":\"c.txt\"}"));
        assertThat(v5.path("file").path("name").asText()).isEqualTo("c.txt");
        assertThat(listNames("/fr")).containsExactly("c.txt");
        // renaming to its own name is a no-op
        ok(api.putJson("/v5/file/" + uuid + "/name", "{\"name\":\"c.txt\"}"));
    }

    @Test
    void renamingAFileOntoAnExistingNameIsAConflictAndChangesNothing() {
        JsonNode a = upload("/rc", "a.txt", "A");
        JsonNode b = upload("/rc", "b.txt", "B");
        assertError(api.patchJson("/v4/files/" + a.path("uuid").asText(), "{\"name\":\"b.txt\"}"), 409, "NAME_CONFLICT");
        assertError(api.putJson("/v5/file/" + a.path("uuid").asText() + "/name", "{\"name\":\"b.txt\"}"), 409, "NAME_CONFLICT");
        for (String name : List.of("../b.txt", "x/y.txt", "..", "a\\b.txt", "a%2Fb.txt", "a\u0000.txt", "a\uFF0Fb.txt", "a\u2215b.txt")) {
            Api.Response r = api.patchJson("/v4/files/" + a.path("uuid").asText(), json("name", name));
            assertThat(r.status()).as(printable(name) + " " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PATH");
        }
        assertError(api.patchJson("/v4/files/" + a.path("uuid").asText(), "{\"name\":\"\"}"), 400, "INVALID_PARAMETER");
        assertError(api.patchJson("/v4/files/00000000-0000-0000-0000-000000000000", "{\"name\":\"z.txt\"}"), 404, "FILE_NOT_FOUND");
        assertThat(listNames("/rc")).containsExactly("a.txt", "b.txt");
        assertThat(download(a)).isEqualTo("A");
        assertThat(download(b)).isEqualTo("B");
    }

    // ================================================================== file move

    @Test
    void moveOneFileIntoAFolderByUuid() {
        JsonNode file = upload("/from", "f.txt", "F");
        String dest = folder("/to").path("uuid").asText();
        JsonNode moved = ok(api.putJson("/v4/files/" + file.path("uuid").asText() + "/folders/" + dest, "[]"));
        assertThat(moved.path("action").asText()).isEqualTo("files_moved");
        assertThat(texts(moved.path("files_uuids"))).containsExactly(file.path("uuid").asText());
        assertThat(moved.path("files").get(0).path("folder").path("name").asText()).isEqualTo("/to");
        assertThat(moved.path("files").get(0).path("folder").path("uuid").asText()).isEqualTo(dest);
        assertThat(listNames("/from")).isEmpty();
        assertThat(listNames("/to")).containsExactly("f.txt");
        assertThat(download(file)).isEqualTo("F");
        assertError(api.putJson("/v4/files/" + file.path("uuid").asText() + "/folders/00000000-0000-0000-0000-000000000000", "[]"),
                404, "FOLDER_NOT_FOUND");
        assertError(api.putJson("/v4/files/00000000-0000-0000-0000-000000000000/folders/" + dest, "[]"), 404, "FILE_NOT_FOUND");
    }

    @Test
    void moveManyFilesOnBothEndpointsCreatingTheDestination() {
        JsonNode a = upload("/src", "a.txt", "A");
        JsonNode b = upload("/src/sub", "b.txt", "B");
        JsonNode moved = ok(api.postJson("/v5/files", "{\"files_uuids\":[\"" + a.path("uuid").asText() + "\",\""
                + b.path("uuid").asText() + "\"],\"new_folder_name\":\"/dest/new\"}"));
        assertThat(moved.path("action").asText()).isEqualTo("files_moved");
        assertThat(texts(moved.path("files_uuids"))).containsExactly(a.path("uuid").asText(), b.path("uuid").asText());
        assertThat(listNames("/dest/new")).containsExactly("a.txt", "b.txt");
        assertThat(listNamesRecursive("/src")).isEmpty();

        ok(api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + a.path("uuid").asText() + "\"],\"new_folder_name\":\"/other\"}"));
        assertThat(listNames("/other")).containsExactly("a.txt");
        assertThat(download(a)).isEqualTo("A");
        assertThat(download(b)).isEqualTo("B");
    }

    @Test
    void aMoveOntoAnExistingNameIsAConflictAndMovesNothing() {
        JsonNode a = upload("/src", "a.txt", "A");
        JsonNode b = upload("/src", "b.txt", "B");
        upload("/dest", "b.txt", "already here");
        assertError(api.postJson("/v5/files", "{\"files_uuids\":[\"" + a.path("uuid").asText() + "\",\"" + b.path("uuid").asText()
                + "\"],\"new_folder_name\":\"/dest\"}"), 409, "NAME_CONFLICT");
        assertThat(listNames("/src")).containsExactly("a.txt", "b.txt");
        assertThat(listNames("/dest")).containsExactly("b.txt");

        // two files of the same name from different folders cannot both land in one folder
        JsonNode s1 = upload("/s1", "same.txt", "1");
        JsonNode s2 = upload("/s2", "same.txt", "2");
        assertError(api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + s1.path("uuid").asText() + "\",\""
                + s2.path("uuid").asText() + "\"],\"new_folder_name\":\"/together\"}"), 409, "NAME_CONFLICT");
        assertThat(listNames("/s1")).containsExactly("same.txt");
        assertThat(listNames("/s2")).containsExactly("same.txt");
        assertError(api.get("/v5/files?folder=/together"), 404, "FOLDER_NOT_FOUND");

        String dest = ok(api.get("/v5/folders?folder=/dest")).path("base").path("uuid").asText();
        assertError(api.putJson("/v4/files/" + b.path("uuid").asText() + "/folders/" + dest, "[]"), 409, "NAME_CONFLICT");
        assertError(api.postJson("/v5/files", "{\"files_uuids\":[\"" + a.path("uuid").asText()
                + "\",\"00000000-0000-0000-0000-000000000000\"],\"new_folder_name\":\"/elsewhere\"}"), 404, "FILE_NOT_FOUND");
        assertThat(listNames("/src")).containsExactly("a.txt", "b.txt");
        assertError(api.postJson("/v5/files", "{\"files_uuids\":[\"" + a.path("uuid").asText() + "\"],\"new_folder_name\":\"/a/../b\"}"),
                400, "INVALID_PATH");
    }

    // ================================================================== file delete

    @Test
    void deleteOneFile() {
        JsonNode file = upload("/del", "x.txt", "x");
        String uuid = file.path("uuid").asText();
        JsonNode deleted = ok(api.delete("/v4/files/" + uuid));
        assertThat(deleted.path("action").asText()).isEqualTo("file_deleted");
        assertThat(deleted.path("file_uuid").asText()).isEqualTo(uuid);
        assertError(api.get("/v4/files/" + uuid), 404, "FILE_NOT_FOUND");
        assertError(api.get("/v4/get/" + uuid), 404, "FILE_NOT_FOUND");
        assertError(api.delete("/v4/files/" + uuid), 404, "FILE_NOT_FOUND");
        assertThat(listNames("/del")).isEmpty();
        assertThat(blobCount()).isZero();
    }

    @Test
    void deleteManyFilesIsAllOrNothing() {
        JsonNode a = upload("/dm", "a.txt", "A");
        JsonNode b = upload("/dm", "b.txt", "B");
        String ids = "\"" + a.path("uuid").asText() + "\",\"" + b.path("uuid").asText() + "\"";
        assertError(api.deleteJson("/v5/files", "{\"files_uuids\":[" + ids + ",\"00000000-0000-0000-0000-000000000000\"]}"),
                404, "FILE_NOT_FOUND");
        assertThat(listNames("/dm")).containsExactly("a.txt", "b.txt");
        assertThat(download(a)).isEqualTo("A");
        assertThat(blobCount()).isEqualTo(2);
        assertError(api.deleteJson("/v5/files", "{\"files_uuids\":[]}"), 400, "INVALID_PARAMETER");

        JsonNode deleted = ok(api.deleteJson("/v5/files", "{\"files_uuids\":[" + ids + "]}"));
        assertThat(deleted.path("action").asText()).isEqualTo("files_deleted");
        assertThat(texts(deleted.path("files_uuids"))).containsExactly(a.path("uuid").asText(), b.path("uuid").asText());
        assertThat(listNames("/dm")).isEmpty();
        assertThat(blobCount()).isZero();
    }

    // ================================================================== meta and tags

    @Test
    void metaUpdatesMergeKeysAndNullRemovesOne() {
        JsonNode file = ok(api.multipart("/v4/files?folder=/meta", new Api.Multipart()
                .field("meta[files[]]", "{\"title\":{\"en\":\"Old\"},\"keep\":\"k\",\"drop\":\"d\"}")
                .file("files[]", "m.txt", "text/plain", "m".getBytes(StandardCharsets.UTF_8)))).path("file");
        String uuid = file.path("uuid").asText();
        JsonNode meta = ok(api.putJson("/v5/file/" + uuid + "/meta",
                "{\"meta\":{\"title\":{\"en\":\"New\"},\"drop\":null,\"added\":1}}")).path("file").path("meta");
        assertThat(meta.path("title").path("en").asText()).isEqualTo("New");
        assertThat(meta.path("keep").asText()).isEqualTo("k");
        assertThat(meta.has("drop")).isFalse();
        assertThat(meta.path("added").asInt()).isEqualTo(1);

        ok(api.putJson("/v4/file/" + uuid + "/meta", "{\"meta\":{\"description\":{\"en\":\"PHP adapter\"}}}"));
        JsonNode stored = fileDetails(file).path("meta");
        assertThat(stored.path("description").path("en").asText()).isEqualTo("PHP adapter");
        assertThat(stored.path("title").path("en").asText()).isEqualTo("New");
        assertThat(stored.path("keep").asText()).isEqualTo("k");

        assertError(api.putJson("/v5/file/" + uuid + "/meta", "{}"), 400, "INVALID_PARAMETER");
        assertError(api.putJson("/v5/file/" + uuid + "/meta", "{\"meta\":[1]}"), 400, "INVALID_PARAMETER");
        assertError(api.putJson("/v5/file/00000000-0000-0000-0000-000000000000/meta", "{\"meta\":{}}"), 404, "FILE_NOT_FOUND");
        assertThat(fileDetails(file).path("meta")).isEqualTo(stored);
    }

    @Test
    void tagsKeepExistingSidsAddNewLabelsAndFillTheDictionary() {
        JsonNode file = upload("/tags", "t.txt", "t");
        String uuid = file.path("uuid").asText();
        JsonNode first = ok(api.putJson("/v5/file/" + uuid + "/tags",
                "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"Red\",\"Blue\"]}")).path("file");
        assertThat(labels(first)).containsExactly("Red", "Blue");
        String red = sidOf(first, "Red");
        String blue = sidOf(first, "Blue");
        assertThat(red).startsWith("#tg").isNotEqualTo(blue);

        JsonNode second = ok(api.putJson("/v5/file/" + uuid + "/tags",
                "{\"lang\":\"en\",\"existing_tags\":[\"" + red + "\"],\"new_tags\":[\"Green\",\"Red\"]}")).path("file");
        assertThat(labels(second)).containsExactly("Red", "Green");
        assertThat(sidOf(second, "Red")).isEqualTo(red);

        // another file reuses the dictionary entry
        JsonNode other = upload("/tags", "o.txt", "o");
        JsonNode tagged = ok(api.putJson("/v5/file/" + other.path("uuid").asText() + "/tags",
                "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"Blue\"]}")).path("file");
        assertThat(sidOf(tagged, "Blue")).isEqualTo(blue);

        JsonNode dictionary = ok(api.get("/v5/tags"));
        List<String> names = new ArrayList<>();
        dictionary.path("tags").forEach(t -> {
            assertThat(t.path("sid").asText()).startsWith("#tg");
            names.add(t.path("names").path("en").asText());
        });
        assertThat(names).containsExactlyInAnyOrder("Red", "Blue", "Green");

        JsonNode cleared = ok(api.putJson("/v5/file/" + uuid + "/tags", "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[]}"))
                .path("file");
        assertThat(labels(cleared)).isEmpty();
        assertThat(labels(fileDetails(file))).isEmpty();
        assertError(api.putJson("/v5/file/" + uuid + "/tags", "{\"new_tags\":\"Red\"}"), 400, "INVALID_PARAMETER");
        assertError(api.putJson("/v5/file/00000000-0000-0000-0000-000000000000/tags", "{\"new_tags\":[]}"), 404, "FILE_NOT_FOUND");
    }

    // ================================================================== helpers

    private JsonNode folder(String path) {
        return ok(api.postJson("/v4/folders", json("name", path))).path("folder");
    }

    private JsonNode upload(String folder, String name, String content) {
        return ok(api.upload(folder, name, content)).path("file");
    }

    private JsonNode uploadTyped(String folder, String name, String type) {
        return ok(api.multipart("/v4/files?folder=" + enc(folder), new Api.Multipart()
                .file("files[]", name, type, new byte[] {(byte) 0x89, 'P', 'N', 'G'}))).path("file");
    }

    private JsonNode fileDetails(JsonNode file) {
        return ok(api.get("/v4/files/" + file.path("uuid").asText())).path("file");
    }

    private String download(JsonNode file) {
        Api.Response r = api.get("/v4/get/" + file.path("uuid").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text();
    }

    /** Fetches url.cdn of a file (its path-based URL), which must follow renames and moves. */
    private String cdn(JsonNode file) {
        String cdn = file.path("url").path("cdn").asText();
        String path = cdn.substring(cdn.indexOf("/" + token + "/cdn/"));
        Api.Response r = server.anonymous.get(path);
        assertThat(r.status()).as(cdn + " " + r).isEqualTo(200);
        return r.text();
    }

    private List<String> listNames(String folder) {
        return names(ok(api.get("/v5/files?sort=name:asc&folder=" + enc(folder))));
    }

    private List<String> listNamesRecursive(String folder) {
        return names(ok(api.get("/v5/files?recursive=1&sort=name:asc&folder=" + enc(folder))));
    }

    private long totalFolders() {
        return ok(api.get("/v5/folders?folder=/&recursive=1")).path("info").path("total_folders_count").asLong();
    }

    private long blobCount() {
        return server.blobKeys(token + "/").size();
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("files").forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    private static List<String> folderPaths(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("folders").forEach(f -> out.add(f.path("path").asText()));
        return out;
    }

    private static JsonNode byPath(JsonNode folders, String path) {
        for (JsonNode f : folders) {
            if (f.path("path").asText().equals(path)) return f;
        }
        throw new AssertionError("no folder " + path + " in " + folders);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> labels(JsonNode file) {
        List<String> out = new ArrayList<>();
        file.path("tags").path("en").forEach(t -> out.add(t.path("label").asText()));
        return out;
    }

    private static String sidOf(JsonNode file, String label) {
        for (JsonNode t : file.path("tags").path("en")) {
            if (t.path("label").asText().equals(label)) return t.path("sid").asText();
        }
        throw new AssertionError("no tag " + label + " on " + file.path("tags"));
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("status").asText()).as(r.toString()).isEqualTo("success");
        return body;
    }

    private static String json(String name, String value) {
        ObjectNode o = JSON.createObjectNode();
        o.put(name, value);
        return o.toString();
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04X", cp) : String.valueOf((char) cp)));
        return out.toString();
    }
}
