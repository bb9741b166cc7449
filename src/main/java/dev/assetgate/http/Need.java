package dev.assetgate.http;

import dev.assetgate.access.AccessGuard;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;

/**
 * What a route requires of the calling key, declared where the route is registered so no handler
 * can forget it. Overloaded routes (POST files = upload or move) declare {@link #any} of their
 * actions' permissions, so a key that can do none is refused before the body is read, and the
 * handler then calls {@code call.require(...)} for the action the body asks for.
 */
public final class Need {
    private enum Kind { ALL, ANY, AUTHENTICATED }

    private final Kind kind;
    private final Permission[] permissions;

    private Need(Kind kind, Permission... permissions) {
        this.kind = kind;
        this.permissions = permissions;
    }

    public static Need all(Permission... permissions) {
        return new Need(Kind.ALL, permissions);
    }

    public static Need any(Permission... permissions) {
        return new Need(Kind.ANY, permissions);
    }

    /** Any valid key of the project (start-up endpoints that reveal nothing sensitive). */
    public static Need authenticated() {
        return new Need(Kind.AUTHENTICATED);
    }

    void check(PermissionSet held) {
        switch (kind) {
            case ALL -> AccessGuard.requireAll(held, permissions);
            case ANY -> AccessGuard.requireAny(held, permissions);
            case AUTHENTICATED -> { }
        }
    }
}
