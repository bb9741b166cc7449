package dev.assetgate.limits;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters shared by every node through Redis. Each decision is one round trip: a Lua script that
 * checks every limit and, only if all have room, counts one event in each — Redis runs a script
 * atomically, so racing nodes can never admit more than {@code max}. Windows are exact sliding logs
 * (a sorted set of event times), totals a counter; both expire with their limit's lifetime. Time is
 * Redis's own ({@code TIME}), so nodes with skewed clocks agree.
 *
 * <p>Fails closed: when Redis cannot answer within the timeout, {@link #acquire} throws
 * {@code 503 SERVICE_UNAVAILABLE} and counts nothing; it never allows unchecked.
 */
public final class RedisCounters implements Counters {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCounters.class);

    /*
     * KEYS[i]: the counter of limit i. ARGV[1]: a member unique to this call. Then per limit i:
     * ARGV[3i-1] max, ARGV[3i] window in ms (0: a total), ARGV[3i+1] lifetime in ms.
     * Returns {0, 0} when every limit had room (one event now counted in each), else {i, retry-after ms}
     * for the first full limit i, having counted nothing.
     */
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            for i = 1, #KEYS do
              local max = tonumber(ARGV[3 * i - 1])
              local window = tonumber(ARGV[3 * i])
              if window > 0 then
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
                local count = redis.call('ZCARD', KEYS[i])
                if count >= max then
                  -- room returns when the event that keeps the count at max leaves the window
                  local retry = window
                  local blocking = redis.call('ZRANGE', KEYS[i], count - max, count - max, 'WITHSCORES')
                  if blocking[2] then retry = tonumber(blocking[2]) + window - now end
                  return {i, math.max(1, retry)}
                end
              else
                local count = tonumber(redis.call('GET', KEYS[i]) or '0')
                if count >= max then
                  return {i, math.max(0, redis.call('PTTL', KEYS[i]))}
                end
              end
            end
            for i = 1, #KEYS do
              local lifetime = tonumber(ARGV[3 * i + 1])
              if tonumber(ARGV[3 * i]) > 0 then
                redis.call('ZADD', KEYS[i], now, ARGV[1] .. ':' .. i)
              else
                redis.call('INCR', KEYS[i])
              end
              if redis.call('PTTL', KEYS[i]) < lifetime then redis.call('PEXPIRE', KEYS[i], lifetime) end
            end
            return {0, 0}
            """;
    static final String SHA = sha1(SCRIPT);

    private final RedisConnection redis;
    private final String node = randomHex();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean failing;

    public RedisCounters(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public Decision acquire(List<Limit> limits) {
        if (limits.isEmpty()) return Decision.ALLOWED;
        String[] keys = new String[limits.size()];
        String[] args = new String[1 + 3 * limits.size()];
        args[0] = node + "-" + sequence.incrementAndGet();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            keys[i] = redis.key(limit.key());
            args[1 + 3 * i] = Long.toString(limit.max());
            args[2 + 3 * i] = Long.toString(limit.window() == null ? 0 : Math.max(1, limit.window().toMillis()));
            args[3 + 3 * i] = Long.toString(Math.max(1, limit.lifetime().toMillis()));
        }
        List<Long> result;
        try {
            result = run(keys, args);
        } catch (RedisException e) {
            throw unavailable(e);
        }
        recovered();
        int refused = result.get(0).intValue();
        return refused == 0 ? Decision.ALLOWED : new Decision(false, limits.get(refused - 1), Duration.ofMillis(result.get(1)));
    }

    private List<Long> run(String[] keys, String[] args) {
        var commands = redis.commands();
        try {
            return commands.evalsha(SHA, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, args); // first use, or Redis restarted: EVAL caches it again
        }
    }

    private ApiException unavailable(RedisException e) {
        String why = e instanceof RedisCommandTimeoutException
                ? "did not answer within " + redis.timeout().toMillis() + " ms"
                : "failed (" + e.getMessage() + ")";
        if (!failing) {
            failing = true;
            LOG.warn("rate-limit counters unavailable, refusing limited requests: Redis at {} {}", redis.where(), why);
        }
        return ApiError.SERVICE_UNAVAILABLE.with("rate-limit counters unavailable: Redis at " + redis.where() + " " + why,
                        "This request is rate-limited and its limits cannot be checked, so it is refused rather than allowed. "
                                + "Retry in a few seconds; the operator should check Redis (redis-url).")
                .header("Retry-After", "1");
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("rate-limit counters available again: Redis at {}", redis.where());
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomHex() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
