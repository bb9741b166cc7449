package dev.assetgate.support;

import dev.assetgate.limits.RedisConnection;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/** The Redis the tests use (127.0.0.1:6379): a fresh key prefix per test class or server, and cleanup of it. */
public final class TestRedis {
    public static final String URL = "redis://127.0.0.1:6379";

    private TestRedis() {}

    /** A prefix no other test uses, so tests running side by side never share a counter or a channel. */
    /** A Redis URL where nothing listens (a port just freed): for tests of Redis being down. */
    public static String unreachableUrl() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return "redis://127.0.0.1:" + s.getLocalPort();
        }
    }

    public static String freshPrefix() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return "assetgate-test:" + HexFormat.of().formatHex(b) + ":";
    }

    public static RedisConnection connect(String prefix) {
        return RedisConnection.open(URL, prefix, RedisConnection.DEFAULT_TIMEOUT);
    }

    /** Deletes every key under {@code prefix}. */
    public static void deleteKeys(String prefix) {
        try (RedisConnection redis = RedisConnection.open(URL, prefix, Duration.ofSeconds(5))) {
            RedisCommands<String, String> commands = redis.commands();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) commands.unlink(page.getKeys().toArray(String[]::new));
                cursor = page;
            } while (!cursor.isFinished());
        }
    }
}
