package dev.assetgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.LoggedErrors;
import dev.assetgate.support.TcpRelay;
import dev.assetgate.support.TestPostgres;
import dev.assetgate.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL goes away, requests are refused with 503 CATALOG_UNAVAILABLE (not served from stale
 * state, not a 500 bug report) within the documented time, and served again when it returns. The
 * outage is a TCP relay in front of the real PostgreSQL that the test cuts (the server is gone),
 * silences (a partition: nothing arrives, nothing is refused) and restores.
 */
@Tag("cluster")
class CatalogOutageTest {
    /**
     * The default postgres-timeout: a request waits at most that long for a connection and that long
     * plus one second on a statement, so it is answered within twice it plus one second (plus slack).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONGEST_ANSWER = TIMEOUT.multipliedBy(2).plusSeconds(1).plusMillis(1_000);
    /** A 503 whose commit broke mid-way: the only answer allowed to be either stored or not. */
    private static final int IN_DOUBT = -503;
    private String schema;
    private TcpRelay relay;
    private TestServer server;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        TestPostgres.assumeAvailable();
        schema = TestPostgres.createSchema();
        relay = new TcpRelay(5432);
        server = TestServer.start(Map.of(Setting.CATALOG, "postgres",
                Setting.POSTGRES_URL, "jdbc:postgresql://127.0.0.1:" + relay.port() + "/test?currentSchema=" + schema,
                Setting.POSTGRES_USER, TestPostgres.USER,
                Setting.POSTGRES_TIMEOUT, TIMEOUT.toSeconds() + "s"));
        server.createProject("outage");
        api = server.allKey("outage").in("outage");
        assertThat(api.get("/v5/files?folder=/").status()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (relay != null) relay.close();
        if (schema != null) TestPostgres.dropSchema(schema);
    }

    @Test
    void aCutCatalogIsAnswered503CatalogUnavailableWithRetryAfterAndServedAgainAfter() throws Exception {
        relay.cut();
        Instant deadline = Instant.now().plus(LONGEST_ANSWER);
        Api.Response refused = api.get("/v5/files?folder=/");
        while (refused.status() != 503 && Instant.now().isBefore(deadline)) {
            refused = api.get("/v5/files?folder=/");
        }
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("CATALOG_UNAVAILABLE");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        Api.Response ready = server.anonymous.get("/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
        assertThat(ready.json().path("services").path("catalog").asText()).startsWith("down");
        assertThat(server.anonymous.get("/health").status()).as("still alive").isEqualTo(200);

        relay.restore();
        awaitServed();
        assertThat(server.anonymous.get("/ready").status()).isEqualTo(200);
    }

    @Test
    void aSilentCatalogIsAnswered503WithinTheTimeoutForRequestsAlreadyRunningAndNewOnes() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> answers = java.util.Collections.synchronizedList(new ArrayList<>()); // {start ms, duration ms, status}
        // Enough clients that some request is inside a query when the catalog goes silent: a listing is a
        // millisecond or two now (keys and projects come from memory), much of it outside the catalog.
        int clientCount = 12;
        ExecutorService clients = Executors.newFixedThreadPool(clientCount);
        List<Future<?>> loops = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < clientCount; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    long start = System.currentTimeMillis();
                    int status = api.get("/v5/files?folder=/").status();
                    answers.add(new long[] {start - t0, System.currentTimeMillis() - start, status});
                }
                return null;
            }));
        }
        Thread.sleep(300);
        long silencedAt = System.currentTimeMillis() - t0;
        relay.silence(); // requests are in flight on pooled connections: they hang inside their query
        Thread.sleep(8_000);
        running.set(false);
        for (Future<?> loop : loops) loop.get(30, TimeUnit.SECONDS);
        clients.shutdown();

        List<long[]> duringSilence = answers.stream().filter(a -> a[0] + a[1] > silencedAt).toList();
        assertThat(duringSilence).isNotEmpty();
        for (long[] a : duringSilence) {
            assertThat(a[1]).as("a request answered after %d ms (status %d)", a[1], a[2]).isLessThanOrEqualTo(LONGEST_ANSWER.toMillis());
            assertThat((int) a[2]).isIn(200, 503);
        }
        // the first answers after the silence began came from requests already inside a query
        assertThat(duringSilence.stream().filter(a -> a[0] < silencedAt && a[2] == 503)).isNotEmpty();
        assertThat(duringSilence.stream().filter(a -> a[0] > silencedAt + TIMEOUT.toMillis() && a[2] == 503)).isNotEmpty();

        relay.silence();
        Api.Response refused = api.get("/v5/files?folder=/");
        assertThat(refused.code()).isEqualTo("CATALOG_UNAVAILABLE");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        relay.restore();
        awaitServed();
    }

    /**
     * An upload answered with an error is not stored, and one that was stored is answered 200: the
     * catalog is cut again and again while uploads run, so cuts land before, inside and after their
     * transactions.
     */
    @Test
    void uploadsAnsweredWithAnErrorAreNotStoredAndStoredOnesAreAnsweredStored() throws Exception {
        try (LoggedErrors bugs = new LoggedErrors()) {
            uploadsAnsweredWithAnErrorAreNotStoredAndStoredOnesAreAnsweredStored(bugs);
        }
    }

    private void uploadsAnsweredWithAnErrorAreNotStoredAndStoredOnesAreAnsweredStored(LoggedErrors bugs) throws Exception {
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            loops.add(clients.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    String name = "t" + thread + "-" + n + ".txt";
                    Api.Response r = api.upload("/up", name, "bytes of " + name);
                    boolean inDoubt = r.status() == 503 && r.json().path("msg").asText().contains("may or may not have been stored");
                    answered.put(name, inDoubt ? IN_DOUBT : r.status());
                }
                return null;
            }));
        }
        for (int round = 0; round < 8; round++) {
            Thread.sleep(400);
            relay.cut();
            Thread.sleep(150);
            relay.restore();
        }
        running.set(false);
        for (Future<?> loop : loops) loop.get(30, TimeUnit.SECONDS);
        clients.shutdown();
        awaitServed();

        Set<String> listed = new HashSet<>();
        for (JsonNode f : api.get("/v4/files?folder=/up&limit=4000").json().path("files")) listed.add(f.path("name").asText());
        assertThat(answered.values()).as("every answer is success or 503; the server logged: %s", bugs.lines()).allMatch(s -> s == 200 || s == 503 || s == IN_DOUBT);
        assertThat(answered.values()).as("some uploads were refused").contains(503);
        answered.forEach((name, status) -> {
            if (status != IN_DOUBT) assertThat(listed.contains(name)).as("%s answered %d", name, status).isEqualTo(status == 200);
        });
    }

    private void awaitServed() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int status = api.get("/v5/files?folder=/").status();
        while (status != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            status = api.get("/v5/files?folder=/").status();
        }
        assertThat(status).isEqualTo(200);
    }
}
