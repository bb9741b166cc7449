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
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a server process while several clients write, then a restart: everything
 * acknowledged is there (with its bytes), and nothing half-done is visible. Several rounds, each
 * killing the server at another moment. Slow (a JVM per round): {@code -DexcludedGroups=slow} skips it.
 */
@Tag("slow")
class KillDuringWorkTest {
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 6;

    @Test
    void killDashNineDuringConcurrentUploadsLosesNoAcknowledgedFileAndShowsNoPartialOne() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // name -> sha1 answered
        crashRounds((api, round) -> {
            Random random = new Random(round);
            return (client, n) -> {
                byte[] bytes = new byte[16 * 1024 + random.nextInt(512 * 1024)];
                random.nextBytes(bytes);
                String name = "r" + round + "-c" + client + "-" + n + ".bin";
                Api.Response r = api.in("crash").multipart("/v4/files?folder=/up", new Api.Multipart().file("files[]", name, "application/octet-stream", bytes));
                if (r.status() == 200) acknowledged.put(name, r.json().path("file").path("hash").path("sha1").asText());
            };
        }, after -> {
            Map<String, String> listed = new java.util.HashMap<>();
            Api project = after.in("crash");
            for (JsonNode f : project.get("/v4/files?folder=/up&limit=10000").json().path("files")) {
                listed.put(f.path("name").asText(), f.path("hash").path("sha1").asText());
                byte[] stored = project.get("/v4/get/" + f.path("uuid").asText()).bytes();
                assertThat(sha1(stored)).as("the bytes of %s", f.path("name").asText()).isEqualTo(f.path("hash").path("sha1").asText());
            }
            assertThat(acknowledged).as("uploads were acknowledged").isNotEmpty();
            acknowledged.forEach((name, sha1) -> assertThat(listed.get(name)).as("acknowledged %s", name).isEqualTo(sha1));
        });
    }

    @Test
    void killDashNineDuringManagementChangesLosesNoAcknowledgedChange() throws Exception {
        List<String> folders = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
        crashRounds((api, round) -> (client, n) -> {
            String path = "/m/r" + round + "/c" + client + "/f" + n;
            if (api.in("crash").postJson("/v4/folders", "{\"name\":\"" + path + "\"}").status() / 100 == 2) folders.add(path);
            Api.Response key = api.postJson("/admin/v1/keys", "{\"description\":\"k" + n + "\",\"permissions\":[\"objects_list\"],\"projects\":[\"crash\"]}");
            if (key.status() == 201) keys.add(key.json().path("key").path("id").asText());
        }, after -> {
            List<String> listed = new ArrayList<>();
            after.in("crash").get("/v5/folders?folder=/m&recursive=1&limit=10000").json().path("folders").forEach(f -> listed.add(f.path("path").asText()));
            assertThat(folders).as("changes were acknowledged").isNotEmpty();
            assertThat(listed).containsAll(folders);
            for (String id : keys) {
                assertThat(after.get("/admin/v1/keys/" + id).status()).as("acknowledged key %s", id).isEqualTo(200);
            }
        });
    }

    /** What each client does, once per call (client number, call number), against a server without a project prefix. */
    private interface Work {
        BiConsumer<Integer, Integer> forRound(Api api, int round);
    }

    private interface Check {
        void after(Api api) throws Exception;
    }

    /** Rounds of: start the server, let the clients write, kill -9 mid-flight; then a restart and the check. */
    private static void crashRounds(Work work, Check check) throws Exception {
        Path dir = Files.createTempDirectory("assetgate-kill");
        TestServer setup = TestServer.startIn(dir);
        try {
            setup.createProject("crash");
            String key = setup.key(true, List.of(), dev.assetgate.access.PermissionSet.of(Permission.values()), null).key;
            setup.closeKeepingData();
            Map<String, String> blobs = setup.blobEnvironment();
            for (int round = 0; round < ROUNDS; round++) {
                ServerProcess server = ServerProcess.start(dir, blobs);
                runUntilKilled(server, work.forRound(new Api(server.baseUrl(), key), round));
            }
            ServerProcess restarted = ServerProcess.start(dir, blobs);
            try {
                check.after(new Api(restarted.baseUrl(), key));
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

    private static void runUntilKilled(ServerProcess server, BiConsumer<Integer, Integer> step) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                try {
                    for (int n = 0; ; n++) step.accept(client, n);
                } catch (RuntimeException serverGone) {
                    return null; // the connection died with the server
                }
            }));
        }
        Thread.sleep(1_500 + new Random().nextInt(1_000));
        server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
        clients.shutdown();
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
