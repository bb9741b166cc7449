package dev.assetgate.bench;

import dev.assetgate.limits.Counters;
import dev.assetgate.limits.Limit;
import dev.assetgate.limits.LocalCounters;
import dev.assetgate.limits.RedisConnection;
import dev.assetgate.limits.RedisCounters;
import dev.assetgate.support.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One limiter decision with the three limits of a SASS upload (per key and per source IP in a
 * 60 s sliding window, a lifetime total): in-process ({@link LocalCounters}) and Redis
 * ({@link RedisCounters}: one Lua script round trip to the Redis on 127.0.0.1:6379). Keys rotate over
 * 1000 key / IP pairs and the maxima are high, so every decision admits and counts.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LimiterBenchmark {
    private Counters local;
    private RedisConnection redis;
    private Counters shared;
    private String prefix;
    private List<Limit>[] limits;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        local = new LocalCounters(java.time.Clock.systemUTC());
        prefix = TestRedis.freshPrefix().replace("assetgate-test:", "assetgate-bench:");
        redis = TestRedis.connect(prefix);
        shared = new RedisCounters(redis);
        limits = new List[1000];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = List.of(
                    Limit.perWindow("upload.limit_per_min", "k:" + Thread.currentThread().getId() + ":" + i, 1_000_000_000L, Duration.ofMinutes(1)),
                    Limit.perWindow("upload.limit_per_source_ip", "ip:" + i, 1_000_000_000L, Duration.ofMinutes(1)),
                    Limit.total("upload.max", "t:" + Thread.currentThread().getId() + ":" + i, 1_000_000_000L, Duration.ofHours(1)));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redis.close();
        TestRedis.deleteKeys(prefix);
    }

    private List<Limit> nextLimits() {
        next = (next + 1) % limits.length;
        return limits[next];
    }

    @Benchmark
    public Counters.Decision localDecision() {
        return local.acquire(nextLimits());
    }

    @Benchmark
    public Counters.Decision redisDecision() {
        return shared.acquire(nextLimits());
    }
}
