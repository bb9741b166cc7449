package dev.assetgate.support;

import dev.assetgate.Assetgate;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.http.AssetgateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Assetgate server on an ephemeral port with its own temporary data directory. Projects and
 * keys are created through the same services the CLI uses; everything else goes over HTTP.
 *
 * <p>The system property {@code assetgate.test.counters} picks the counters for every server:
 * {@code memory} (default) or {@code redis} (Redis at 127.0.0.1:6379, a fresh key prefix per server,
 * its keys deleted on {@link #close}), so the whole suite runs on either:
 * {@code mvn -B test -Dassetgate.test.counters=redis}.
 */
public final class TestServer implements AutoCloseable {
    public final Path dataDir;
    public final Assetgate app;
    private final AssetgateServer server;
    public final Api anonymous;
    private final Map<Setting, String> settings;

    private TestServer(Path dataDir, Map<Setting, String> settings) {
        this.dataDir = dataDir;
        Map<Setting, String> all = new EnumMap<>(Setting.class);
        all.put(Setting.DATA_DIR, dataDir.toString());
        all.put(Setting.PORT, "0");
        all.put(Setting.HOST, "127.0.0.1");
        if (System.getProperty("assetgate.test.counters", "memory").equals("redis")) {
            all.put(Setting.COUNTERS, "redis");
            all.put(Setting.REDIS_URL, TestRedis.URL);
            all.put(Setting.REDIS_PREFIX, TestRedis.freshPrefix());
        }
        all.putAll(settings);
        this.settings = all;
        this.app = Assetgate.open(AssetgateConfig.of(all));
        this.server = new AssetgateServer(app).start();
        this.anonymous = new Api(baseUrl(), null);
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

    /** A server on an existing data directory (e.g. one the CLI has set up). */
    public static TestServer startIn(Path dataDir) {
        return new TestServer(dataDir, Map.of());
    }

    /** A server on an existing data directory with these settings (e.g. a second node of a cluster). */
    public static TestServer startIn(Path dataDir, Map<Setting, String> settings) {
        return new TestServer(dataDir, settings);
    }

    /** Restarts on the same data directory and settings (a new process would see exactly this, Redis counters included). */
    public static TestServer restart(TestServer old) {
        Path dir = old.dataDir;
        old.stop();
        return new TestServer(dir, old.settings);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** The server's registered routes as "METHOD path". */
    public List<String> routes() {
        return server.routes();
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
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
