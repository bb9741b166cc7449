package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The access decision for project-scoped calls, as an ordered list of checks: the key reaches the
 * project, then it holds the permissions. An unknown project and a project the key does not reach
 * answer the same, so a key cannot probe for other tenants.
 */
public final class AccessGuard {
    private final ProjectStore projects;

    public AccessGuard(ProjectStore projects) {
        this.projects = projects;
    }

    public Project project(ApiKeyRecord key, String token) {
        return projects.find(token)
                .filter(key::reaches)
                .orElseThrow(() -> ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + token + "'"));
    }

    /** Requires every listed permission. */
    public static void requireAll(ApiKeyRecord key, Permission... needed) {
        requireAll(key.permissions(), needed);
    }

    public static void requireAll(PermissionSet held, Permission... needed) {
        for (Permission p : needed) {
            if (!held.has(p)) {
                throw ApiError.PERMISSION_DENIED.with("this key lacks the permission " + p.name(),
                        "Use a key holding " + p.name() + ".");
            }
        }
    }

    /** Requires at least one of the listed permissions. */
    public static void requireAny(PermissionSet held, Permission... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(held::has)) {
            String names = Arrays.stream(anyOf).map(Enum::name).collect(Collectors.joining(" or "));
            throw ApiError.PERMISSION_DENIED.with("this key lacks the permission " + names, "Use a key holding " + names + ".");
        }
    }
}
