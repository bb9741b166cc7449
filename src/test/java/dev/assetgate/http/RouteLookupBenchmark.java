package dev.assetgate.http;

import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finding a request's route in the server's route table: {@link IndexedRouter} against Javalin's own
 * scan of every route of the method, for the public GET on url.cdn (10th GET route), file details
 * (19th) and a file archive's progress (128th, near the end). Here, not in dev.assetgate.bench: the
 * router is package-private. {@code bash bench/run-jmh.sh RouteLookupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteLookupBenchmark {
    @Param({"/bench/cdn/pub/ten.bin", "/bench/v4/files/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "/bench/v5/file-archive/sharebox/0190a1b2"})
    public String path;
    private IndexedRouter router;

    @Setup
    public void routes() {
        router = IndexedRouterTest.routerOf(IndexedRouterTest.serverRoutes());
        if (router.findFirstHttpHandlerEntry(HandlerType.GET, path) != router.scanned(HandlerType.GET, path)) {
            throw new IllegalStateException("the index and the scan disagree on " + path);
        }
    }

    @Benchmark
    public ParsedEndpoint indexed() {
        return router.findFirstHttpHandlerEntry(HandlerType.GET, path);
    }

    @Benchmark
    public ParsedEndpoint scanned() {
        return router.scanned(HandlerType.GET, path);
    }
}
