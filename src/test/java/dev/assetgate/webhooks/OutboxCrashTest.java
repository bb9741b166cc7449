package dev.assetgate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The outbox under {@code kill -9}: clients upload, rename and delete files while the server process is
 * killed, in several rounds; after a restart every file in the catalog has exactly its events (one
 * file.created, its renames leading to the name it has), every deleted file ends with one file.deleted,
 * no event names a change that did not happen, and every event reaches a webhook receiver at least once.
 * Runs on the configured catalog (SQLite, or PostgreSQL with -Dassetgate.test.catalog=postgres).
 */
@Tag("slow")
class OutboxCrashTest {
    private static final int ROUNDS = 2;
    private static final int CLIENTS = 4;

    @Test
    void everyCommittedChangeHasExactlyItsEventAndEveryEventIsDeliveredAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-outbox-kill");
        TestServer setup = TestServer.startIn(dir);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            setup.createProject("crash");
            String key = setup.key(true, List.of(), PermissionSet.allPermissions(), null).key;
            setup.closeKeepingData();
            Map<String, String> env = new HashMap<>(setup.blobEnvironment());
            env.put("ASSETGATE_WEBHOOK_ALLOW", "127.0.0.1/32");
            env.put("ASSETGATE_WEBHOOK_POLL_MILLIS", "100");
            env.put("ASSETGATE_WEBHOOK_RETRY_BASE_SECONDS", "1");
            for (int round = 0; round < ROUNDS; round++) {
                ServerProcess server = ServerProcess.start(dir, env);
                Api api = new Api(server.baseUrl(), key);
                if (round == 0) {
                    Api.Response hook = api.postJson("/admin/v1/projects/crash/webhooks",
                            "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":[\"*\"]}");
                    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
                }
                int acknowledged = burstUntilKilled(server, api.in("crash"), round);
                System.out.println("[outbox crash] round " + round + ": " + acknowledged + " uploads acknowledged");
                assertThat(acknowledged).as("uploads acknowledged in round %s; server log: %s", round,
                        Files.readString(server.log())).isPositive();
            }
            ServerProcess restarted = ServerProcess.start(dir, env);
            try {
                Api api = new Api(restarted.baseUrl(), key);
                List<JsonNode> events = allChanges(api);
                Map<String, String> live = new HashMap<>();
                for (JsonNode f : api.in("crash").get("/v4/files?folder=/up&limit=10000").json().path("files")) {
                    live.put(f.path("uuid").asText(), f.path("name").asText());
                }
                assertThat(live).as("files survived the rounds").isNotEmpty();
                checkEventsMatchTheCatalog(events, live);

                Set<String> ids = new HashSet<>();
                events.forEach(e -> ids.add(e.path("id").asText()));
                receiver.await("every event delivered at least once (" + ids.size() + ")", got -> {
                    Set<String> delivered = new HashSet<>();
                    got.stream().filter(r -> r.answered() == 200).forEach(r -> delivered.add(r.eventId()));
                    return delivered.containsAll(ids);
                }, java.time.Duration.ofSeconds(120)); // what a killed node had claimed waits for its lease (30 s) to run out
            } finally {
                restarted.close();
            }
        } finally {
            if (setup.bucket != null) S3TestServer.shared().dropBucket(setup.bucket);
            TestServer.dropCatalog(dir);
        }
    }

    /** Each file's events, oldest first, replayed: they must lead exactly to what the catalog holds. */
    private static void checkEventsMatchTheCatalog(List<JsonNode> events, Map<String, String> live) {
        Map<String, List<JsonNode>> byFile = new LinkedHashMap<>();
        for (int i = events.size() - 1; i >= 0; i--) { // the listing is newest first
            JsonNode e = events.get(i);
            if (e.path("item_type").asText().equals("file")) byFile.computeIfAbsent(e.path("item_uuid").asText(), k -> new ArrayList<>()).add(e);
        }
        byFile.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(e -> e.path("seq").asLong())));
        for (String uuid : live.keySet()) {
            assertThat(byFile).as("the live file %s has its events", uuid).containsKey(uuid);
        }
        for (Map.Entry<String, List<JsonNode>> file : byFile.entrySet()) {
            List<JsonNode> history = file.getValue();
            String uuid = file.getKey();
            assertThat(history.get(0).path("kind").asText()).as("the first event of %s", uuid).isEqualTo("file.created");
            assertThat(history.stream().filter(e -> e.path("kind").asText().equals("file.created"))).as("created once: %s", uuid).hasSize(1);
            String name = history.get(0).path("after").path("name").asText();
            boolean deleted = false;
            for (JsonNode e : history.subList(1, history.size())) {
                assertThat(deleted).as("no event after the deletion of %s", uuid).isFalse();
                switch (e.path("kind").asText()) {
                    case "file.renamed" -> {
                        assertThat(e.path("before").path("name").asText()).as("a rename of %s starts from its name", uuid).isEqualTo(name);
                        name = e.path("after").path("name").asText();
                    }
                    case "file.deleted" -> deleted = true;
                    default -> throw new AssertionError("unexpected event " + e);
                }
            }
            if (deleted) {
                assertThat(live).as("deleted file %s is gone", uuid).doesNotContainKey(uuid);
            } else {
                assertThat(live.get(uuid)).as("the events of %s lead to the name it has", uuid).isEqualTo(name);
            }
        }
    }

    private static List<JsonNode> allChanges(Api api) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/admin/v1/audit?project=crash&source=changes&limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("events").forEach(out::add);
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        return out;
    }

    /** Clients upload, rename and delete until the server is killed mid-flight. */
    private static int burstUntilKilled(ServerProcess server, Api project, int round) throws Exception {
        java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                try {
                    for (int n = 0; ; n++) {
                        Api.Response up = project.upload("/up", "r" + round + "-c" + client + "-" + n + ".txt", "x".repeat(n % 50 + 1));
                        if (up.status() != 200) continue;
                        acknowledged.incrementAndGet();
                        String uuid = up.json().path("file").path("uuid").asText();
                        project.patchJson("/v4/files/" + uuid, "{\"name\":\"r" + round + "-c" + client + "-" + n + "-renamed.txt\"}");
                        if (n % 3 == 0) project.delete("/v4/files/" + uuid);
                    }
                } catch (RuntimeException serverGone) {
                    return null; // the connection died with the server
                }
            }));
        }
        // a loaded machine (or S3) may take seconds for the first uploads: kill once some are through, mid-burst
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.get() < 8 && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(500 + new Random().nextInt(1_000));
        server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
        clients.shutdown();
        return acknowledged.get();
    }
}
