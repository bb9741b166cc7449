package dev.assetgate.limits;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed of a cluster: a Redis pub/sub channel ({@code <prefix>invalidate}) that every node
 * subscribes to on its own connection. Once subscribed, the client re-subscribes by itself after a
 * reconnect; if Redis is down when the node starts, subscribing is retried every second. Messages
 * published while a node is cut off are lost to it, which the 1-second catalog revalidation covers.
 */
public final class RedisInvalidationFeed implements InvalidationFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationFeed.class);
    private final RedisConnection redis;
    private final String channel;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private StatefulRedisPubSubConnection<String, String> subscription;
    private ScheduledExecutorService retries;
    private boolean closed;

    public RedisInvalidationFeed(RedisConnection redis) {
        this.redis = redis;
        this.channel = redis.key("invalidate");
    }

    /** Best effort: a change is already committed to the catalog, which every node rereads within a second anyway. */
    @Override
    public void publish(String message) {
        try {
            redis.commands().publish(channel, message);
        } catch (RedisException e) {
            LOG.warn("invalidation '{}' not published (other nodes see it within 1 s from the catalog): Redis at {}: {}",
                    message, redis.where(), e.getMessage());
        }
    }

    /** Subscribes now when Redis answers (so the caller hears every later message), otherwise keeps retrying. */
    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
        trySubscribe();
    }

    private synchronized void trySubscribe() {
        if (closed || subscription != null) return;
        StatefulRedisPubSubConnection<String, String> connection = null;
        try {
            connection = redis.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    listeners.forEach(l -> l.accept(message));
                }
            });
            connection.sync().subscribe(channel);
            subscription = connection;
            if (retries != null) {
                LOG.info("invalidation feed subscribed: Redis at {}", redis.where());
                retries.shutdown();
                retries = null;
            }
        } catch (RedisException e) {
            if (connection != null) connection.close();
            if (retries == null) {
                LOG.warn("invalidation feed not subscribed yet, retrying every second: Redis at {}: {}", redis.where(), e.getMessage());
                retries = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "assetgate-invalidation-subscribe");
                    t.setDaemon(true);
                    return t;
                });
                retries.scheduleWithFixedDelay(this::trySubscribe, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retries != null) retries.shutdownNow();
        if (subscription != null) subscription.close();
    }
}
