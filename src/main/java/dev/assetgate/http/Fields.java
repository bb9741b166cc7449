package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Typed reading of JSON body fields, each failure naming the field. */
public final class Fields {
    private static final int MAX_IDS = 1000;

    private Fields() {}

    public static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.INVALID_PARAMETER.with(field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        }
        return v.asText();
    }

    public static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        return v.asText();
    }

    /** A non-empty list of distinct string ids. */
    public static List<String> ids(JsonNode body, String field) {
        List<String> ids = strings(body, field);
        if (ids.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must list at least one id");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiError.INVALID_PARAMETER.with(field + " lists more than " + MAX_IDS + " ids");
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    /** {@link #ids}, or an empty list when the field is absent, null or an empty array (one part of a selection). */
    public static List<String> optionalIds(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.isArray() && v.isEmpty() ? List.of() : ids(body, field);
    }

    public static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw ApiError.INVALID_PARAMETER.with(field + " must contain only strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    public static ObjectNode object(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw ApiError.INVALID_PARAMETER.with(field + " must be a JSON object");
        return (ObjectNode) v;
    }
}
