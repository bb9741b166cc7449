package dev.assetgate.http;

import static dev.assetgate.access.Permission.ACCESS_READ;
import static dev.assetgate.access.Permission.COLLECTIONS_LIST;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.LABELS_LIST;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Permission;
import dev.assetgate.access.Principal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The answer of {@code GET file/{uuid}/permissions} and {@code GET folder/{uuid}/permissions}: what the
 * caller may do with one item, as the Filerobot widget asks on every context menu (it greys out what is
 * missing). Without an answer the widget asked again on each interaction, and a late failure overwrote a
 * rename it had just shown (seen in the widget e2e test). Only a hint for the UI: every action is still
 * checked on its own route.
 */
final class ItemPermissions {
    /** Permissions that change nothing; the others need the item to be in the key's upload scope. */
    private static final Set<Permission> READ_ONLY = EnumSet.of(OBJECTS_LIST, OBJECTS_FETCH, CONFIG_LIST,
            COLLECTIONS_LIST, LABELS_LIST, ACCESS_READ);

    private ItemPermissions() {}

    /** {@code writable}: the item's folder is in the caller's upload scope. */
    static ObjectNode body(Principal principal, boolean writable) {
        ObjectNode body = Json.success();
        ArrayNode names = body.putArray("permissions");
        // Every name spelled out: the widget knows no "all", and an empty list would grant everything.
        for (Permission p : Permission.values()) {
            if (principal.permissions().has(p) && (writable || READ_ONLY.contains(p))) names.add(p.name());
        }
        return body;
    }
}
