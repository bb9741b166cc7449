package dev.assetgate.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Optional;

/**
 * The Redis client of one node, shared by {@link RedisCounters} and {@link RedisInvalidationFeed}.
 * One command connection (thread-safe and pipelined) is opened lazily, so a node starts while Redis
 * is down and catches up when it returns; every command and connect attempt is bounded by a short
 * timeout, and a disconnected client rejects commands at once instead of queueing them, so a slow or
 * absent Redis becomes a quick refusal rather than a hung request. A lost connection is retried
 * every {@link #RECONNECT_DELAY} (not the client's default backoff of up to 30 s), so limited
 * requests are admitted again within about a second of Redis coming back.
 */
public final class RedisConnection implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** After a failed connect, callers fail at once for this long instead of each waiting on a new attempt. */
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();
    static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

    private final ClientResources resources;

    private final RedisClient client;
    private final String where;
    private final String prefix;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, String> connection;
    private long nextAttemptNanos;
    private String lastFailure = "not connected yet";

    private RedisConnection(RedisURI uri, String prefix, Duration timeout) {
        this.where = uri.getHost() + ":" + uri.getPort(); // never the password
        this.prefix = prefix;
        this.timeout = timeout;
        this.nextAttemptNanos = System.nanoTime(); // nanoTime may be negative: never compare with 0
        uri.setTimeout(timeout);
        this.resources = ClientResources.builder().reconnectDelay(Delay.constant(RECONNECT_DELAY)).build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .build());
    }

    /** A client for {@code url} (redis:// or rediss://) whose keys and channels all start with {@code prefix}. */
    public static RedisConnection open(String url, String prefix, Duration timeout) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) { // the URL is not echoed: it may hold a password
            throw new IllegalArgumentException("redis-url is not a valid Redis URL (redis://[:password@]host:port[/db])");
        }
        return new RedisConnection(uri, prefix, timeout);
    }

    /** The command connection, connecting first if needed; throws {@link RedisConnectionException} when Redis cannot be reached. */
    public RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null ? c.sync() : connect().sync();
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection != null) return connection;
        if (System.nanoTime() - nextAttemptNanos < 0) {
            throw new RedisConnectionException("not connected (last attempt: " + lastFailure + ")");
        }
        try {
            connection = client.connect(); // from now on the client reconnects by itself
            return connection;
        } catch (RuntimeException e) {
            lastFailure = String.valueOf(e.getMessage());
            nextAttemptNanos = System.nanoTime() + RECONNECT_PAUSE_NANOS;
            throw e instanceof RedisConnectionException rce ? rce : new RedisConnectionException(lastFailure, e);
        }
    }

    /** The command connection for a command sent without waiting for its answer; empty when not connected. */
    public Optional<RedisAsyncCommands<String, String>> async() {
        StatefulRedisConnection<String, String> c = connection;
        return c == null ? Optional.empty() : Optional.of(c.async());
    }

    /** A separate connection for subscriptions (a subscribed connection can issue no other command). */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    /** A key or channel name inside this node's prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** host:port, for messages and logs. */
    public String where() {
        return where;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public synchronized void close() {
        if (connection != null) connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
