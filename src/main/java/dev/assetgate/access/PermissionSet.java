package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a key holds: either {@code all} (every permission, present and future) or an explicit set. */
public record PermissionSet(boolean all, Set<Permission> listed) {

    public PermissionSet {
        listed = listed.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(listed);
    }

    public static PermissionSet of(Permission... permissions) {
        return new PermissionSet(false, permissions.length == 0 ? Set.of() : EnumSet.copyOf(List.of(permissions)));
    }

    public static PermissionSet allPermissions() {
        return new PermissionSet(true, Set.of());
    }

    /**
     * Parses client or CLI input: a list of permission names, or the single word {@code all}.
     * Unknown names are refused with a message naming them.
     */
    public static PermissionSet parse(Collection<String> names, String field) {
        if (names.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must name at least one permission, or be \"all\"");
        }
        if (names.stream().anyMatch(n -> n.trim().equalsIgnoreCase(Permission.ALL))) {
            if (names.size() != 1) {
                throw ApiError.INVALID_PARAMETER.with(field + ": \"all\" cannot be combined with other permissions");
            }
            return allPermissions();
        }
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            set.add(Permission.parse(name).orElseThrow(() ->
                    ApiError.INVALID_PARAMETER.with(field + ": unknown permission '" + name + "'",
                            "Valid names: all, " + Set.of(Permission.values()).stream().map(Enum::name).sorted().collect(Collectors.joining(", ")))));
        }
        return new PermissionSet(false, set);
    }

    /** Storage form: "all" or a comma-joined list of names. */
    public static PermissionSet fromStorage(String stored) {
        if (Permission.ALL.equals(stored)) {
            return allPermissions();
        }
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (String name : stored.split(",")) {
            if (!name.isBlank()) {
                Permission.parse(name).ifPresent(set::add);
            }
        }
        return new PermissionSet(false, set);
    }

    public String toStorage() {
        return all ? Permission.ALL : listed.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /** The wire form: ["all"] or the sorted names. */
    public List<String> names() {
        return all ? List.of(Permission.ALL) : listed.stream().map(Enum::name).sorted().toList();
    }

    public boolean has(Permission permission) {
        return all || listed.contains(permission);
    }

    /** True when every permission of {@code other} is held here: the no-escalation rule. */
    public boolean covers(PermissionSet other) {
        if (all) {
            return true;
        }
        return !other.all && listed.containsAll(other.listed);
    }
}
