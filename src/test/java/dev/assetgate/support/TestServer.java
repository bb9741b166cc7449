package dev.assetgate.support;

import dev.assetgate.Assetgate;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.http.AssetgateServer;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Assetgate server on an ephemeral port with its own temporary data directory. Projects and
 * keys are created through the same services the CLI uses; everything else goes over HTTP. A test
 * class usually gets one from {@link WithServer}; its time is {@link #clock} (docs/testing.md).
 *
 * <p>The system property {@code assetgate.test.counters} picks the counters for every server:
 * {@code memory} (default) or {@code redis} (Redis at 127.0.0.1:6379, a fresh key prefix per server,
 * its keys deleted on {@link #close}), so the whole suite runs on either:
 * {@code mvn -B test -Dassetgate.test.counters=redis}.
 *
 * <p>Blobs go to the data directory, or with {@code -Dassetgate.test.blobs=s3} to a bucket of their
 * own on the JVM's embedded S3 server ({@link S3TestServer}); {@link #blobKeys} and
 * {@link #unfinishedBlobWrites} look at either.
 *
 * <p>The catalog engine comes from {@code -Dassetgate.test.catalog}: {@code sqlite} (default, in the
 * data directory) or {@code postgres} (a fresh schema of the local test database per data
 * directory, dropped on {@link #close()}), so the whole HTTP suite runs on either.
 */
public final class TestServer implements AutoCloseable {
    /** fs (default) or s3. */
    public static final String BLOBS = System.getProperty("assetgate.test.blobs", "fs");
    private static final String CATALOG_CONFIG = "test-catalog.properties";
    /** Numbers the projects of {@link #createProject()} across every server of this JVM. */
    private static final AtomicInteger PROJECTS = new AtomicInteger();
    public final Path dataDir;
    public final Assetgate app;
    private final AssetgateServer server;
    public final Api anonymous;
    private final Map<Setting, String> settings;
    /** The bucket of this server's blobs under s3, else null. */
    public final String bucket;
    /** The server's clock: {@code clock.advance(...)} instead of sleeping until something expires. */
    public final TestClock clock;

    private TestServer(Path dataDir, Map<Setting, String> settings, String bucket, TestClock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.bucket = settings.containsKey(Setting.BLOBS) ? null : bucket;
        Map<Setting, String> all = new EnumMap<>(Setting.class);
        all.put(Setting.DATA_DIR, dataDir.toString());
        all.put(Setting.PORT, "0");
        all.put(Setting.HOST, "127.0.0.1");
        all.put(Setting.ACCESS_LOG, "off"); // thousands of requests per run; the access log has its own test
        if (System.getProperty("assetgate.test.counters", "memory").equals("redis")) {
            all.put(Setting.COUNTERS, "redis");
            all.put(Setting.REDIS_URL, TestRedis.URL);
            all.put(Setting.REDIS_PREFIX, TestRedis.freshPrefix());
        }
        all.putAll(blobSettings(this.bucket));
        all.putAll(settings);
        this.settings = all;
        this.app = Assetgate.open(AssetgateConfig.load(catalogConfig(dataDir).orElse(null), Map.of(), all), clock);
        this.server = new AssetgateServer(app).start();
        this.anonymous = new Api(baseUrl(), null);
    }

    private TestServer(Path dataDir, Map<Setting, String> settings) {
        this(dataDir, settings, BLOBS.equals("s3") ? S3TestServer.shared().newBucketName("server") : null, new TestClock());
    }

    private static Map<Setting, String> blobSettings(String bucket) {
        if (bucket == null) return Map.of();
        S3TestServer s3 = S3TestServer.shared();
        return Map.of(Setting.BLOBS, "s3", Setting.S3_ENDPOINT, s3.endpoint(), Setting.S3_BUCKET, bucket,
                Setting.S3_ACCESS_KEY, S3TestServer.ACCESS_KEY, Setting.S3_SECRET_KEY, S3TestServer.SECRET_KEY);
    }

    /** The blob settings as environment variables, for an `assetgate` process that must share this server's blobs. */
    public Map<String, String> blobEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        blobSettings(bucket).forEach((setting, value) -> env.put(setting.env(), value));
        return env;
    }

    /** Visible blob keys ("token/xx/uuid") that start with {@code prefix} ("" for all). */
    public Set<String> blobKeys(String prefix) {
        if (bucket != null) return S3TestServer.shared().keys(bucket, prefix);
        Path root = dataDir.resolve("blobs");
        if (!Files.isDirectory(root)) return Set.of();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("tmp")))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of("(unsettled: " + e + ")"); // a file vanished mid-walk
        }
    }

    /** Removes a stored blob behind the server's back, as a disk or bucket losing it would. */
    public void loseBlob(String key) {
        if (bucket != null) {
            S3TestServer.shared().deleteObject(bucket, key);
            return;
        }
        try {
            Files.delete(dataDir.resolve("blobs").resolve(key));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Blob writes begun and not finished: temporary files on disk, incomplete multipart uploads on S3. */
    public List<String> unfinishedBlobWrites() {
        if (bucket != null) return S3TestServer.shared().unfinishedUploads(bucket);
        try (Stream<Path> parts = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
            return parts.map(Path::toString).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Everything in the blob store, finished or not: for "this changed nothing" comparisons. */
    public Set<String> blobStoreContents() {
        Set<String> all = new TreeSet<>(blobKeys(""));
        unfinishedBlobWrites().forEach(w -> all.add("unfinished: " + w));
        return all;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<Setting, String> settings) {
        try {
            return new TestServer(Files.createTempDirectory("assetgate-test"), settings);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** A server whose blobs go to a bucket of its own on the embedded S3 server, whatever assetgate.test.blobs says. */
    public static TestServer startWithS3Blobs(Map<Setting, String> settings) {
        try {
            return new TestServer(Files.createTempDirectory("assetgate-test"), settings, S3TestServer.shared().newBucketName("server"),
                    new TestClock());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** A server on an existing data directory (e.g. one the CLI has set up). */
    public static TestServer startIn(Path dataDir) {
        return new TestServer(dataDir, Map.of());
    }

    /** A server on an existing data directory with these settings (e.g. a second node of a cluster). */
    public static TestServer startIn(Path dataDir, Map<Setting, String> settings) {
        return new TestServer(dataDir, settings);
    }

    /**
     * Restarts on the same data directory, bucket, settings and clock (a new process would see exactly
     * this, Redis counters included); the blob settings are derived from the bucket again.
     */
    public static TestServer restart(TestServer old) {
        Path dir = old.dataDir;
        old.stop();
        Map<Setting, String> kept = new EnumMap<>(old.settings);
        kept.keySet().removeIf(k -> k == Setting.BLOBS || k.name().startsWith("S3_"));
        return new TestServer(dir, kept, old.bucket, old.clock);
    }

    /**
     * A second node beside {@code first}: the same catalog, blobs and (under counters=redis) Redis
     * prefix, with its own port, clock and memory, as two nodes behind a load balancer.
     */
    public static TestServer nextTo(TestServer first) {
        Map<Setting, String> kept = new EnumMap<>(first.settings);
        kept.keySet().removeIf(k -> k == Setting.BLOBS || k.name().startsWith("S3_"));
        return new TestServer(first.dataDir, kept, first.bucket, new TestClock());
    }

    /** True when this run keeps the catalog in PostgreSQL ({@code -Dassetgate.test.catalog=postgres}). */
    public static boolean onPostgres() {
        return TestPostgres.requested();
    }

    /**
     * Under postgres, a configuration file inside the data directory naming that directory's own
     * schema (created on first use), so that a restart, the CLI ({@code --config}) or a server
     * process opens the same catalog. Empty under sqlite, where the data directory is enough.
     */
    public static Optional<Path> catalogConfig(Path dataDir) {
        if (!onPostgres()) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(CATALOG_CONFIG);
        if (!Files.exists(file)) {
            TestPostgres.assumeAvailable();
            Properties settings = new Properties();
            settings.setProperty(Setting.CATALOG.key, "postgres");
            settings.setProperty(Setting.POSTGRES_URL.key, TestPostgres.url(TestPostgres.createSchema()));
            settings.setProperty(Setting.POSTGRES_USER.key, TestPostgres.USER);
            try (Writer out = Files.newBufferedWriter(file)) {
                settings.store(out, "catalog of this test data directory");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(file);
    }

    /** Drops the data directory's PostgreSQL schema, when it has one. */
    public static void dropCatalog(Path dataDir) {
        Path file = dataDir.resolve(CATALOG_CONFIG);
        if (!Files.exists(file)) {
            return;
        }
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPostgres.dropSchema(TestPostgres.schemaOf(settings.getProperty(Setting.POSTGRES_URL.key)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The management port serving /metrics with metrics=port, else -1. */
    public int metricsPort() {
        return server.metricsPort();
    }

    /** The server's registered routes as "METHOD path". */
    public List<String> routes() {
        return server.routes();
    }

    /**
     * Creates a project with a token no other test of this JVM uses and returns the token; no key
     * is made for it (for tests that make their own keys, else {@link TestProject#create}).
     */
    public String createProject() {
        String token = "proj" + PROJECTS.incrementAndGet();
        createProject(token);
        return token;
    }

    public void createProject(String token) {
        app.projects.create(token, token, app.projects.defaultCompany().id()).orElseThrow();
    }

    /** A key for the given projects with the given permissions; returns a client that sends it. */
    public Api keyFor(List<String> projects, Permission... permissions) {
        return key(false, projects, PermissionSet.of(permissions), null);
    }

    public Api allKey(String... projects) {
        return key(false, List.of(projects), PermissionSet.allPermissions(), null);
    }

    public Api companyKey(Permission... permissions) {
        return key(true, List.of(), permissions.length == 0 ? PermissionSet.allPermissions() : PermissionSet.of(permissions), null);
    }

    public Api key(boolean companyWide, List<String> projects, PermissionSet permissions, Instant expiresAt) {
        var created = app.keys.create(new NewKey("test key", permissions, companyWide, new LinkedHashSet<>(projects), expiresAt),
                app.projects.defaultCompany().id(), Optional.empty());
        return new Api(baseUrl(), created.secret(), created.key().id());
    }

    public Api withKey(String secret) {
        return new Api(baseUrl(), secret);
    }

    /** Stops the server but leaves the data directory for another server or process. */
    public void closeKeepingData() {
        stop();
    }

    private void stop() {
        server.close();
        app.close();
    }

    @Override
    public void close() {
        stop();
        if ("redis".equals(settings.get(Setting.COUNTERS))) TestRedis.deleteKeys(settings.get(Setting.REDIS_PREFIX));
        if (bucket != null) {
            S3TestServer.shared().dropBucket(bucket);
        }
        dropCatalog(dataDir);
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
