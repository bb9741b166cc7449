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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
            Map<HandlerType, List<ParsedEndpoint>> byMethod = new LinkedHashMap<>();
            for (ParsedEndpoint route : getHttpPathMatcher().allEntries()) {
                byMethod.computeIfAbsent(route.endpoint.method, m -> new ArrayList<>()).add(route); // in the order added
            }
            Map<HandlerType, Routes> built = new HashMap<>();
            byMethod.forEach((method, routes) -> built.put(method, new Routes(routes)));
            index = Map.copyOf(built);
        }
        return index;
    }

    /** One method's routes, in the order they were added, with the literal each has at each place. */
    private static final class Routes {
        private final List<ParsedEndpoint> all;
        private final String[][] literals;
        private final int[] counts;
        private final List<Set<String>> known = new ArrayList<>();
        /** Candidates by the request's segments reduced to known literals or OTHER: a bounded set of keys. */
        private final Map<List<String>, List<ParsedEndpoint>> candidates = new ConcurrentHashMap<>();

        Routes(List<ParsedEndpoint> all) {
            this.all = all;
            this.literals = new String[all.size()][];
            this.counts = new int[all.size()];
            for (int p = 0; p < DEPTH; p++) known.add(new HashSet<>());
            for (int i = 0; i < all.size(); i++) {
                literals[i] = literals(all.get(i).endpoint.path);
                counts[i] = count(all.get(i).endpoint.path);
                for (int p = 0; p < DEPTH; p++) {
                    if (literals[i][p] != null) known.get(p).add(literals[i][p]);
                }
            }
        }

        /**
         * The route's literal segment at each place, or null where any segment may stand. Places are
         * counted only up to the first segment that might match more than one segment of a request
         * (a {@code <path>}, a wildcard, anything but letters, digits and simple parameters).
         */
        private static String[] literals(String pattern) {
            String[] places = new String[DEPTH];
            if (!pattern.startsWith("/")) return places;
            String[] segments = pattern.substring(1).split("/", -1);
            for (int p = 0; p < DEPTH && p < segments.length; p++) {
                if (LITERAL.matcher(segments[p]).matches()) {
                    places[p] = segments[p];
                } else if (!PARAMETER.matcher(segments[p]).matches()) {
                    break;
                }
            }
            return places;
        }

        /** The route's number of segments when each is a literal or a simple parameter ("/" has none), else ANY_COUNT. */
        private static int count(String pattern) {
            if (!pattern.startsWith("/")) return ANY_COUNT;
            String rest = pattern.substring(1);
            String[] segments = rest.isEmpty() ? new String[0] : rest.split("/", -1);
            if (segments.length > MOST_COUNTED) return ANY_COUNT;
            for (String segment : segments) {
                if (!LITERAL.matcher(segment).matches() && !PARAMETER.matcher(segment).matches()) return ANY_COUNT;
            }
            return segments.length;
        }

        /** The request's number of segments, trailing slashes not counted (Javalin may ignore one), above MOST_COUNTED as one more. */
        private static int count(String path, int end) {
            while (end > 1 && path.charAt(end - 1) == '/') end--;
            int count = end > 1 ? 1 : 0;
            for (int i = 1; i < end && count <= MOST_COUNTED; i++) {
                if (path.charAt(i) == '/') count++;
            }
            return Math.min(count, MOST_COUNTED + 1);
        }

        List<ParsedEndpoint> candidates(String path) {
            String[] key = new String[DEPTH + 1];
            int start = 1;
            for (int p = 0; p < DEPTH; p++) {
                String segment = OTHER;
                if (start <= path.length()) {
                    int end = path.indexOf('/', start);
                    if (end < 0) end = path.length();
                    segment = path.substring(start, end);
                    start = end + 1;
                }
                key[p] = known.get(p).contains(segment) ? segment : OTHER;
            }
            key[DEPTH] = Integer.toString(count(path, path.length()));
            return candidates.computeIfAbsent(List.of(key), this::narrowed);
        }

        private List<ParsedEndpoint> narrowed(List<String> key) {
            List<ParsedEndpoint> narrowed = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (fits(literals[i], key) && (counts[i] == ANY_COUNT || counts[i] == Integer.parseInt(key.get(DEPTH)))) {
                    narrowed.add(all.get(i));
                }
            }
            return List.copyOf(narrowed);
        }

        private static boolean fits(String[] literals, List<String> key) {
            for (int p = 0; p < DEPTH; p++) {
                if (literals[p] != null && !literals[p].equals(key.get(p))) return false;
            }
            return true;
        }
    }
}
