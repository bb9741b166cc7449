package dev.assetgate.cluster;

import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.Assetgate;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestPostgres;
import dev.assetgate.support.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two `assetgate serve` processes on different ports sharing one PostgreSQL catalog, one S3 bucket
 * and one Redis, configured only through environment variables, as in the README's "Running a
 * cluster". What one node does, the other sees; limits and revocations hold across both.
 */
@Tag("cluster")
class TwoNodeClusterTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String schema;
    private static String bucket;
    private static String prefix;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static String adminKey;

    @BeforeAll
    static void startCluster() throws Exception {
        TestPostgres.assumeAvailable();
        schema = TestPostgres.createSchema();
        S3TestServer s3 = S3TestServer.shared();
        bucket = s3.newBucketName("cluster");
        prefix = TestRedis.freshPrefix();
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.CATALOG, "postgres");
        settings.put(Setting.POSTGRES_URL, TestPostgres.url(schema));
        settings.put(Setting.POSTGRES_USER, TestPostgres.USER);
        settings.put(Setting.BLOBS, "s3");
        settings.put(Setting.S3_ENDPOINT, s3.endpoint());
        settings.put(Setting.S3_REGION, S3TestServer.REGION);
        settings.put(Setting.S3_BUCKET, bucket);
        settings.put(Setting.S3_ACCESS_KEY, S3TestServer.ACCESS_KEY);
        settings.put(Setting.S3_SECRET_KEY, S3TestServer.SECRET_KEY);
        settings.put(Setting.COUNTERS, "redis");
        settings.put(Setting.REDIS_URL, TestRedis.URL);
        settings.put(Setting.REDIS_PREFIX, prefix);
        settings.put(Setting.SECRET, "cluster-secret-" + UUID.randomUUID()); // the same on every node
        settings.put(Setting.TRUSTED_PROXIES, "127.0.0.1/32"); // so tests can speak for several client IPs

        Path setupDir = Files.createTempDirectory("assetgate-cluster-setup");
        Map<Setting, String> setup = new EnumMap<>(settings);
        setup.put(Setting.DATA_DIR, setupDir.toString());
        try (Assetgate operator = Assetgate.open(AssetgateConfig.of(setup))) {
            operator.projects.create("shop", "shop", operator.projects.defaultCompany().id()).orElseThrow();
            adminKey = operator.keys.create(new NewKey("cluster admin", PermissionSet.allPermissions(), false,
                    new LinkedHashSet<>(List.of("shop")), null), operator.projects.defaultCompany().id(), Optional.empty()).secret();
        }
        Map<String, String> env = new HashMap<>();
        settings.forEach((setting, value) -> env.put(setting.env(), value));
        nodeA = ServerProcess.start(Files.createTempDirectory("assetgate-node-a"), env);
        nodeB = ServerProcess.start(Files.createTempDirectory("assetgate-node-b"), env);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (schema != null) TestPostgres.dropSchema(schema);
        if (bucket != null) S3TestServer.shared().dropBucket(bucket);
        if (prefix != null) TestRedis.deleteKeys(prefix);
    }

    private static Api admin(ServerProcess node) {
        return new Api(node.baseUrl(), adminKey).in("shop");
    }

    @Test
    void aFileUploadedThroughOneNodeIsListedAndDownloadedThroughTheOther() {
        Api.Response up = admin(nodeA).upload("/shared", "hello.txt", "from node A");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String uuid = up.json().path("file").path("uuid").asText();

        JsonNode listed = admin(nodeB).get("/v5/files?folder=/shared").json();
        assertThat(listed.path("files")).extracting(f -> f.path("uuid").asText()).containsExactly(uuid);
        assertThat(admin(nodeB).get("/v4/get/" + uuid).text()).isEqualTo("from node A");
        Api.Response range = admin(nodeB).get("/v4/get/" + uuid, "Range", "bytes=5-");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.text()).isEqualTo("node A");
    }

    /** Upload policies (docs/upload-policies.md): signed on one node, verified on any; their one use is one across nodes. */
    @Test
    void anUploadPolicyUsedOnOneNodeIsRefusedOnTheOtherAndOfRacingUsesOnBothOneWins() throws Exception {
        String signed = policy(nodeA);
        assertThat(withPolicy(nodeB, signed, "b.txt").status()).as("signed on A, used on B").isEqualTo(200);
        Api.Response second = withPolicy(nodeA, signed, "a.txt");
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("UPLOAD_POLICY_USED");

        String raced = policy(nodeB);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
                String name = "race" + i + ".txt";
                answers.add(pool.submit(() -> withPolicy(node, raced, name)));
            }
            int ok = 0;
            for (Future<Api.Response> f : answers) {
                Api.Response r = f.get();
                if (r.status() == 200) ok++;
                else assertThat(r.code()).as(r.toString()).isEqualTo("UPLOAD_POLICY_USED");
            }
            assertThat(ok).as("uses of one policy raced on both nodes").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode stored = admin(nodeA).get("/v5/files?folder=/by-policy").json();
        assertThat(stored.path("files")).hasSize(2);
    }

    private static String policy(ServerProcess node) {
        Api.Response r = admin(node).postJson("/v4/upload-policies", "{\"folder\":\"/by-policy\",\"max_bytes\":1000}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("upload_policy").path("token").asText();
    }

    private static Api.Response withPolicy(ServerProcess node, String policy, String name) {
        Api.Multipart form = new Api.Multipart().file("file", name, "text/plain", ("by policy " + name).getBytes(StandardCharsets.UTF_8));
        return Api.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/shop/v4/files?folder=/by-policy"))
                .timeout(Duration.ofSeconds(30)).header("X-Filerobot-Upload-Policy", policy).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    @Test
    void aZipArchiveAskedThroughOneNodeIsPolledDownloadedAndCancelledThroughTheOther() throws Exception {
        Api.Response up = admin(nodeA).upload("/zipped", "z.txt", "zipped on node A");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String folder = admin(nodeA).get("/v5/files?folder=/zipped").json().path("base").path("uuid").asText();
        Api.Response asked = admin(nodeA).postJson("/v5/file-archive", "{\"folders_uuids\":[\"" + folder + "\"]}");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        String task = asked.json().path("task_id").asText();

        String status = "";
        for (int i = 0; i < 600 && !status.equals("DONE"); i++) {
            status = admin(nodeB).get("/v5/file-archive/" + task + "?status_only=1").json().path("task_status").asText();
            if (!status.equals("DONE")) Thread.sleep(50);
        }
        assertThat(status).as("the status, read through node B").isEqualTo("DONE");
        Api.Response zip = admin(nodeB).get("/v5/file-archive/" + task);
        assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.bytes()))) {
            assertThat(in.getNextEntry().getName()).isEqualTo("zipped/z.txt");
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("zipped on node A");
        }
        assertThat(admin(nodeB).patchJson("/v5/file-archive/" + task + "/cancel", "").json().path("task_status").asText()).isEqualTo("CANCELLED");
        assertThat(admin(nodeA).get("/v5/file-archive/" + task).code()).isEqualTo("ARCHIVE_NOT_READY");
        assertThat(S3TestServer.shared().keys(bucket, "shop/_archives/")).as("the zip is gone from the shared bucket").isEmpty();
    }

    @Test
    void aPerKeyTotalHammeredThroughBothNodesAdmitsAtMostItsCount() throws Exception {
        // upload.max is a total for the key's life: unlike a per-minute window, a slow machine cannot
        // stretch the hammering across a window's edge and earn a second allowance.
        String template = template("{\"permissions\":[\"FILE_UPLOAD\",\"OBJECTS_LIST\"],\"upload\":{\"max\":20}}");
        String key = exchange(nodeA, template, "198.51.100.1");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
                String name = "hammer-" + i + ".txt";
                results.add(pool.submit((Callable<Integer>) () ->
                        new Api(node.baseUrl(), key).in("shop").upload("/hammer", name, "x").status()));
            }
            Map<String, Integer> histogram = new TreeMap<>(); // status (or failure) -> how many
            for (Future<Integer> r : results) {
                String outcome;
                try {
                    outcome = Integer.toString(r.get());
                } catch (ExecutionException e) {
                    outcome = e.getCause().getClass().getSimpleName();
                }
                histogram.merge(outcome, 1, Integer::sum);
            }
            int admitted = histogram.getOrDefault("200", 0);
            assertThat(admitted).as("admitted; statuses seen: %s", histogram).isBetween(1, 20);
            assertThat(histogram.keySet()).as("statuses seen: %s", histogram).isSubsetOf("200", "429");
            long stored = admin(nodeB).get("/v5/files?folder=/hammer").json().path("info").path("total_files_count").asLong();
            assertThat(stored).as("files stored; statuses seen: %s", histogram).isEqualTo(admitted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAirboxsMostFilesIsExactAcrossBothNodesAndItsUnlockHoldsOnTheOther() throws Exception {
        Api.Response made = admin(nodeA).postJson("/v4/airboxes", "{\"folder\":\"/drop\",\"title\":\"Drop\",\"max_files\":8,"
                + "\"password\":\"cluster pass\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        String puid = made.json().path("airbox").path("puid").asText();
        Api.Response unlocked = new Api(nodeA.baseUrl(), null).in("shop").postJson("/airbox/" + puid + "/unlock", "{\"password\":\"cluster pass\"}");
        assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
        String access = unlocked.json().path("access_token").asText(); // minted by node A, checked by both
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
                Api.Multipart form = new Api.Multipart().file("file", "drop-" + i + ".txt", "text/plain", ("x" + i).getBytes(StandardCharsets.UTF_8));
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/shop/v4/files")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", form.contentType()).header("X-Filerobot-Airbox-Puid", puid).header("X-Airbox-Access", access)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
                results.add(pool.submit((Callable<Integer>) () -> Api.send(b).status()));
            }
            Map<Integer, Integer> histogram = new TreeMap<>();
            for (Future<Integer> r : results) histogram.merge(r.get(), 1, Integer::sum);
            assertThat(histogram).as("statuses: 8 admitted, the rest AIRBOX_FULL").isEqualTo(Map.of(200, 8, 403, 22));
            long stored = admin(nodeB).get("/v5/files?folder=/drop").json().path("info").path("total_files_count").asLong();
            assertThat(stored).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    /** File details are held in memory by each node (store/CachedFileDetails): the node making a change sees it at once, the other within about a second. */
    @Test
    void fileDetailsChangedThroughNodeAAreSeenOnNodeBWithinASecond() {
        Api.Response up = admin(nodeA).upload("/details", "d.txt", "details");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        String uuid = up.json().path("file").path("uuid").asText();
        Api.Response label = admin(nodeA).postJson("/v5/labels", "{\"label\":{\"name\":\"Across\"}}");
        assertThat(label.status()).as(label.toString()).isEqualTo(200);
        String sid = label.json().path("label").path("sid").asText();
        for (int i = 0; i < 2; i++) assertThat(details(nodeB, uuid).path("labels")).isEmpty(); // held on B

        assertThat(admin(nodeA).postJson("/v5/files/" + uuid + "/labels", "{\"labels\":[\"" + sid + "\"]}").status()).isEqualTo(200);
        assertThat(details(nodeA, uuid).path("labels").toString()).as("on node A: at once").isEqualTo("[\"" + sid + "\"]");
        awaitDetailsOnB("a label attached through node A, in the file's details on node B",
                uuid, file -> file.path("labels").toString().equals("[\"" + sid + "\"]"));

        assertThat(admin(nodeA).putJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"title\":\"from A\"}}").status()).isEqualTo(200);
        assertThat(details(nodeA, uuid).path("meta").path("title").asText()).isEqualTo("from A");
        awaitDetailsOnB("meta changed through node A, in the file's details on node B",
                uuid, file -> file.path("meta").path("title").asText().equals("from A"));

        assertThat(admin(nodeA).delete("/v4/files/" + uuid).status()).isEqualTo(200);
        Duration took = Propagation.await("a file deleted through node A, not found on node B",
                () -> admin(nodeB).get("/v4/files/" + uuid).status() == 404);
        assertThat(took).isLessThan(Duration.ofSeconds(5)); // a second by design; a loaded machine adds its own delays
    }

    private static JsonNode details(ServerProcess node, String uuid) {
        Api.Response r = admin(node).get("/v4/files/" + uuid);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file");
    }

    private static void awaitDetailsOnB(String what, String uuid, java.util.function.Predicate<JsonNode> seen) {
        Duration took = Propagation.await(what, () -> seen.test(details(nodeB, uuid)));
        assertThat(took).as(what).isLessThan(Duration.ofSeconds(5)); // a second by design; a loaded machine adds its own delays
    }

    @Test
    void anApiKeyDeactivatedThroughNodeAIsRefusedByNodeB() {
        Api adminA = new Api(nodeA.baseUrl(), adminKey);
        JsonNode key = adminA.postJson("/admin/v1/keys",
                "{\"description\":\"short-lived\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"shop\"]}").json().path("key");
        Api onB = new Api(nodeB.baseUrl(), key.path("secret").asText()).in("shop");
        assertThat(onB.get("/v5/files?folder=/").status()).isEqualTo(200);

        assertThat(adminA.patchJson("/admin/v1/keys/" + key.path("id").asText(), "{\"active\":false}").status()).isEqualTo(200);
        Propagation.await("API key deactivated through node A, refused by node B (processes, PostgreSQL + Redis)",
                () -> onB.get("/v5/files?folder=/").status() == 401);
    }

    @Test
    void aTemplateDeactivatedThroughNodeARevokesItsKeysOnNodeB() throws Exception {
        String template = template("{\"permissions\":[\"OBJECTS_LIST\"]}");
        String key = exchange(nodeB, template, "198.51.100.2");
        Api onB = new Api(nodeB.baseUrl(), key).in("shop");
        assertThat(onB.get("/v5/files?folder=/").status()).isEqualTo(200);

        Api adminA = new Api(nodeA.baseUrl(), adminKey);
        assertThat(adminA.patchJson("/admin/v1/projects/shop/security-templates/" + template, "{\"active\":false}").status())
                .isEqualTo(200);
        Propagation.await("template deactivated through node A, its key refused by node B (processes, PostgreSQL + Redis)",
                () -> onB.get("/v5/files?folder=/").status() == 401);
    }

    @Test
    void thePerSourceIpLimitHoldsAcrossNodesAndFreshKeys() throws Exception {
        String template = template("{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"limit_per_source_ip\":3}}");
        String ip = "203.0.113.77";
        String keyFromA = exchange(nodeA, template, ip);
        String keyFromB = exchange(nodeB, template, ip);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
            String key = i < 3 ? keyFromA : keyFromB; // a fresh key does not reset the per-IP budget
            statuses.add(uploadFrom(node, key, ip, "/per-ip", "f" + i + ".txt"));
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
        // another source IP has its own budget
        assertThat(uploadFrom(nodeB, keyFromB, "203.0.113.78", "/per-ip", "other.txt")).isEqualTo(200);
    }

    /** Issue 19's rules on a template made through node A hold on node B, and an edit made on A reaches B. */
    @Test
    void aTemplatesContentAndOriginRulesHoldOnTheOtherNodeAndItsEditsReachIt() throws Exception {
        String template = template("{\"permissions\":[\"FILE_UPLOAD\",\"OBJECTS_LIST\"],\"upload\":{\"allowed_types\":[\"text/plain\"]}}");
        Api onB = new Api(nodeB.baseUrl(), exchange(nodeA, template, "198.51.100.9")).in("shop");
        assertThat(onB.upload("/typed", "ok.txt", "plain words").status()).isEqualTo(200);
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Api.Response refused = onB.multipart("/v4/files?folder=/typed", new Api.Multipart().file("files[]", "run.txt", "text/plain", elf));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
        assertThat(refused.code()).isEqualTo("FILE_TYPE_NOT_ALLOWED");

        Api.Response narrowed = new Api(nodeA.baseUrl(), adminKey).patchJson("/admin/v1/projects/shop/security-templates/" + template,
                "{\"restrictions\":{\"allowed_origins\":[\"https://shop.example.com\"]}}");
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
        Propagation.await("allowed_origins narrowed through node A, a page elsewhere refused by node B",
                () -> onB.get("/v5/files?folder=/typed", "Origin", "https://copycat.example.org").status() == 403);
        assertThat(onB.get("/v5/files?folder=/typed", "Origin", "https://shop.example.com").status()).isEqualTo(200);
        assertThat(admin(nodeA).get("/v5/files?folder=/typed").json().path("files")).extracting(f -> f.path("name").asText())
                .containsExactly("ok.txt");
    }

    /** A key's byte quota (issue 19 item 4) is one total in Redis: uploads racing through both nodes fill it exactly. */
    @Test
    void aKeysByteQuotaIsExactAcrossBothNodes() throws Exception {
        String template = template("{\"permissions\":[\"FILE_UPLOAD\",\"OBJECTS_LIST\"],\"upload\":{\"max_bytes\":10000}}");
        String key = exchange(nodeA, template, "198.51.100.10");
        byte[] kilobyte = "0123456789".repeat(100).getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Api.Response>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Api on = new Api((i % 2 == 0 ? nodeA : nodeB).baseUrl(), key).in("shop");
                Api.Multipart form = new Api.Multipart().file("files[]", "kb-" + i + ".txt", "text/plain", kilobyte);
                results.add(pool.submit(() -> on.multipart("/v4/files?folder=/bytes", form)));
            }
            Map<Integer, Integer> histogram = new TreeMap<>();
            for (Future<Api.Response> f : results) {
                Api.Response r = f.get();
                histogram.merge(r.status(), 1, Integer::sum);
                if (r.status() == 429) {
                    assertThat(r.code()).isEqualTo("RATE_LIMITED");
                    assertThat(r.json().path("hint").asText()).contains("Rule: upload.max_bytes");
                }
            }
            assertThat(histogram).as("10 x 1000 bytes admitted of a 10,000-byte quota, the rest refused").isEqualTo(Map.of(200, 10, 429, 20));
            JsonNode stored = admin(nodeB).get("/v5/files?folder=/bytes").json().path("files");
            long bytes = 0;
            for (JsonNode f : stored) bytes += f.path("size").path("bytes").asLong();
            assertThat(stored.size()).isEqualTo(10);
            assertThat(bytes).isEqualTo(10_000);
        } finally {
            pool.shutdownNow();
        }
    }

    /** HTTPS-only keys and a start moved later by an edit (issue 19 item 6) hold on the node that did not make them. */
    @Test
    void anHttpsOnlyKeyAndAStartMovedLaterHoldOnTheOtherNode() throws Exception {
        String template = template("{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"https_only\":true}}");
        Api.Response overHttp = new Api(nodeA.baseUrl(), null).get("/shop/key/" + template, "X-Forwarded-Proto", "http");
        assertThat(overHttp.code()).as(overHttp.toString()).isEqualTo("HTTPS_REQUIRED"); // the exchange too
        Api.Response minted = new Api(nodeA.baseUrl(), null).get("/shop/key/" + template, "X-Forwarded-Proto", "https");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        Api onB = new Api(nodeB.baseUrl(), minted.json().path("key").asText()).in("shop");
        Api.Response plain = onB.get("/v5/files?folder=/", "X-Forwarded-Proto", "http");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(403);
        assertThat(plain.code()).isEqualTo("HTTPS_REQUIRED");
        assertThat(plain.json().path("hint").asText()).contains("restrictions.https_only");
        assertThat(onB.get("/v5/files?folder=/", "X-Forwarded-Proto", "https").status()).isEqualTo(200);

        String later = java.time.Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Api.Response moved = new Api(nodeA.baseUrl(), adminKey).patchJson("/admin/v1/projects/shop/security-templates/" + template,
                "{\"key_validity\":{\"starts_at\":\"" + later + "\"}}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Propagation.await("starts_at moved later through node A, the live key refused by node B",
                () -> {
                    Api.Response r = onB.get("/v5/files?folder=/", "X-Forwarded-Proto", "https");
                    return r.status() == 403 && "KEY_NOT_YET_VALID".equals(r.code());
                });
        Api.Response early = new Api(nodeB.baseUrl(), null).get("/shop/key/" + template, "X-Forwarded-Proto", "https");
        assertThat(early.status()).as(early.toString()).isEqualTo(403);
        assertThat(early.code()).isEqualTo("KEY_NOT_YET_VALID");
        assertThat(early.json().path("hint").asText()).contains("key_validity.starts_at");
    }

    /** A per-user key minted by a backend through node A keeps its subject's folder and attribution on node B. */
    @Test
    void aPerUserKeyMintedThroughNodeAHoldsItsSubjectOnNodeB() {
        String template = template("{\"permissions\":[\"FILE_UPLOAD\",\"OBJECTS_LIST\"],\"upload\":{\"dir_scope\":[\"/people/{sub}/*\"]},"
                + "\"listing\":{\"dir_scope\":[\"/people/{sub}/*\"]}}");
        Api.Response minted = admin(nodeA).postJson("/key/" + template, "{\"sub\":\"ann\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        Api onB = new Api(nodeB.baseUrl(), minted.json().path("key").asText()).in("shop");
        Api.Response up = onB.upload("/people/ann", "a.txt", "mine");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().path("file").path("uploaded_by").asText()).isEqualTo("ann");
        Api.Response refused = onB.upload("/people/bob", "b.txt", "not mine");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().path("hint").asText()).contains("upload.dir_scope");
        assertThat(admin(nodeA).get("/v5/files?folder=/people&recursive=1").json().path("files"))
                .extracting(f -> f.path("uploaded_by").asText()).containsExactly("ann");
    }

    /** Duplicate handling (docs/versions.md) is decided by the shared catalog, whichever node each upload reaches. */
    @Test
    void uploadsOfOneNameOrOneContentRacingThroughBothNodesAreDecidedOnce() throws Exception {
        Api.Response set = new Api(nodeA.baseUrl(), adminKey).patchJson("/admin/v1/projects/shop",
                "{\"storage\":{\"same_name\":\"version\",\"same_content\":\"skip\",\"versions_kept\":100}}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> named = new ArrayList<>();
            List<Future<Api.Response>> same = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ServerProcess node = i % 2 == 0 ? nodeA : nodeB;
                String content = "version " + i;
                String name = "copy-" + i + ".txt";
                named.add(pool.submit((Callable<Api.Response>) () -> admin(node).upload("/race", "one.txt", content)));
                same.add(pool.submit((Callable<Api.Response>) () -> admin(node).upload("/race-same", name, "identical bytes")));
            }
            java.util.Set<String> uuids = new java.util.HashSet<>();
            for (Future<Api.Response> f : named) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                uuids.add(r.json().path("file").path("uuid").asText());
            }
            assertThat(uuids).as("one file, every upload a version of it").hasSize(1);
            JsonNode versions = admin(nodeB).get("/v5/file/" + uuids.iterator().next() + "/versions").json().path("versions");
            assertThat(versions.size()).isEqualTo(8);
            int stored = 0;
            for (Future<Api.Response> f : same) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                if ("success".equals(r.json().path("status").asText())) stored++;
                else assertThat(r.json().path("code").asText()).isEqualTo("SAME_ASSET_EXISTS_SKIP_UPLOAD");
            }
            assertThat(stored).as("the same bytes at once are stored once").isEqualTo(1);
        } finally {
            pool.shutdownNow();
            new Api(nodeA.baseUrl(), adminKey).patchJson("/admin/v1/projects/shop",
                    "{\"storage\":{\"same_name\":\"refuse\",\"same_content\":\"accept\",\"versions_kept\":10}}");
        }
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void aResumableUploadCreatedOnNodeAIsResumedAndCompletedOnNodeB() throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(19).nextBytes(content);
        Api.Response created = tus(nodeA, "POST", "/shop/v5/tus/files", null, null, "Upload-Length", Integer.toString(content.length),
                "Upload-Metadata", "name " + b64("both.bin") + ",filerobot-folder " + b64("/resumed"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String location = created.header("Location");
        int half = content.length / 2;
        assertThat(tus(nodeA, "PATCH", location, java.util.Arrays.copyOfRange(content, 0, half), "0").status()).isEqualTo(204);

        // the connection breaks; the client resumes through the other node
        Api.Response head = tus(nodeB, "HEAD", location, null, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Upload-Offset")).isEqualTo(Integer.toString(half));
        // two PATCHes at the same offset racing through both nodes: one lands, the other is refused and keeps nothing
        byte[] rest = java.util.Arrays.copyOfRange(content, half, content.length);
        byte[] wrong = new byte[rest.length];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Api.Response> onA = pool.submit(() -> tus(nodeA, "PATCH", location, wrong, Integer.toString(half)));
            Future<Api.Response> onB = pool.submit(() -> tus(nodeB, "PATCH", location, rest, Integer.toString(half)));
            List<Integer> statuses = List.of(onA.get().status(), onB.get().status());
            assertThat(statuses).as("one PATCH lands, the other finds the offset moved").containsExactlyInAnyOrder(204, 409);
            if (onA.get().status() == 204) { // the zeros won: the file is them, and still whole
                content = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(content, 0, half), content.length);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode listed = admin(nodeA).get("/v5/files?folder=/resumed").json().path("files");
        assertThat(listed).extracting(f -> f.path("name").asText()).containsExactly("both.bin");
        String sha1 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(content));
        assertThat(listed.get(0).path("hash").path("sha1").asText()).isEqualTo(sha1);
        assertThat(admin(nodeA).get("/v4/get/" + listed.get(0).path("uuid").asText()).bytes()).isEqualTo(content);
        assertThat(S3TestServer.shared().keys(bucket, "shop/_tus/")).as("the parts are gone from the shared bucket").isEmpty();
    }

    private static Api.Response tus(ServerProcess node, String method, String location, byte[] body, String offset) {
        return offset == null ? tus(node, method, location, null, body) :
                tus(node, method, location, "application/offset+octet-stream", body, "Upload-Offset", offset);
    }

    private static Api.Response tus(ServerProcess node, String method, String path, String type, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Tus-Resumable", "1.0.0").header("X-Filerobot-Key", adminKey);
        if (type != null) b.header("Content-Type", type);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Api.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String template(String json) {
        Api.Response r = new Api(nodeA.baseUrl(), adminKey).postJson("/admin/v1/projects/shop/security-templates", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("security_template").path("id").asText();
    }

    /** Exchanges a template for a SASS key as a browser at {@code clientIp} behind the trusted proxy (127.0.0.1). */
    private static String exchange(ServerProcess node, String template, String clientIp) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/shop/key/" + template))
                .header("X-Forwarded-For", clientIp).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("key").asText();
    }

    private static int uploadFrom(ServerProcess node, String key, String clientIp, String folder, String name) throws Exception {
        Api.Multipart form = new Api.Multipart().file("files[]", name, "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/shop/v4/files?folder=" + enc(folder)))
                .header("X-Filerobot-Key", key).header("X-Forwarded-For", clientIp).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
