package dev.assetgate.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * One change of a bulk edit or of a CSV row, applied to a file's meta and tags:
 * {@code tags.add} / {@code tags.del} (a tag by sid {@code #tg…} or by label, in {@code lang}),
 * {@code meta.replace} (the key's value becomes {@code value}), {@code meta.merge} (objects: their
 * members are merged, a null member removes one; lists: missing items are appended; anything else
 * replaces) and {@code meta.del} (the key is removed).
 */
public record Change(Type type, String key, JsonNode value, String lang) {
    public enum Type {
        TAGS_ADD("tags.add"), TAGS_DEL("tags.del"), META_REPLACE("meta.replace"), META_MERGE("meta.merge"), META_DEL("meta.del");

        public final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public static Type parse(String wire) {
            String w = wire.trim().toLowerCase(Locale.ROOT);
            if (w.equals("tags.remove")) return TAGS_DEL;
            if (w.equals("meta.remove") || w.equals("meta.delete")) return META_DEL;
            for (Type t : values()) {
                if (t.wire.equals(w)) return t;
            }
            return null;
        }

        public boolean onMeta() {
            return this == META_REPLACE || this == META_MERGE || this == META_DEL;
        }
    }

    /** The meta value after this change, from {@code current} (null when the key is absent); null = the key goes. */
    JsonNode metaAfter(JsonNode current) {
        switch (type) {
            case META_DEL -> {
                return null;
            }
            case META_MERGE -> {
                if (current != null && current.isObject() && value.isObject()) {
                    ObjectNode merged = ((ObjectNode) current).deepCopy();
                    Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getValue().isNull()) merged.remove(e.getKey());
                        else merged.set(e.getKey(), e.getValue());
                    }
                    return merged;
                }
                if (current != null && current.isArray() && value.isArray()) {
                    ArrayNode merged = ((ArrayNode) current).deepCopy();
                    for (JsonNode item : value) {
                        boolean present = false;
                        for (JsonNode have : merged) present |= have.equals(item);
                        if (!present) merged.add(item);
                    }
                    return merged;
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }
}
