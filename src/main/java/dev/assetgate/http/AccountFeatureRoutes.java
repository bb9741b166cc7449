package dev.assetgate.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.assetgate.access.Need;
import dev.assetgate.error.ApiError;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The widget's calls that need user accounts (Filerobot's Hub users and teams), which this server
 * does not have: favorites, pins (saved searches), comments, per-item accesses and folder owners. They
 * answer {@code 501 NOT_SUPPORTED} with a hint instead of a bare 404, so the widget shows why; like
 * every project route they need a valid key of the project first (no key: 401).
 */
public final class AccountFeatureRoutes {
    /** Each route: method, path under /{token}/v4|v5, and the feature it belongs to (named in the message). */
    record Route(HandlerType method, String path, String feature) {}

    static final List<Route> ROUTES = List.of(
            new Route(GET, "/users/favorites", "favorites"),
            new Route(POST, "/users/favorites", "favorites"),
            new Route(DELETE, "/users/favorites", "favorites"),
            new Route(GET, "/pins", "pins (saved searches)"),
            new Route(POST, "/pins", "pins (saved searches)"),
            new Route(PUT, "/pins/{uuid}", "pins (saved searches)"),
            new Route(DELETE, "/pins/{uuid}", "pins (saved searches)"),
            new Route(GET, "/file/{uuid}/comments", "comments"),
            new Route(POST, "/file/{uuid}/comments", "comments"),
            new Route(PUT, "/file/{uuid}/comments", "comments"),
            new Route(DELETE, "/file/{uuid}/comments", "comments"),
            new Route(GET, "/file/{uuid}/accesses", "per-item accesses"),
            new Route(GET, "/folder/{uuid}/accesses", "per-item accesses"),
            new Route(POST, "/file/{uuid}/access", "per-item accesses"),
            new Route(PATCH, "/file/{uuid}/access", "per-item accesses"),
            new Route(POST, "/folder/{uuid}/access", "per-item accesses"),
            new Route(PATCH, "/folder/{uuid}/access", "per-item accesses"),
            new Route(PUT, "/access/{uuid}", "per-item accesses"),
            new Route(DELETE, "/access/{uuid}", "per-item accesses"),
            new Route(PUT, "/folders/{uuid}/owner", "folder owners"));

    public void register(RouteTable routes) {
        for (Route r : ROUTES) {
            routes.project(r.method(), r.path(), Need.authenticated(), call -> {
                throw ApiError.NOT_SUPPORTED.with(r.feature() + " need user accounts, which this server does not have");
            });
        }
    }
}
