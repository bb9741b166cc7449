package dev.assetgate.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Group commit (issue 17) under {@code kill -9}: many clients upload small files at once, so their
 * rows share commits; the server is killed mid-flight. After a restart every upload that was answered
 * 200 has its own row (its uuid, name, folder and SHA-1, as answered) and its own bytes: no answered
 * upload was lost with a batch, and none was answered with another's row. The server's meter shows
 * that commits were in fact shared. Slow (a JVM per start): {@code -DexcludedGroups=slow} skips it.
 */
@Tag("slow")
class GroupCommitKillTest {
    private static final int CLIENTS = 24;
    private static final String METRICS_TOKEN = "group-commit-metrics-token-0123456789abcdef";

    private record Answered(String name, String folder, String sha1) {}

    @Test
    void everyAnsweredUploadOfASharedCommitHasItsOwnRowAndBytesAfterKillDashNine() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-group-commit");
        TestServer setup = TestServer.startIn(dir);
        try {
            setup.createProject("crash");
            String key = setup.key(true, List.of(), dev.assetgate.access.PermissionSet.of(Permission.values()), null).key;
            setup.closeKeepingData();
            Map<String, String> env = new java.util.HashMap<>(setup.blobEnvironment());
            env.put("ASSETGATE_METRICS", "token");
            env.put("ASSETGATE_METRICS_TOKEN", METRICS_TOKEN);
            Map<String, Answered> answered = new ConcurrentHashMap<>(); // uuid -> what its 200 said
            ServerProcess server = ServerProcess.start(dir, env);
            double largestBatch = uploadUntilKilled(server, new Api(server.baseUrl(), key).in("crash"), answered);
            assertThat(answered).as("uploads were answered before the kill").hasSizeGreaterThan(CLIENTS);
            assertThat(largestBatch).as("some commit held several clients' uploads").isGreaterThan(1);

            ServerProcess restarted = ServerProcess.start(dir, env);
            try {
                Api project = new Api(restarted.baseUrl(), key).in("crash");
                for (Map.Entry<String, Answered> e : answered.entrySet()) {
                    Api.Response details = project.get("/v4/files/" + e.getKey());
                    assertThat(details.status()).as("answered upload %s (%s)", e.getValue().name(), details).isEqualTo(200);
                    JsonNode file = details.json().path("file");
                    assertThat(file.path("name").asText()).isEqualTo(e.getValue().name());
                    assertThat(file.path("folder").path("name").asText()).isEqualTo(e.getValue().folder());
                    assertThat(file.path("hash").path("sha1").asText()).isEqualTo(e.getValue().sha1());
                    assertThat(sha1(project.get("/v4/get/" + e.getKey()).bytes())).as("the bytes of %s", e.getValue().name())
                            .isEqualTo(e.getValue().sha1());
                }
                if (setup.bucket == null) {
                    assertThat(setup.unfinishedBlobWrites()).as("unfinished blob writes are swept at start").isEmpty();
                }
            } finally {
                restarted.close();
            }
        } finally {
            if (setup.bucket != null) S3TestServer.shared().dropBucket(setup.bucket);
            TestServer.dropCatalog(dir);
        }
    }

    /**
     * Clients upload 10 KB files (streaming PUT, a folder per client so their rows and counters differ)
     * until the server is killed; returns the largest shared commit the server reported before.
     */
    private static double uploadUntilKilled(ServerProcess server, Api api, Map<String, Answered> answered) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicBoolean killed = new AtomicBoolean();
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>()); // any answer but 200 is a fault
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                Random random = new Random(client);
                String folder = "/c" + (client % 6);
                try {
                    for (int n = 0; !killed.get(); n++) {
                        byte[] bytes = new byte[10 * 1024];
                        random.nextBytes(bytes);
                        String name = "c" + client + "-" + n + ".bin";
                        Api.Response r = api.putBytes("/v4/files?folder=" + folder + "&filename=" + name, bytes, "application/octet-stream");
                        if (r.status() == 200) {
                            JsonNode file = r.json().path("file");
                            assertThat(file.path("name").asText()).as("the answer names this upload").isEqualTo(name);
                            assertThat(file.path("hash").path("sha1").asText()).isEqualTo(sha1(bytes));
                            answered.put(file.path("uuid").asText(), new Answered(name, folder, sha1(bytes)));
                        } else {
                            refused.add(r.toString());
                        }
                    }
                } catch (RuntimeException serverGone) {
                    // the connection died with the server
                }
                return null;
            }));
        }
        Thread.sleep(2_500 + new Random().nextInt(1_000));
        double largest = largestSharedCommit(server);
        server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        killed.set(true);
        for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
        clients.shutdown();
        assertThat(refused).as("answers other than 200 before the kill").isEmpty();
        return largest;
    }

    private static double largestSharedCommit(ServerProcess server) {
        String metrics = new Api(server.baseUrl(), null).get("/metrics", "Authorization", "Bearer " + METRICS_TOKEN).text();
        return metrics.lines().filter(l -> l.startsWith("assetgate_catalog_shared_commits_max"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
