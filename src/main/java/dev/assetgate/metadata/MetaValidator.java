package dev.assetgate.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.assetgate.error.ApiError;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks file or folder meta against a project's model and returns it in stored form: select
 * values as api slugs, dates as {@link MetaDates} text, tags trimmed and without repeats. A free-form
 * model (no fields) takes anything. A {@code null} value passes: it means "remove this key".
 */
final class MetaValidator {
    private static final int MAX_TAG = 200;
    private static final int MAX_LIST = 1000;
    private final MetadataModel model;

    MetaValidator(MetadataModel model) {
        this.model = model;
    }

    ObjectNode check(ObjectNode meta) {
        if (model.isFreeForm()) {
            return meta;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> entries = meta.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String path = "meta." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.set(e.getKey(), value);
            } else if (MetadataModel.isBuiltIn(e.getKey())) {
                out.set(e.getKey(), localizedText(value, List.of(), path));
            } else {
                MetaField field = model.field(e.getKey()).orElseThrow(() -> unknown(e.getKey()));
                out.set(e.getKey(), value(field, value, path));
            }
        }
        return out;
    }

    private RuntimeException unknown(String key) {
        List<String> keys = model.fields().stream().map(MetaField::key).toList();
        String known = String.join(", ", keys.subList(0, Math.min(keys.size(), 30))) + (keys.size() > 30 ? ", …" : "");
        return ApiError.INVALID_PARAMETER.with("meta." + key + ": unknown field; the project's metadata model has no field '" + key + "'",
                "Fields: " + known + " (and the built-in title, description); GET meta/model/fields lists them");
    }

    private static JsonNode value(MetaField field, JsonNode value, String path) {
        String type = " (" + field.type().wire + " field '" + field.key() + "')";
        switch (field.type()) {
            case TEXT, TEXTAREA -> {
                if (field.localized()) return localizedText(value, field.languages(), path);
                if (!value.isTextual()) throw wrong(path, "must be a string" + type);
                return value;
            }
            case NUMERIC -> {
                if (!value.isNumber()) throw wrong(path, "must be a number" + type);
                return value;
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) throw wrong(path, "must be true or false" + type);
                return value;
            }
            case DATE -> {
                if (!value.isTextual()) throw wrong(path, "must be a date such as \"2024-05-01\" or \"2024-05-01T10:00:00Z\"" + type);
                return TextNode.valueOf(MetaDates.normalise(value.asText()).orElseThrow(() -> wrong(path,
                        "'" + value.asText() + "' is not a date such as \"2024-05-01\" or \"2024-05-01T10:00:00Z\"" + type)));
            }
            case SELECT_ONE -> {
                if (!value.isTextual()) throw wrong(path, "must be the api_slug of one option" + type);
                return TextNode.valueOf(slug(field, value.asText(), path));
            }
            case MULTI_SELECT -> {
                if (!value.isArray()) throw wrong(path, "must be an array of option api_slugs" + type);
                Set<String> slugs = new LinkedHashSet<>();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (!item.isTextual()) throw wrong(path + "[" + i + "]", "must be the api_slug of an option" + type);
                    slugs.add(slug(field, item.asText(), path + "[" + i + "]"));
                }
                return strings(slugs);
            }
            case TAGS -> {
                if (!value.isArray() || value.size() > MAX_LIST) throw wrong(path, "must be an array of at most " + MAX_LIST + " strings" + type);
                Set<String> tags = new LinkedHashSet<>();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (!item.isTextual() || item.asText().trim().length() > MAX_TAG) {
                        throw wrong(path + "[" + i + "]", "must be a string of at most " + MAX_TAG + " characters" + type);
                    }
                    if (!item.asText().isBlank()) tags.add(item.asText().trim());
                }
                return strings(tags);
            }
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
    }

    /** Text in one or several languages: a string, or an object of language code → string. */
    private static JsonNode localizedText(JsonNode value, List<String> languages, String path) {
        if (value.isTextual()) return value;
        if (!value.isObject()) throw wrong(path, "must be a string or an object of language code → string, such as {\"en\":\"…\"}");
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            String at = path + "." + e.getKey();
            if (!FieldDefinitions.LANGUAGE.matcher(e.getKey()).matches()) throw wrong(at, "'" + e.getKey() + "' is not a language code such as en or fr_FR");
            if (!languages.isEmpty() && !languages.contains(e.getKey())) {
                throw wrong(at, "language '" + e.getKey() + "' is not one of the field's languages " + languages);
            }
            if (!e.getValue().isTextual()) throw wrong(at, "must be a string");
        }
        return value;
    }

    private static String slug(MetaField field, String given, String path) {
        return field.optionByIdentifier(given).map(MetaOption::apiSlug).orElseThrow(() -> wrong(path, "'" + given
                + "' is not an option of field '" + field.key() + "' (options: "
                + String.join(", ", field.options().stream().limit(30).map(MetaOption::apiSlug).toList()) + ")"));
    }

    private static ArrayNode strings(Set<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static RuntimeException wrong(String path, String what) {
        return ApiError.INVALID_PARAMETER.with(path + " " + what);
    }
}
