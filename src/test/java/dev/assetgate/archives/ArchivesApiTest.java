package dev.assetgate.archives;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ZIP archives of a selection over HTTP, as the widget asks for them: the zip's names and contents
 * (read back with java.util.zip), duplicates, folder recursion, every item authorised, unknown
 * uuids, who may read an archive, cancel, expiry, the sharebox forms and the limits. Each test works
 * in a project of its own holding /in/a.txt, /in/sub/b.txt, /in/sub/deeper/c.txt, /other/a.txt.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.ARCHIVE_TTL, value = "1h")
class ArchivesApiTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    /** The fixture's project with the uuids of its files and folders. */
    record Fixture(TestProject project, Api api, String inA, String subB, String deepC, String otherA, String in, String sub) {
        static Fixture create(TestServer server) {
            TestProject p = TestProject.create(server);
            Api api = p.api;
            String inA = upload(api, "/in", "a.txt", "in a");
            String subB = upload(api, "/in/sub", "b.txt", "sub b");
            String deepC = upload(api, "/in/sub/deeper", "c.txt", "deep c");
            String otherA = upload(api, "/other", "a.txt", "other a");
            return new Fixture(p, api, inA, subB, deepC, otherA, folderUuid(api, "/in"), folderUuid(api, "/in/sub"));
        }
    }

    static String upload(Api api, String folder, String name, String content) {
        Api.Response r = api.multipart("/v4/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, "text/plain", content.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static String folderUuid(Api api, String path) {
        return api.get("/v5/files?folder=" + Api.enc(path)).json().path("base").path("uuid").asText();
    }

    static String body(List<String> files, List<String> folders) {
        return "{\"files_uuids\":" + ids(files) + ",\"folders_uuids\":" + ids(folders) + ",\"urls\":[]}";
    }

    static String ids(List<String> ids) {
        return ids.stream().map(i -> "\"" + i + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
    }

    /** Polls the status until it leaves PENDING and RUNNING; returns the last answer. */
    static JsonNode settle(Api api, String statusPath) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Api.Response r = api.get(statusPath);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String status = r.json().path("task_status").asText();
            if (!status.equals("PENDING") && !status.equals("RUNNING")) return r.json();
            assertThat(System.nanoTime()).as("the archive settles within 30 s").isLessThan(deadline);
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The archive of a selection, built: its task id. */
    static String built(Api api, String body) {
        Api.Response created = api.postJson("/v5/file-archive", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.json().path("task_id").asText();
        assertThat(id).hasSize(32);
        assertThat(settle(api, "/v5/file-archive/" + id + "?status_only=1").path("task_status").asText()).isEqualTo("DONE");
        return id;
    }

    /** The zip's entries, name → content, in order. */
    static Map<String, String> unzip(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/zip");
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.bytes()), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static List<String> scratchArchives() {
        Path tmp = server.dataDir.resolve("tmp");
        if (!Files.isDirectory(tmp)) return List.of();
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("archive-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static java.util.Set<String> archiveBlobs(TestProject p) {
        return server.blobKeys(p.token + "/_archives/");
    }

    // ------------------------------------------------------------------ content and names

    @Test
    void aSelectionOfFilesAndFoldersIsZippedWithNamesFromTheFolderTreeAndDuplicatesMadeUnique() {
        Fixture f = Fixture.create(server);
        String id = built(f.api, body(List.of(f.inA, f.otherA), List.of(f.in)));

        Map<String, String> zip = unzip(f.api.get("/v5/file-archive/" + id));
        assertThat(zip).containsExactly(
                Map.entry("a.txt", "in a"),
                Map.entry("a (2).txt", "other a"),
                Map.entry("in/a.txt", "in a"),
                Map.entry("in/sub/b.txt", "sub b"),
                Map.entry("in/sub/deeper/c.txt", "deep c"));
        JsonNode status = f.api.get("/v5/file-archive/" + id + "?status_only=1").json();
        assertThat(status.path("task_percent").asInt()).isEqualTo(100);
        assertThat(status.path("files_count").asInt()).isEqualTo(5);
        assertThat(scratchArchives()).as("the scratch file is gone once stored").isEmpty();
        assertThat(archiveBlobs(f.project)).hasSize(1);
    }

    @Test
    void aDownloadRightAfterAskingWaitsForTheBuild() {
        // the widget without its progress panel does so: POST, then GET the zip at once
        Fixture f = Fixture.create(server);
        String id = f.api.postJson("/v5/file-archive", body(List.of(), List.of(f.in))).json().path("task_id").asText();
        assertThat(unzip(f.api.get("/v5/file-archive/" + id))).containsOnlyKeys("in/a.txt", "in/sub/b.txt", "in/sub/deeper/c.txt");
    }

    @Test
    void aSubfolderIsADirectoryOfItsOwnNameAndTheRootFolderHasNoPrefix() {
        Fixture f = Fixture.create(server);
        assertThat(unzip(f.api.get("/v5/file-archive/" + built(f.api, body(List.of(), List.of(f.sub))))))
                .containsOnlyKeys("sub/b.txt", "sub/deeper/c.txt");
        String root = folderUuid(f.api, "/");
        assertThat(unzip(f.api.get("/v5/file-archive/" + built(f.api, body(List.of(), List.of(root))))))
                .containsOnlyKeys("in/a.txt", "in/sub/b.txt", "in/sub/deeper/c.txt", "other/a.txt");
    }

    // ------------------------------------------------------------------ refused up front, nothing built

    @Test
    void aSelectionPartlyOutsideTheKeysScopeIsRefusedWholeAndBuildsNothing() {
        Fixture f = Fixture.create(server);
        Api sass = f.project.sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"],\"listing\":{\"dir_scope\":[\"/in/*\"]}}");
        var blobsBefore = server.blobStoreContents();

        Api.Response file = sass.postJson("/v5/file-archive", body(List.of(f.inA, f.otherA), List.of()));
        assertThat(file.status()).as(file.toString()).isEqualTo(403);
        assertThat(file.code()).isEqualTo("FOLDER_NOT_ALLOWED");
        String root = folderUuid(f.api, "/");
        Api.Response folder = sass.postJson("/v5/file-archive", body(List.of(), List.of(root)));
        assertThat(folder.code()).as("the root's subtree reaches /other").isEqualTo("FOLDER_NOT_ALLOWED");

        assertThat(server.blobStoreContents()).isEqualTo(blobsBefore);
        assertThat(scratchArchives()).isEmpty();

        // inside the scope the same key is served, and the zip holds only what it may read
        String id = built(sass, body(List.of(f.inA), List.of(f.sub)));
        assertThat(unzip(sass.get("/v5/file-archive/" + id))).containsOnlyKeys("a.txt", "sub/b.txt", "sub/deeper/c.txt");
    }

    @Test
    void unknownUuidsAndEmptyOrUnsupportedSelectionsAreRefused() {
        Fixture f = Fixture.create(server);
        var blobsBefore = server.blobStoreContents();
        Api.Response file = f.api.postJson("/v5/file-archive", body(List.of(f.inA, "00000000-0000-0000-0000-000000000000"), List.of()));
        assertThat(file.status()).isEqualTo(404);
        assertThat(file.code()).isEqualTo("FILE_NOT_FOUND");
        Api.Response folder = f.api.postJson("/v5/file-archive", body(List.of(), List.of("00000000-0000-0000-0000-000000000000")));
        assertThat(folder.code()).isEqualTo("FOLDER_NOT_FOUND");
        assertThat(f.api.postJson("/v5/file-archive", body(List.of(), List.of())).code()).isEqualTo("INVALID_PARAMETER");
        assertThat(f.api.postJson("/v5/file-archive", "{\"files_uuids\":\"x\"}").code()).isEqualTo("INVALID_PARAMETER");
        assertThat(f.api.postJson("/v5/file-archive", "{\"files_uuids\":[\"" + f.inA + "\"],\"urls\":[\"https://example.com/x\"]}").code())
                .isEqualTo("INVALID_PARAMETER");
        assertThat(f.api.get("/v5/file-archive/0123456789abcdef0123456789abcdef?status_only=1").code()).isEqualTo("ARCHIVE_NOT_FOUND");
        assertThat(server.blobStoreContents()).isEqualTo(blobsBefore);
    }

    // ------------------------------------------------------------------ who reads it

    @Test
    void onlyTheKeyThatAskedReadsOrCancelsItsArchive() {
        Fixture f = Fixture.create(server);
        String id = built(f.api, body(List.of(f.inA), List.of()));
        Api other = server.allKey(f.project.token).in(f.project.token);
        for (Api.Response r : List.of(other.get("/v5/file-archive/" + id + "?status_only=1"), other.get("/v5/file-archive/" + id),
                other.patchJson("/v5/file-archive/" + id + "/cancel", ""))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("ARCHIVE_NOT_FOUND");
        }
        assertThat(unzip(f.api.get("/v5/file-archive/" + id))).containsOnlyKeys("a.txt");
    }

    @Test
    void keysOfOneSecurityTemplateShareTheirArchives() {
        Fixture f = Fixture.create(server);
        String rules = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"]}";
        String template = f.project.template(rules);
        Api first = exchange(f, template);
        Api renewed = exchange(f, template);
        String id = built(first, body(List.of(f.inA), List.of()));
        assertThat(unzip(renewed.get("/v5/file-archive/" + id))).containsOnlyKeys("a.txt");
        Api otherTemplate = f.project.sass(rules);
        assertThat(otherTemplate.get("/v5/file-archive/" + id).code()).isEqualTo("ARCHIVE_NOT_FOUND");
    }

    static Api exchange(Fixture f, String template) {
        return SassKeys.exchange(server, f.project.token, template);
    }

    @Test
    void aKeyWithoutObjectsFetchIsRefused() {
        Fixture f = Fixture.create(server);
        Api lister = f.project.sass("{\"permissions\":[\"OBJECTS_LIST\"]}");
        Api.Response r = lister.postJson("/v5/file-archive", body(List.of(f.inA), List.of()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("PERMISSION_DENIED");
    }

    // ------------------------------------------------------------------ cancel and expiry

    @Test
    void aCancelledArchiveStopsAndLeavesNothingBehind() {
        Fixture f = Fixture.create(server);
        Api.Response created = f.api.postJson("/v5/file-archive", body(List.of(), List.of(f.in)));
        String id = created.json().path("task_id").asText();
        // whether the cancel lands while it waits, while it is built or once it is done, the end is the same
        Api.Response cancelled = f.api.patchJson("/v5/file-archive/" + id + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().path("task_status").asText()).isEqualTo("CANCELLED");
        JsonNode settled = settle(f.api, "/v5/file-archive/" + id + "?status_only=1");
        assertThat(settled.path("task_status").asText()).isEqualTo("CANCELLED");
        Api.Response zip = f.api.get("/v5/file-archive/" + id);
        assertThat(zip.status()).isEqualTo(409);
        assertThat(zip.code()).isEqualTo("ARCHIVE_NOT_READY");
        awaitNoScratch();
        assertThat(archiveBlobs(f.project)).isEmpty();

        // a finished one: its zip is deleted
        String done = built(f.api, body(List.of(f.inA), List.of()));
        assertThat(archiveBlobs(f.project)).hasSize(1);
        assertThat(f.api.patchJson("/v5/file-archive/" + done + "/cancel", "").json().path("task_status").asText()).isEqualTo("CANCELLED");
        assertThat(archiveBlobs(f.project)).isEmpty();
        assertThat(f.api.get("/v5/file-archive/" + done).code()).isEqualTo("ARCHIVE_NOT_READY");
    }

    static void awaitNoScratch() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scratchArchives().isEmpty() && System.nanoTime() < deadline) sleep(20);
        assertThat(scratchArchives()).isEmpty();
    }

    @Test
    void anArchiveExpiresWithItsZip() {
        Fixture f = Fixture.create(server);
        String read = built(f.api, body(List.of(f.inA), List.of()));
        String swept = built(f.api, body(List.of(f.subB), List.of()));
        assertThat(archiveBlobs(f.project)).hasSize(2);
        server.clock.advance(Duration.ofMinutes(61));
        Api.Response r = f.api.get("/v5/file-archive/" + read + "?status_only=1");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("ARCHIVE_NOT_FOUND");
        assertThat(server.app.archives.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(archiveBlobs(f.project)).isEmpty();
        assertThat(f.api.get("/v5/file-archive/" + swept).code()).isEqualTo("ARCHIVE_NOT_FOUND");
    }

    // ------------------------------------------------------------------ sharebox forms (no key)

    static String share(Fixture f, String extra) {
        Api.Response r = f.api.postJson("/v5/shares", "{\"title\":\"Kit\",\"items\":[{\"type\":\"file_uuid\",\"identifiers\":[\"" + f.otherA
                + "\"]},{\"type\":\"folder_uuid\",\"identifiers\":[\"" + f.in + "\"],\"options\":{\"recursive\":true}}]" + extra + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("share").path("puid").asText();
    }

    static Api anonymous(Fixture f) {
        return server.anonymous.in(f.project.token);
    }

    static String builtForShare(Fixture f, String puid, String query, String body, String... headers) {
        Api anonymous = anonymous(f);
        Api.Response created = Api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(anonymous.base + "/" + f.project.token + "/v5/file-archive/sharebox/" + puid + query))
                .headers(withJson(headers)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.json().path("task_id").asText();
        JsonNode settled = settle(anonymous, "/v5/file-archive/sharebox/" + id + "?status_only=1" + query.replace('?', '&'));
        assertThat(settled.path("task_status").asText()).isEqualTo("DONE");
        return id;
    }

    static String[] withJson(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    @Test
    void aShareboxDownloadsAllOrThePathsItNames() {
        Fixture f = Fixture.create(server);
        String puid = share(f, "");
        Api anonymous = anonymous(f);
        String all = builtForShare(f, puid, "", "");
        assertThat(unzip(anonymous.get("/v5/file-archive/sharebox/" + all)))
                .containsExactly(Map.entry("a.txt", "other a"), Map.entry("in/a.txt", "in a"), Map.entry("in/sub/b.txt", "sub b"),
                        Map.entry("in/sub/deeper/c.txt", "deep c"));
        String some = builtForShare(f, puid, "", "{\"files_paths\":[\"/a.txt\"],\"folders_paths\":[\"/in/sub/deeper\"]}");
        assertThat(unzip(anonymous.get("/v5/file-archive/sharebox/" + some))).containsOnlyKeys("a.txt", "in/sub/deeper/c.txt");

        Api.Response unknown = anonymous.postJson("/v5/file-archive/sharebox/" + puid, "{\"files_paths\":[\"/in/nope.txt\"]}");
        assertThat(unknown.code()).isEqualTo("FILE_NOT_FOUND");
        assertThat(anonymous.postJson("/v5/file-archive/sharebox/" + puid, "{\"folders_paths\":[\"/nope\"]}").code())
                .isEqualTo("FOLDER_NOT_FOUND");
        assertThat(anonymous.postJson("/v5/file-archive/sharebox/nosuchshare", "{}").code()).isEqualTo("SHARE_NOT_FOUND");
        // a key's archive is not a share's, and the other way round
        assertThat(f.api.get("/v5/file-archive/" + all + "?status_only=1").code()).isEqualTo("ARCHIVE_NOT_FOUND");
        String keyed = built(f.api, body(List.of(f.inA), List.of()));
        assertThat(anonymous.get("/v5/file-archive/sharebox/" + keyed + "?status_only=1").code()).isEqualTo("ARCHIVE_NOT_FOUND");
    }

    @Test
    void aProtectedShareboxNeedsItsPasswordOrAccessHashToAskThenTheTaskIdIsEnough() {
        Fixture f = Fixture.create(server);
        String puid = share(f, ",\"password\":\"open sesame 42\"");
        Api anonymous = anonymous(f);
        Api.Response without = anonymous.postJson("/v5/file-archive/sharebox/" + puid, "");
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.code()).isEqualTo("SHARE_PASSWORD_REQUIRED");
        assertThat(anonymous.postJson("/v5/file-archive/sharebox/" + puid + "?hash=wrong", "").status()).isEqualTo(401);
        String hash = anonymous.get("/v4/share/" + puid, "X-Share-Password", "open sesame 42").json().path("access").path("token").asText();
        String id = builtForShare(f, puid, "?hash=" + hash, "");
        // the widget polls and downloads without the hash: the task id (given only to who passed) is the capability
        assertThat(unzip(anonymous.get("/v5/file-archive/sharebox/" + id))).hasSize(4);
        String byPassword = builtForShare(f, puid, "", "", "X-Share-Password", "open sesame 42");
        assertThat(unzip(anonymous.get("/v5/file-archive/sharebox/" + byPassword))).hasSize(4);
        Api.Response cancelled = anonymous.patchJson("/v5/file-archive/sharebox/" + byPassword + "/cancel", "");
        assertThat(cancelled.json().path("task_status").asText()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(anonymous.get("/v5/file-archive/sharebox/" + byPassword).code()).isEqualTo("ARCHIVE_NOT_READY");
        // once the share is gone, so are its archives
        String shareUuid = f.api.get("/v5/shares").json().path("shares").path(0).path("uuid").asText();
        assertThat(f.api.delete("/v5/share/" + shareUuid).status()).isEqualTo(200);
        assertThat(anonymous.get("/v5/file-archive/sharebox/" + id + "?status_only=1").code()).isEqualTo("ARCHIVE_NOT_FOUND");
    }

    @Test
    void theWidgetsShareboxFormNamesItemsByPathAndByUuid() {
        Fixture f = Fixture.create(server);
        String puid = share(f, "");
        // what downloadItems sends in a sharebox: each item's path, then its uuid, in the same lists
        String id = builtForShare(f, puid, "", "{\"files_paths\":[\"/a.txt\",\"" + f.otherA + "\"],\"folders_paths\":[\"" + f.sub + "\"]}");
        assertThat(unzip(anonymous(f).get("/v5/file-archive/sharebox/" + id))).containsOnlyKeys("a.txt", "in/sub/b.txt", "in/sub/deeper/c.txt");
        // an id that names nothing in the share
        Api.Response outside = anonymous(f).postJson("/v5/file-archive/sharebox/" + puid, "{\"files_paths\":[\"" + f.inA + "x\"]}");
        assertThat(outside.code()).isEqualTo("FILE_NOT_FOUND");
    }

    @Test
    void aShareboxWithDownloadsOffBuildsNothing() {
        Fixture f = Fixture.create(server);
        String puid = share(f, ",\"download\":false");
        Api.Response r = anonymous(f).postJson("/v5/file-archive/sharebox/" + puid, "");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("SHARE_DOWNLOAD_DISABLED");
        assertThat(archiveBlobs(f.project)).isEmpty();
    }

    // ------------------------------------------------------------------ limits

    @Nested
    @WithServer
    @ServerSetting(key = Setting.ARCHIVE_MAX_FILES, value = "3")
    @ServerSetting(key = Setting.ARCHIVE_MAX_BYTES, value = "15")
    class Limits {
        @Test
        void aSelectionPastTheLimitsIsRefusedBeforeAnythingIsBuilt(TestServer limited) {
            Fixture f = Fixture.create(limited);
            var before = limited.blobStoreContents();
            Api.Response files = f.api.postJson("/v5/file-archive", body(List.of(f.inA, f.otherA), List.of(f.in)));
            assertThat(files.status()).as(files.toString()).isEqualTo(413);
            assertThat(files.code()).isEqualTo("ARCHIVE_TOO_LARGE");
            assertThat(files.json().path("msg").asText()).contains("archive-max-files");
            // 4 + 7 + 5 bytes > 15
            Api.Response bytes = f.api.postJson("/v5/file-archive", body(List.of(f.inA, f.otherA, f.subB), List.of()));
            assertThat(bytes.code()).isEqualTo("ARCHIVE_TOO_LARGE");
            assertThat(bytes.json().path("msg").asText()).contains("archive-max-bytes");
            assertThat(limited.blobStoreContents()).isEqualTo(before);
            // within both: built
            assertThat(settle(f.api, "/v5/file-archive/" + f.api.postJson("/v5/file-archive", body(List.of(f.inA, f.otherA), List.of()))
                    .json().path("task_id").asText() + "?status_only=1").path("task_status").asText()).isEqualTo("DONE");
        }
    }
}
