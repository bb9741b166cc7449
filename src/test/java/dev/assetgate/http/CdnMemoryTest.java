package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.FreshServer;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * url.cdn answers public files from memory (assets/DeliveryCache): the catalog is not read for a
 * cached public GET, and whatever changes a file's answer — made private (itself, its folder, its
 * project's default), deleted, moved, renamed, replaced — is seen by the very next request on the
 * node that made the change. Bodies held in memory answer ranges, HEAD and conditional requests like
 * bodies read from the blob store.
 */
@WithServer
@ServerSetting(key = Setting.WEBHOOK_POLL_MILLIS, value = "3600000") // no background reads while the catalog is counted
@ServerSetting(key = Setting.METRICS, value = "token") // the counting meters (metrics=off has none)
@ServerSetting(key = Setting.METRICS_TOKEN, value = "cdn-memory-test-token-0123456789abcdef")
class CdnMemoryTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void aCachedPublicGetReadsNeitherTheCatalogNorTheBlobStore(TestProject project) {
        String path = cdn(project, upload(project, "/pub", "ten.bin", "x".repeat(10_240)));
        long beforeFill = catalogOperations();
        assertThat(server.anonymous.get(path).status()).isEqualTo(200); // fills
        assertThat(catalogOperations() - beforeFill).as("the meter counts: the first request reads the catalog").isPositive();
        assertCachedReadsNothing(path);
    }

    @Test
    void anUploadIntoTheProjectLeavesWhatIsHeldInPlaceAndIsServedAtOnce(TestProject project) {
        String path = warm(project, upload(project, "/pub", "held.bin", "h".repeat(10_240)));
        String newcomer = "/" + project.token + "/cdn/pub/new/late.txt";
        assertNotServed(newcomer); // a path without a file is never held...
        upload(project, "/pub/new", "late.txt", "late");
        assertThat(server.anonymous.get(newcomer).text()).as("...so a file created there is served at once").isEqualTo("late");
        // ...and a creation drops nothing held: the request right after an upload reads nothing (one clean
        // round of five suffices; dropping on creations would make every round read)
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewest != 0; round++) {
            upload(project, "/pub/new", "more-" + round + ".txt", "more");
            long before = catalogOperations();
            assertThat(server.anonymous.get(path).status()).isEqualTo(200);
            fewest = Math.min(fewest, catalogOperations() - before);
        }
        assertThat(fewest).as("catalog operations of the GET right after an upload into its project").isZero();
    }

    /** A cached thumbnail is held like a small file: its bytes, not a derivative-index lookup and a blob read each time. */
    @Test
    void aCachedDerivativeIsAnsweredFromMemoryWithTheBytesItWasComputedWith(TestProject project) {
        JsonNode file = ImagesApiTest.okFile(project.api.putBytes("/v4/files?folder=/pub&filename=pic.png", ImagesApiTest.png(400, 200), "image/png"));
        String path = cdn(project, file) + "?w=100";
        Api.Response computed = server.anonymous.get(path);
        assertThat(computed.header("X-Derivative-Cache")).isEqualTo("miss");
        long catalog = -1;
        double blob = -1;
        for (int round = 0; round < 5 && (catalog != 0 || blob != 0); round++) {
            long catalogBefore = catalogOperations();
            double blobBefore = blobOperations();
            for (int i = 0; i < 20; i++) {
                Api.Response r = server.anonymous.get(path);
                assertThat(r.header("X-Derivative-Cache")).isEqualTo("hit");
                assertThat(r.header("ETag")).isEqualTo(computed.header("ETag"));
                assertThat(r.bytes()).isEqualTo(computed.bytes());
            }
            catalog = catalogOperations() - catalogBefore;
            blob = blobOperations() - blobBefore;
        }
        assertThat(catalog).as("catalog operations in 20 cached thumbnail requests").isZero();
        assertThat(blob).as("blob store operations in 20 cached thumbnail requests").isZero();
    }

    /**
     * Zero catalog and blob operations over 60 requests (GET, conditional GET, HEAD) in one round
     * proves that none of them needs either. A round may still meet a read of something else: the
     * project's own revalidation once a second, the audit trail's flush; up to five rounds are tried.
     */
    private static void assertCachedReadsNothing(String path) {
        long catalog = -1;
        double blob = -1;
        for (int round = 0; round < 5 && (catalog != 0 || blob != 0); round++) {
            long catalogBefore = catalogOperations();
            double blobBefore = blobOperations();
            for (int i = 0; i < 20; i++) {
                Api.Response r = server.anonymous.get(path);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bytes()).hasSize(10_240);
                assertThat(server.anonymous.get(path, "If-None-Match", r.header("ETag")).status()).isEqualTo(304);
                assertThat(server.anonymous.head(path).header("Content-Length")).isEqualTo("10240");
            }
            catalog = catalogOperations() - catalogBefore;
            blob = blobOperations() - blobBefore;
        }
        assertThat(catalog).as("catalog operations in 60 cached public requests").isZero();
        assertThat(blob).as("blob store operations in 60 cached public requests").isZero();
    }

    @Test
    void aBodyHeldInMemoryAnswersRangesAndHeadersLikeOneReadFromTheBlobStore(TestProject project) {
        String path = cdn(project, upload(project, "/pub", "abc.txt", "abcdefghij"));
        Api.Response whole = server.anonymous.get(path);
        Api.Response again = server.anonymous.get(path); // from memory
        assertThat(again.text()).isEqualTo("abcdefghij");
        for (String header : new String[] {"ETag", "Last-Modified", "Cache-Control", "Content-Type", "Content-Disposition",
                "X-Content-Type-Options", "Content-Security-Policy", "Accept-Ranges"}) {
            assertThat(again.header(header)).as(header).isNotNull().isEqualTo(whole.header(header));
        }
        assertThat(again.header("Cache-Control")).startsWith("public, max-age=");

        Api.Response range = server.anonymous.get(path, "Range", "bytes=2-5");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.text()).isEqualTo("cdef");
        assertThat(range.header("Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(server.anonymous.get(path, "Range", "bytes=-3").text()).isEqualTo("hij");
        Api.Response unsatisfiable = server.anonymous.get(path, "Range", "bytes=20-");
        assertThat(unsatisfiable.status()).isEqualTo(416);
        assertThat(unsatisfiable.code()).isEqualTo("RANGE_NOT_SATISFIABLE");
        assertThat(server.anonymous.get(path).text()).as("a range leaves the held bytes whole").isEqualTo("abcdefghij");
    }

    @Test
    void aFileMadePrivateIsRefusedOnTheNextRequest(TestProject project) {
        JsonNode f = upload(project, "/pub", "a.txt", "alpha");
        String path = warm(project, f);
        visibility(project, "files_uuids", f.path("uuid").asText(), "not_public");
        assertNotServed(path);
        visibility(project, "files_uuids", f.path("uuid").asText(), "public");
        assertThat(server.anonymous.get(path).text()).isEqualTo("alpha");
    }

    @Test
    void aFolderMadePrivateTakesItsFilesAlongOnTheNextRequest(TestProject project) {
        JsonNode f = upload(project, "/pub/deep", "a.txt", "alpha");
        String path = warm(project, f);
        JsonNode pub = project.api.get("/v4/folders?folder=/").json().path("folders").path(0);
        assertThat(pub.path("name").asText()).isEqualTo("pub");
        visibility(project, "folders_uuids", pub.path("uuid").asText(), "not_public");
        assertNotServed(path);
    }

    @Test
    void aProjectDefaultMadePrivateTakesEveryFileAlongOnTheNextRequest(TestProject project) {
        String path = warm(project, upload(project, "/pub", "a.txt", "alpha"));
        Api.Response changed = project.admin.patchJson("/admin/v1/projects/" + project.token, "{\"default_visibility\":\"not_public\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertNotServed(path);
    }

    @Test
    void aDeletedFileIsGoneOnTheNextRequest(TestProject project) {
        JsonNode f = upload(project, "/pub", "a.txt", "alpha");
        String path = warm(project, f);
        assertThat(project.api.delete("/v4/files/" + f.path("uuid").asText()).status()).isEqualTo(200);
        assertNotServed(path);
    }

    @Test
    void aMovedOrRenamedFileIsServedAtItsNewPathOnly(TestProject project) {
        JsonNode f = upload(project, "/pub", "a.txt", "alpha");
        String uuid = f.path("uuid").asText();
        String path = warm(project, f);
        Api.Response moved = project.api.postJson("/v5/files/move", "{\"files_uuids\":[\"" + uuid + "\"],\"new_folder_name\":\"/other\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertNotServed(path);
        String movedPath = "/" + project.token + "/cdn/other/a.txt";
        assertThat(server.anonymous.get(movedPath).text()).isEqualTo("alpha");

        Api.Response renamed = project.api.putJson("/v4/files/" + uuid + "/name", "{\"name\":\"b.txt\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertNotServed(movedPath);
        assertThat(server.anonymous.get("/" + project.token + "/cdn/other/b.txt").text()).isEqualTo("alpha");
    }

    @Test
    void aReplacedFileIsServedWithItsNewBytesAndETagOnTheNextRequest(TestProject project) {
        String path = warm(project, upload(project, "/pub", "a.txt", "alpha"));
        String before = server.anonymous.get(path).header("ETag");
        Api.Response replaced = project.api.multipart("/v4/files?folder=/pub&opt_force_name=1",
                new Api.Multipart().file("files[]", "a.txt", "text/plain", "omega!".getBytes(StandardCharsets.UTF_8)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        Api.Response after = server.anonymous.get(path);
        assertThat(after.text()).isEqualTo("omega!");
        assertThat(after.header("ETag")).isNotEqualTo(before);
        assertThat(server.anonymous.get(path, "If-None-Match", before).status()).as("the old ETag no longer matches").isEqualTo(200);
    }

    @Test
    void aDeletedProjectServesNothingOnTheNextRequest() {
        TestProject doomed = TestProject.create(server);
        String path = warm(doomed, upload(doomed, "/pub", "a.txt", "alpha"));
        Api.Response deleted = server.companyKey(dev.assetgate.access.Permission.values()).delete("/admin/v1/projects/" + doomed.token);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertNotServed(path);
    }

    @Test
    @FreshServer
    @ServerSetting(key = Setting.CDN_MEMORY_BYTES, value = "0")
    void withoutMemoryForBytesFilesAreStillServedWhole(TestServer bare, TestProject project) {
        byte[] bytes = new byte[70_000]; // also above the size whose bytes are ever held
        Arrays.fill(bytes, (byte) 'z');
        for (String name : new String[] {"small.txt", "large.txt"}) {
            String content = name.startsWith("small") ? "tiny" : new String(bytes, StandardCharsets.US_ASCII);
            String path = cdn(project, upload(project, "/pub", name, content));
            for (int i = 0; i < 2; i++) {
                Api.Response r = bare.anonymous.get(path);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo(content);
            }
            assertThat(bare.anonymous.get(path, "Range", "bytes=1-2").text()).isEqualTo(content.substring(1, 3));
        }
    }

    @Test
    @FreshServer
    @ServerSetting(key = Setting.CDN_MEMORY_BYTES, value = "15000")
    void bytesAreHeldOnlyWithinTheirBudgetAndTheRestIsReadFromTheBlobStore(TestServer small, TestProject project) {
        JsonNode firstFile = upload(project, "/pub", "first.bin", "1".repeat(10_240));
        String first = cdn(project, firstFile);
        String second = cdn(project, upload(project, "/pub", "second.bin", "2".repeat(10_240)));
        for (String path : new String[] {first, second}) assertThat(small.anonymous.get(path).status()).isEqualTo(200);

        // the first took 10 240 of the 15 000 bytes; the second does not fit and is read on every request
        assertThat(blobReadsFor(small, first, 10)).as("held").isZero();
        assertThat(blobReadsFor(small, second, 10)).as("over the budget").isGreaterThanOrEqualTo(10);
        assertThat(small.anonymous.get(second).text()).isEqualTo("2".repeat(10_240));

        // deleting the first gives its bytes back: the second is held from its next reading on
        assertThat(project.api.delete("/v4/files/" + firstFile.path("uuid").asText()).status()).isEqualTo(200);
        assertThat(small.anonymous.get(second).status()).isEqualTo(200); // read again after the change, now held
        assertThat(blobReadsFor(small, second, 10)).as("held once there is room").isZero();
    }

    /** Blob store operations during {@code n} GETs of {@code path}. */
    private static long blobReadsFor(TestServer on, String path, int n) {
        double before = blobOperations(on);
        for (int i = 0; i < n; i++) assertThat(on.anonymous.get(path).status()).isEqualTo(200);
        return (long) (blobOperations(on) - before);
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode upload(TestProject project, String folder, String name, String content) {
        Api.Response r = project.api.upload(folder, name, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    static String cdn(TestProject project, JsonNode file) {
        return "/" + project.token + "/cdn" + file.path("folder").path("name").asText().replaceAll("/$", "") + "/" + file.path("name").asText();
    }

    /** The file's url.cdn path, served (and so held) twice. */
    static String warm(TestProject project, JsonNode file) {
        String path = cdn(project, file);
        for (int i = 0; i < 2; i++) assertThat(server.anonymous.get(path).status()).as(path).isEqualTo(200);
        return path;
    }

    static void visibility(TestProject project, String field, String uuid, String value) {
        Api.Response r = project.api.putJson("/v5/objects/visibility/cdn", "{\"" + field + "\":[\"" + uuid + "\"],\"visibility\":\"" + value + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    static void assertNotServed(String path) {
        Api.Response r = server.anonymous.get(path);
        assertThat(r.status()).as(path + ": " + r).isEqualTo(404);
        assertThat(server.anonymous.head(path).status()).isEqualTo(404);
    }

    private static long catalogOperations() {
        return server.app.metrics.registry().find("assetgate.catalog.operations").timers().stream().mapToLong(Timer::count).sum();
    }

    private static double blobOperations() {
        return blobOperations(server);
    }

    private static double blobOperations(TestServer on) {
        return on.app.metrics.registry().find("assetgate.blobs.operations").timers().stream().mapToLong(Timer::count).sum();
    }
}
