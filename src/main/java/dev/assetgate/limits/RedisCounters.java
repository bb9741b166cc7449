package dev.assetgate.limits;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
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
 * Counters shared by every node through Redis. A reservation is one round trip: a Lua script that
 * checks every limit and, only if all have room, holds the request's units in each (one event; an upload's bytes for a byte quota) — Redis runs a script
 * atomically, so racing nodes can never admit more than {@code max}. Windows are exact sliding logs
 * (a sorted set of event times), totals a counter; both expire with their limit's lifetime. Time is
 * Redis's own ({@code TIME}), so nodes with skewed clocks agree.
 *
 * <p>A held reservation leaves a marker key; a release deletes the marker and, only if it was still
 * there, gives the events back (so a release sent twice, or after a reservation that never ran, gives
 * nothing back). A commit deletes the marker without waiting. Both are sent without waiting for the
 * answer: a request is never held up by settling.
 *
 * <p>Fails closed: when Redis cannot answer within the timeout, {@link #reserve} throws
 * {@code 503 SERVICE_UNAVAILABLE} and holds nothing. Each reservation carries a deadline in Redis's
 * time (this node's estimate of it, plus the timeout): a script that runs later — Redis was frozen
 * and has just resumed, working through what queued up — holds nothing. One that ran in time but whose
 * answer came too late is released at once.
 */
public final class RedisCounters implements Counters {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCounters.class);
    /** How long the marker of an unsettled reservation lives (a node died mid-request): its events then stay counted. */
    static final Duration MARKER_LIFETIME = Duration.ofDays(1);

    /*
     * KEYS[1..n]: the counter of each limit; KEYS[n+1]: the reservation's marker. ARGV[1]: the
     * reservation id; ARGV[2]: its deadline in Redis ms; ARGV[3]: the marker's lifetime in ms. Then
     * per limit i: ARGV[5i-1] max, ARGV[5i] window in ms (0: a total), ARGV[5i+1] lifetime in ms,
     * ARGV[5i+2] the units to hold, ARGV[5i+3] '1' when the window is weighted (a byte quota: each
     * event's member ends in '#' and its cost, and the window's count is the sum of the costs).
     * Returns {0, 0, now} when every limit had room (the units now held in each), {i, retry-after ms,
     * now} for the first full limit i, {-1, 0, now} past the deadline; the last two hold nothing.
     */
    static final String RESERVE = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            if now > tonumber(ARGV[2]) then return {-1, 0, now} end
            local n = #KEYS - 1
            local function cost(member)
              local c = string.match(member, '#(%d+)$')
              return c and tonumber(c) or 1
            end
            for i = 1, n do
              local max = tonumber(ARGV[5 * i - 1])
              local window = tonumber(ARGV[5 * i])
              local units = tonumber(ARGV[5 * i + 2])
              if window > 0 and ARGV[5 * i + 3] == '1' then
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
                local events = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
                local sum = 0
                for j = 1, #events, 2 do sum = sum + cost(events[j]) end
                if sum + units > max then
                  -- room returns when enough of the oldest events have left the window
                  local retry = window
                  for j = 1, #events, 2 do
                    sum = sum - cost(events[j])
                    if sum + units <= max then retry = tonumber(events[j + 1]) + window - now; break end
                  end
                  return {i, math.max(1, retry), now}
                end
              elseif window > 0 then
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
                local count = redis.call('ZCARD', KEYS[i])
                if count >= max then
                  -- room returns when the event that keeps the count at max leaves the window
                  local retry = window
                  local blocking = redis.call('ZRANGE', KEYS[i], count - max, count - max, 'WITHSCORES')
                  if blocking[2] then retry = tonumber(blocking[2]) + window - now end
                  return {i, math.max(1, retry), now}
                end
              else
                local count = tonumber(redis.call('GET', KEYS[i]) or '0')
                if count + units > max then
                  return {i, math.max(0, redis.call('PTTL', KEYS[i])), now}
                end
              end
            end
            for i = 1, n do
              local lifetime = tonumber(ARGV[5 * i + 1])
              if tonumber(ARGV[5 * i]) > 0 then
                local member = ARGV[1] .. ':' .. i
                if ARGV[5 * i + 3] == '1' then member = member .. '#' .. ARGV[5 * i + 2] end
                redis.call('ZADD', KEYS[i], now, member)
              else
                redis.call('INCRBY', KEYS[i], ARGV[5 * i + 2])
              end
              if redis.call('PTTL', KEYS[i]) < lifetime then redis.call('PEXPIRE', KEYS[i], lifetime) end
            end
            redis.call('SET', KEYS[n + 1], '1', 'PX', ARGV[3])
            return {0, 0, now}
            """;
    /* KEYS as for RESERVE; ARGV[1]: the reservation id; ARGV[1+i]: limit i's window member suffix, or '=' and its units for a total. */
    static final String RELEASE = """
            if redis.call('DEL', KEYS[#KEYS]) == 0 then return 0 end
            for i = 1, #KEYS - 1 do
              local a = ARGV[1 + i]
              if string.sub(a, 1, 1) == '=' then
                local units = tonumber(string.sub(a, 2))
                local count = tonumber(redis.call('GET', KEYS[i]) or '0')
                if count > 0 then redis.call('DECRBY', KEYS[i], math.min(count, units)) end
              else
                redis.call('ZREM', KEYS[i], ARGV[1] .. ':' .. i .. a)
              end
            end
            return 1
            """;
    static final String SHA = sha1(RESERVE);

    private final RedisConnection redis;
    private final String node = randomHex();
    private final AtomicLong sequence = new AtomicLong();
    /** Redis's clock minus this node's, as last measured: turns a local deadline into Redis time. */
    private volatile long redisAheadMs;
    private volatile boolean clockKnown;
    private volatile boolean failing;

    public RedisCounters(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public Reservation reserve(List<Limit> limits) {
        if (limits.isEmpty()) return Reservation.refused(limits, Decision.ALLOWED); // nothing to hold
        String id = node + "-" + sequence.incrementAndGet();
        String[] keys = keys(id, limits);
        String[] args = new String[3 + 5 * limits.size()];
        args[0] = id;
        args[2] = Long.toString(MARKER_LIFETIME.toMillis());
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            args[3 + 5 * i] = Long.toString(limit.max());
            args[4 + 5 * i] = Long.toString(limit.window() == null ? 0 : Math.max(1, limit.window().toMillis()));
            args[5 + 5 * i] = Long.toString(Math.max(1, limit.lifetime().toMillis()));
            args[6 + 5 * i] = Long.toString(limit.cost());
            args[7 + 5 * i] = limit.weighted() ? "1" : "0";
        }
        Reservation held = new Reservation(id, limits, Decision.ALLOWED, this::settle);
        List<Long> result;
        try {
            var commands = redis.commands();
            long ahead = redisAhead(commands);
            long sentAt = System.currentTimeMillis();
            args[1] = Long.toString(sentAt + ahead + redis.timeout().toMillis());
            result = run(commands, keys, args);
            redisAheadMs = result.get(2) - (sentAt + System.currentTimeMillis()) / 2;
        } catch (RedisException e) {
            held.release(); // it may have run in time with its answer lost or late: give back whatever it held
            throw unavailable(e instanceof RedisCommandTimeoutException
                    ? "did not answer within " + redis.timeout().toMillis() + " ms"
                    : "failed (" + e.getMessage() + ")");
        }
        recovered();
        int status = result.get(0).intValue();
        if (status == 0) return held;
        if (status < 0) { // ran past its deadline (Redis was stalled): nothing was held
            throw unavailable("ran the decision after its " + redis.timeout().toMillis() + " ms deadline, so it counted nothing");
        }
        Decision refused = new Decision(false, limits.get(status - 1), Duration.ofMillis(result.get(1)));
        return Reservation.refused(limits, refused);
    }

    /** Commit: the marker goes. Release: the marker goes and, if it was there, the events too. */
    private void settle(Reservation reservation, boolean keep) {
        String[] keys = keys(reservation.id(), reservation.limits());
        if (keep) {
            redis.async().ifPresent(c -> c.del(keys[keys.length - 1]));
            return;
        }
        String[] args = new String[1 + reservation.limits().size()];
        args[0] = reservation.id();
        for (int i = 0; i < reservation.limits().size(); i++) {
            Limit limit = reservation.limits().get(i);
            args[1 + i] = limit.window() == null ? "=" + limit.cost() : limit.weighted() ? "#" + limit.cost() : "";
        }
        redis.async().ifPresent(c -> c.eval(RELEASE, ScriptOutputType.INTEGER, keys, args)
                .exceptionally(e -> {
                    LOG.warn("a reservation could not be released (its events stay counted): Redis at {}: {}", redis.where(), e.getMessage());
                    return null;
                }));
    }

    private String[] keys(String id, List<Limit> limits) {
        String[] keys = new String[limits.size() + 1];
        for (int i = 0; i < limits.size(); i++) keys[i] = redis.key(limits.get(i).key());
        keys[limits.size()] = redis.key(marker(id));
        return keys;
    }

    private static String marker(String id) {
        return "held:" + id;
    }

    /** Redis's clock lead over this node's; read once with TIME before the first reservation, then from each answer. */
    private long redisAhead(RedisCommands<String, String> commands) {
        if (!clockKnown) {
            long sentAt = System.currentTimeMillis();
            List<String> time = commands.time();
            long receivedAt = System.currentTimeMillis();
            redisAheadMs = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000 - (sentAt + receivedAt) / 2;
            clockKnown = true;
        }
        return redisAheadMs;
    }

    private static List<Long> run(RedisCommands<String, String> commands, String[] keys, String[] args) {
        try {
            return commands.evalsha(SHA, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(RESERVE, ScriptOutputType.MULTI, keys, args); // first use, or Redis restarted: EVAL caches it again
        }
    }

    private ApiException unavailable(String why) {
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
