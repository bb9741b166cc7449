package dev.assetgate.http;

import io.javalin.config.JavalinState;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Javalin's router, with the search for a request's route narrowed before any regex runs. Javalin
 * tries a method's routes in the order they were added, one regex (and a Matcher) each: file details
 * paid 18 of them, a route near the end of the 129 GET routes more than a hundred. Here a route is
 * tried only when the request has that route's literal segments ({@code v4}, {@code files}) at the
 * same places among its first {@value #DEPTH} segments, and as many segments as the route when the
 * route's are all plain (literals and {@code {parameters}}); those candidates are tried in the order
 * the routes were added, with Javalin's own match. A route left out could never have matched, so the
 * route found is always the one Javalin's own scan finds ({@code IndexedRouterTest} holds it to that).
 */
final class IndexedRouter extends InternalRouter {
    /** Segments looked at: /{token}/v4/files/… is told apart by its second and third. */
    private static final int DEPTH = 3;
    /** A segment that is only these characters means itself in Javalin's path syntax, nothing more. */
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z0-9_-]+}");
    /** A request segment no route has at its place (never equal to a literal: it has a NUL). */
    private static final String OTHER = "\0";
    /** Segment counts told apart; a route with more, or with a segment that is not plain, may have any. */
    private static final int MOST_COUNTED = 8;
    private static final int ANY_COUNT = -1;
    private final RouterConfig config;
    /**
     * The routes of each method that has any, built at the first lookup after routes were added (they
     * all are before the server starts). A method with none is not kept: any token is a method to
     * Javalin, and a client could send a new one with every request.
     */
    private volatile Map<HandlerType, Routes> index;

    private IndexedRouter(JavalinState state) {
        super(state.wsRouter, state.eventManager, state.router, state.jetty);
        this.config = state.router;
    }

    /**
     * Puts this router in place of Javalin's; call before any route is added. Javalin's own handler of
     * its ValidationException (a 400) stays with the router replaced: Assetgate validates without it,
     * and AssetgateServer answers every exception itself.
     */
    static void install(JavalinState state) {
        state.internalRouter = new IndexedRouter(state);
    }

    @Override
    public synchronized InternalRouter addHttpEndpoint(Endpoint endpoint) {
        super.addHttpEndpoint(endpoint);
        index = null;
        return this;
    }

    @Override
    public ParsedEndpoint findFirstHttpHandlerEntry(HandlerType type, String path) {
        if (!indexable() || !path.startsWith("/")) return scanned(type, path);
        Routes routes = index().get(type);
        if (routes == null) return null; // as Javalin: no route of this method
        for (ParsedEndpoint route : routes.candidates(path)) {
            if (matches(route, path)) return route;
        }
        return null;
    }

    @Override
    public boolean hasHttpHandlerEntry(HandlerType type, String path) {
        return findFirstHttpHandlerEntry(type, path) != null;
    }

    /** Javalin's own search, every route of the method in order: what the index must always agree with. */
    ParsedEndpoint scanned(HandlerType type, String path) {
        return super.findFirstHttpHandlerEntry(type, path);
    }

    /** Javalin's test of one route (PathMatcher.match). */
    private static boolean matches(ParsedEndpoint route, String path) {
        String pattern = route.endpoint.path;
        return pattern.equals("*") || pattern.equals(path) || route.matches(path);
    }

    /** Segment places hold only where paths are matched as written: no case folding, no merged slashes, no context path. */
    private boolean indexable() {
        String context = config.contextPath;
        return !config.caseInsensitiveRoutes && !config.treatMultipleSlashesAsSingleSlash
                && (context == null || context.isEmpty() || context.equals("/"));
    }

    private Map<HandlerType, Routes> index() {
        Map<HandlerType, Routes> built = index;
        return built != null ? built : build();
    }

    private synchronized Map<HandlerType, Routes> build() {
        if (index == null) {
            Map<HandlerType, Routes> built = new HashMap<>();
            getHttpPathMatcher().allEntries().stream() // each method's routes in the order added
                    .collect(Collectors.groupingBy(route -> route.endpoint.method))
                    .forEach((method, routes) -> built.put(method, new Routes(routes)));
            index = Map.copyOf(built);
        }
        return index;
    }

    /** One method's routes, in the order they were added, with the literal each has at each place. */
    private static final class Routes {
        private final List<ParsedEndpoint> all;
        private final List<Shape> shapes;
        private final List<Set<String>> known = new ArrayList<>();
        /** Candidates by the request's segments reduced to known literals or OTHER: a bounded set of keys. */
        private final Map<Key, List<ParsedEndpoint>> candidates = new ConcurrentHashMap<>();

        Routes(List<ParsedEndpoint> all) {
            this.all = all;
            this.shapes = all.stream().map(route -> Shape.of(route.endpoint.path)).toList();
            for (int p = 0; p < DEPTH; p++) known.add(new HashSet<>());
            for (Shape shape : shapes) {
                for (int p = 0; p < DEPTH; p++) {
                    if (shape.literals[p] != null) known.get(p).add(shape.literals[p]);
                }
            }
        }

        List<ParsedEndpoint> candidates(String path) {
            String[] places = new String[DEPTH];
            int start = 1;
            for (int p = 0; p < DEPTH; p++) {
                String segment = OTHER;
                if (start <= path.length()) {
                    int end = path.indexOf('/', start);
                    if (end < 0) end = path.length();
                    segment = path.substring(start, end);
                    start = end + 1;
                }
                places[p] = known.get(p).contains(segment) ? segment : OTHER;
            }
            return candidates.computeIfAbsent(new Key(List.of(places), count(path)), this::narrowed);
        }

        /** The request's number of segments, trailing slashes not counted (Javalin may ignore one), above MOST_COUNTED as one more. */
        private static int count(String path) {
            int end = path.length();
            while (end > 1 && path.charAt(end - 1) == '/') end--;
            int count = end > 1 ? 1 : 0;
            for (int i = 1; i < end && count <= MOST_COUNTED; i++) {
                if (path.charAt(i) == '/') count++;
            }
            return Math.min(count, MOST_COUNTED + 1);
        }

        private List<ParsedEndpoint> narrowed(Key key) {
            List<ParsedEndpoint> narrowed = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (shapes.get(i).fits(key)) narrowed.add(all.get(i));
            }
            return List.copyOf(narrowed);
        }
    }

    /** A request as the index tells requests apart: its first segments (known literals or OTHER) and its count of segments. */
    private record Key(List<String> places, int count) {}

    /**
     * What a route requires of a request: its literal segment at each of the first places (null where
     * any segment may stand), and its number of segments (ANY_COUNT when not known).
     */
    private record Shape(String[] literals, int count) {
        /**
         * Places hold up to the first segment that might match more than one segment of a request (a
         * {@code <path>}, a wildcard, anything but letters, digits and simple parameters); after one,
         * the count is not known either.
         */
        static Shape of(String pattern) {
            String[] literals = new String[DEPTH];
            if (!pattern.startsWith("/")) return new Shape(literals, ANY_COUNT);
            String rest = pattern.substring(1);
            String[] segments = rest.isEmpty() ? new String[0] : rest.split("/", -1); // "/" has none
            for (int i = 0; i < segments.length; i++) {
                boolean literal = LITERAL.matcher(segments[i]).matches();
                if (!literal && !PARAMETER.matcher(segments[i]).matches()) return new Shape(literals, ANY_COUNT);
                if (literal && i < DEPTH) literals[i] = segments[i];
            }
            return new Shape(literals, segments.length > MOST_COUNTED ? ANY_COUNT : segments.length);
        }

        boolean fits(Key key) {
            if (count != ANY_COUNT && count != key.count()) return false;
            for (int p = 0; p < DEPTH; p++) {
                if (literals[p] != null && !literals[p].equals(key.places().get(p))) return false;
            }
            return true;
        }
    }
}
