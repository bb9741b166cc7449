package dev.assetgate.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change as its event records it: what happened ({@code kind}, e.g. {@code file.renamed}), to
 * which item, in which project, and before/after where small (JSON objects, null for a creation's
 * before and a deletion's after). The catalog adapters write it with {@code Outbox.record} inside the
 * transaction that makes the change; who and when are added there. Kinds: docs/events.md.
 *
 * <p>{@code project} is null for a company-level change (a company-wide key); {@code companyId} may
 * be null when the project says it.
 */
public record Change(String kind, String itemType, String itemUuid, String project, String companyId,
                     ObjectNode before, ObjectNode after) {
    /** JSON text longer than this is left out of before/after (the event keeps {"truncated": true}). */
    public static final int MAX_VALUE_CHARS = 4096;

    public Change {
        if (!kind.startsWith(itemType + ".")) throw new IllegalArgumentException("kind " + kind + " is not of item type " + itemType);
    }

    /** A change of an item of a project: kind {@code itemType.what}. */
    public static Change of(String project, String itemType, String what, String itemUuid) {
        return new Change(itemType + "." + what, itemType, itemUuid, project, null, null, null);
    }

    public Change company(String id) {
        return new Change(kind, itemType, itemUuid, project, id, before, after);
    }

    public Change before(ObjectNode node) {
        return new Change(kind, itemType, itemUuid, project, companyId, node, after);
    }

    public Change after(ObjectNode node) {
        return new Change(kind, itemType, itemUuid, project, companyId, before, node);
    }

    /** A new JSON object for before/after. */
    public static ObjectNode fields() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An object with one field holding stored JSON text (meta, tags), or {"truncated": true} when it is large. */
    public static ObjectNode storedJson(String field, String json) {
        ObjectNode node = fields();
        if (json == null) return node.putNull(field);
        if (json.length() > MAX_VALUE_CHARS) return node.put("truncated", true);
        try {
            node.set(field, READER.readTree(json));
        } catch (java.io.IOException e) {
            node.put(field, json);
        }
        return node;
    }

    /** Whether two stored JSON texts (meta, tags) hold the same value: members in any order, null or empty read as {}. */
    public static boolean sameStoredJson(String a, String b) {
        if (java.util.Objects.equals(a, b)) return true;
        try {
            return READER.readTree(a == null || a.isEmpty() ? "{}" : a).equals(READER.readTree(b == null || b.isEmpty() ? "{}" : b));
        } catch (java.io.IOException unreadable) {
            return false; // told apart, so the change is written and recorded
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper();
}
