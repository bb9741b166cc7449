package dev.assetgate.bench;

import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.KeyHasher;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.limits.LocalInvalidationFeed;
import dev.assetgate.store.ApiKeyStore;
import dev.assetgate.store.CachedApiKeyStore;
import dev.assetgate.store.jdbc.Database;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.store.jdbc.JdbcProjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * API-key verification: {@code authenticate} as it was before the key cache (issue 17), HMAC-SHA256
 * of the presented secret, then the catalog read by hash (key row + its projects), the active/expiry
 * checks, and the throttled last_used write; {@code cachedAuthenticate} as the server does it now,
 * through {@link CachedApiKeyStore} (the HMAC, a map lookup, and once a second the key-version read).
 * {@code hmac} and {@code catalogRead} are the uncached path's two halves alone.
 * {@code catalog=postgres} needs PostgreSQL on 127.0.0.1:5432 (user postgres, database test; the
 * benchmark uses its own schema). Run with {@code bash bench/run-jmh.sh ApiKeyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ApiKeyBenchmark {
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PG_SCHEMA = "bench_jmh_apikey";

    @Param({"sqlite"})
    public String catalog;

    private Database database;
    private ApiKeyService service;
    private ApiKeyService cachedService;
    private ApiKeyStore store;
    private KeyHasher hasher;
    private String secret;
    private String hash;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if ("postgres".equals(catalog)) {
            try (var c = DriverManager.getConnection(PG_URL, "postgres", "");
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
                s.execute("CREATE SCHEMA " + PG_SCHEMA);
            }
            database = Database.postgres(PG_URL + "?currentSchema=" + PG_SCHEMA, "postgres", "", java.time.Duration.ofSeconds(4));
        } else {
            Path dir = Files.createTempDirectory("assetgate-bench");
            database = Database.sqlite(dir.resolve("catalog.db"));
        }
        Clock clock = Clock.systemUTC();
        JdbcProjectStore projects = new JdbcProjectStore(database, clock);
        String company = projects.defaultCompany().id();
        projects.create("bench", "bench", company);
        store = new JdbcApiKeyStore(database);
        hasher = new KeyHasher("benchmark-secret-benchmark-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        service = new ApiKeyService(store, projects, hasher, clock);
        // a few other keys, so the lookup is not in a table of one row
        for (int i = 0; i < 100; i++) {
            service.create(new NewKey("other " + i, PermissionSet.allPermissions(), false, Set.of("bench"), null), company, Optional.empty());
        }
        secret = service.create(new NewKey("bench", PermissionSet.allPermissions(), false, Set.of("bench"), null), company, Optional.empty())
                .secret();
        hash = hasher.hash(secret);
        cachedService = new ApiKeyService(new CachedApiKeyStore(store, new LocalInvalidationFeed()), projects, hasher, clock);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
    }

    /** The whole verification, as {@code ApiKeyService.authenticate} runs on each request. */
    @Benchmark
    public ApiKeyRecord authenticate() {
        return service.authenticate(secret);
    }

    /** The whole verification through the key cache, as the server runs it now. */
    @Benchmark
    public ApiKeyRecord cachedAuthenticate() {
        return cachedService.authenticate(secret);
    }

    /** HMAC-SHA256 of the presented secret alone. */
    @Benchmark
    public String hmac() {
        return hasher.hash(secret);
    }

    /** The catalog read by hash alone (key row + its projects). */
    @Benchmark
    public Optional<ApiKeyStore.StoredKey> catalogRead() {
        return store.findByHash(hash);
    }
}
