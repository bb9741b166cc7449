package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.TestServer;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The index finds, for every request path, the route Javalin's own scan of every route finds: on the
 * server's real route table, for its routes' own paths and for paths made to trip it (trailing and
 * doubled slashes, other case, missing and extra segments, dots, escapes).
 */
class IndexedRouterTest {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);
    /** Shapes the server has no route of yet: segments that match across slashes or more than themselves, more segments than are counted. */
    private static final List<String> SHAPES = List.of("GET /x/<rest>/lit", "GET /x/*/lit", "GET /*/y/z", "GET /{a}.json/z/w",
            "GET /{a}-{b}/z/w", "GET /x/{a}/lit", "GET /x/y/lit", "GET /x.y/z/w", "GET /x", "GET /",
            "GET /x/y/z/w/x/y/z/w/x", "GET /x/{a}/z/w/x/y/z/w/x/y", "GET /x/y/z/w/x/y/z/w");
    static List<String> table;
    static IndexedRouter router;

    @BeforeAll
    static void sameRoutesAsTheServer() {
        table = serverRoutes();
        router = routerOf(table);
    }

    /** The routes a server registers, as "METHOD path". */
    static List<String> serverRoutes() {
        try (TestServer server = TestServer.start()) {
            return server.routes();
        }
    }

    static IndexedRouter routerOf(List<String> routes) {
        return routerOf(routes, false);
    }

    private static IndexedRouter routerOf(List<String> routes, boolean caseInsensitive) {
        Javalin app = Javalin.create(config -> {
            IndexedRouter.install(config.unsafe);
            config.router.treatMultipleSlashesAsSingleSlash = false;
            config.router.caseInsensitiveRoutes = caseInsensitive;
            for (String route : routes) {
                String[] methodAndPath = route.split(" ", 2);
                HandlerType method = HandlerType.findOrCreate(methodAndPath[0]);
                if (method.isHttpMethod()) config.routes.addHttpHandler(method, methodAndPath[1], ctx -> {});
            }
        });
        return (IndexedRouter) app.unsafe.internalRouter;
    }

    @Test
    void theTableIsTheServers() {
        assertThat(table).contains("GET /{token}/v4/files/{uuid}", "GET /{token}/cdn/<path>", "GET /health");
        assertThat(router.findFirstHttpHandlerEntry(HandlerType.GET, "/bench/v4/files/0123").endpoint.path)
                .isEqualTo("/{token}/v4/files/{uuid}");
        assertThat(router.findFirstHttpHandlerEntry(HandlerType.GET, "/bench/v4/files/stats").endpoint.path)
                .as("a literal added before a parameter wins, as in Javalin").isEqualTo("/{token}/v4/files/stats");
        assertThat(router.findFirstHttpHandlerEntry(HandlerType.GET, "/bench/cdn/a/b/c.jpg").endpoint.path).isEqualTo("/{token}/cdn/<path>");
        assertThat(router.findFirstHttpHandlerEntry(HandlerType.GET, "/bench/v4/nothing-here")).isNull();
    }

    @Test
    void everyRoutesOwnPathsFindWhatJavalinFinds() {
        Set<String> paths = new LinkedHashSet<>();
        for (String route : table) {
            String pattern = route.split(" ", 2)[1];
            paths.add(pattern); // Javalin takes a path equal to the pattern as it is
            for (String value : List.of("bench", "v4", "files", "stats", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "x.json", "%20", "V4")) {
                String path = pattern.replaceAll("\\{[^}]+}", value).replace("<path>", "a/b/" + value).replace("*", "w/" + value);
                paths.add(path);
                paths.add(path + "/");
                paths.add(path + "//");
                paths.add(path + "/extra");
                paths.add(path.replaceFirst("/", "//"));
                paths.add(path.toUpperCase(java.util.Locale.ROOT));
                int lastSlash = path.lastIndexOf('/');
                if (lastSlash > 0) paths.add(path.substring(0, lastSlash));
            }
        }
        assertSameAsJavalin(router, paths);
    }

    @Test
    void randomPathsOfTheTablesWordsFindWhatJavalinFinds() {
        assertSameAsJavalin(router, randomPaths(table, 20_000));
    }

    @Test
    void routesWhoseSegmentsSpanSlashesFindWhatJavalinFinds() {
        assertSameAsJavalin(routerOf(SHAPES), randomPaths(SHAPES, 5_000));
    }

    /** Where paths are not matched as written (here: in any case), Javalin's scan is used as it is. */
    @Test
    void caseInsensitiveRoutesFindWhatJavalinFinds() {
        Set<String> paths = new LinkedHashSet<>();
        for (String path : randomPaths(SHAPES, 2_000)) {
            paths.add(path);
            paths.add(path.toUpperCase(java.util.Locale.ROOT));
        }
        assertSameAsJavalin(routerOf(SHAPES, true), paths);
    }

    /** Any token is a method to Javalin: one without routes finds nothing, and is not kept. */
    @Test
    void methodsWithoutRoutesFindNothing() {
        for (int i = 0; i < 1_000; i++) {
            HandlerType made = new HandlerType("M" + i, true); // as Javalin makes one for a method it does not know
            assertThat(router.findFirstHttpHandlerEntry(made, "/health")).isNull();
            assertThat(router.scanned(made, "/health")).isNull();
        }
        assertThat(router.findFirstHttpHandlerEntry(new HandlerType("get", true), "/health"))
                .isSameAs(router.scanned(new HandlerType("get", true), "/health"));
    }

    /** The index is built by whichever lookup comes first; lookups at the same time all find the same. */
    @Test
    void lookupsFromManyThreadsFindWhatJavalinFinds() throws Exception {
        IndexedRouter fresh = routerOf(table);
        List<String> paths = new ArrayList<>(randomPaths(table, 2_000));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (String path : paths) {
                        assertThat(fresh.findFirstHttpHandlerEntry(HandlerType.GET, path)).as(path).isSameAs(fresh.scanned(HandlerType.GET, path));
                    }
                }));
            }
            for (var f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> randomPaths(List<String> routes, int count) {
        Set<String> words = new LinkedHashSet<>(List.of("", "bench", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "x.json", "%2F", "V4", "a b", "..", "*", "q.json", "q-r", "lit/lit"));
        for (String route : routes) {
            for (String segment : route.split(" ", 2)[1].split("/")) {
                if (!segment.isEmpty() && !segment.contains("{") && !segment.contains("<")) words.add(segment);
            }
        }
        List<String> vocabulary = new ArrayList<>(words);
        Random random = new Random(17);
        Set<String> paths = new LinkedHashSet<>(List.of("/", "//", "", "x", "/health/"));
        while (paths.size() < count) {
            StringBuilder path = new StringBuilder();
            int segments = 1 + random.nextInt(random.nextInt(4) == 0 ? 11 : 6);
            for (int i = 0; i < segments; i++) path.append('/').append(vocabulary.get(random.nextInt(vocabulary.size())));
            if (random.nextInt(8) == 0) path.append('/');
            paths.add(path.toString());
        }
        return paths;
    }

    private static void assertSameAsJavalin(IndexedRouter router, Set<String> paths) {
        int routed = 0;
        for (String path : paths) {
            for (HandlerType method : METHODS) {
                ParsedEndpoint indexed = router.findFirstHttpHandlerEntry(method, path);
                ParsedEndpoint scanned = router.scanned(method, path);
                assertThat(indexed).as("%s %s", method, path).isSameAs(scanned);
                assertThat(router.hasHttpHandlerEntry(method, path)).as("%s %s", method, path).isEqualTo(scanned != null);
                if (scanned != null) routed++;
            }
        }
        assertThat(routed).as("the paths reach routes, not only nothing").isGreaterThan(paths.size() / 200);
    }
}
