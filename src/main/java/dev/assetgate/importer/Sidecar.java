package dev.assetgate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON file beside a file ({@code photo.jpg.json} for {@code photo.jpg}) in a folder tree or a bucket:
 * <pre>{"meta": {...}, "tags": ["a","b"] or {"en": ["a"], "fr": ["b"]}, "labels": ["Approved"], "visibility": "public"}</pre>
 * Every member is optional; anything else is refused, so a typo is not silently ignored.
 */
final class Sidecar {
    static final String SUFFIX = ".json";
    private static final Set<String> MEMBERS = Set.of("meta", "tags", "labels", "visibility");

    private Sidecar() {}

    /** The attributes, or IllegalArgumentException saying what is wrong. */
    static Attributes parse(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("must be a JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) throw new IllegalArgumentException("unknown member '" + name + "' (meta, tags, labels, visibility)");
        }
        JsonNode meta = root.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) throw new IllegalArgumentException("meta must be an object");
        String visibility = root.path("visibility").isNull() || root.path("visibility").isMissingNode() ? null : root.get("visibility").asText();
        if (visibility != null && !visibility.equals("public") && !visibility.equals("not_public")) {
            throw new IllegalArgumentException("visibility must be \"public\" or \"not_public\"");
        }
        List<Attributes.Label> labels = strings(root.get("labels"), "labels").stream().map(Attributes.Label::named).toList();
        return new Attributes(meta == null || meta.isNull() ? null : (ObjectNode) meta, tags(root.get("tags")), labels, visibility);
    }

    private static Map<String, List<String>> tags(JsonNode tags) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (tags == null || tags.isNull()) return out;
        if (tags.isArray()) {
            out.put("en", strings(tags, "tags"));
        } else if (tags.isObject()) {
            tags.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue(), "tags." + e.getKey())));
        } else {
            throw new IllegalArgumentException("tags must be an array of strings or an object of arrays by language");
        }
        return out;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        if (array == null || array.isNull()) return out;
        if (!array.isArray()) throw new IllegalArgumentException(field + " must be an array of strings");
        for (JsonNode n : array) {
            if (!n.isTextual() || n.asText().isBlank()) throw new IllegalArgumentException(field + " must hold non-empty strings");
            out.add(n.asText().trim());
        }
        return out;
    }
}
