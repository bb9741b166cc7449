package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a route requires of the calling key and what it counts, declared where the route is
 * registered so no handler can forget it. Overloaded routes (POST files = upload or move) declare
 * {@link #any} of their actions' permissions, so a key that can do none is refused before the body
 * is read, and the handler then asks {@link Access#require} for the action the body asks for.
 */
public final class Need {
    private enum Kind { ALL, ANY, AUTHENTICATED }

    private final Kind kind;
    private final List<Permission> permissions;
    private final Count count;

    private Need(Kind kind, List<Permission> permissions, Count count) {
        this.kind = kind;
        this.permissions = permissions;
        this.count = count;
    }

    public static Need all(Permission... permissions) {
        return new Need(Kind.ALL, List.of(permissions), Count.NONE);
    }

    public static Need any(Permission... permissions) {
        return new Need(Kind.ANY, List.of(permissions), Count.NONE);
    }

    /** Any valid key of the project (start-up endpoints that reveal nothing sensitive). */
    public static Need authenticated() {
        return new Need(Kind.AUTHENTICATED, List.of(), Count.NONE);
    }

    /** The same permissions, and the route spends {@code count} of the key's limits. */
    public Need counting(Count count) {
        return new Need(kind, permissions, count);
    }

    public Count count() {
        return count;
    }

    public List<Permission> permissions() {
        return permissions;
    }

    /** The refusal for a key holding {@code held}, or null when it holds what the route needs. */
    Denial deny(PermissionSet held) {
        return switch (kind) {
            case ALL -> missingAll(held, permissions);
            case ANY -> permissions.stream().anyMatch(held::has) ? null : missing(permissions);
            case AUTHENTICATED -> null;
        };
    }

    static Denial missingAll(PermissionSet held, List<Permission> needed) {
        for (Permission p : needed) {
            if (!held.has(p)) return missing(List.of(p));
        }
        return null;
    }

    private static Denial missing(List<Permission> anyOf) {
        String names = anyOf.stream().map(Enum::name).collect(Collectors.joining(" or "));
        return Denial.of("permission_missing", ApiError.PERMISSION_DENIED, "this key lacks the permission " + names,
                "Use a key holding " + names + ".");
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(permissions.toArray()) + " count=" + count;
    }
}
