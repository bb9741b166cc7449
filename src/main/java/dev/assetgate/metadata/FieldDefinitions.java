package dev.assetgate.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Reads field definitions from request bodies ({@code {"field":{…}}} or the bare object), refusing
 * unknown members, wrong types and bad names with a message naming the member.
 */
final class FieldDefinitions {
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*");
    /** Keys the search syntax or the built-in metadata already give a meaning; a field by that name could never be searched. */
    static final Set<String> RESERVED = Set.of("title", "description", "name", "filename", "type", "mime", "mimetype", "ext",
            "extension", "tag", "tags", "label", "labels", "approval_status");
    static final String DEFAULT_GROUP = "General";
    private static final int MAX_OPTIONS = 1000;
    private static final int MAX_LANGUAGES = 100;
    private static final Set<String> CREATE_MEMBERS = Set.of("key", "label", "type", "localized", "languages", "group", "position", "options");
    /** Members a client may echo back from a GET when it updates; they are checked or ignored, never changed. */
    private static final Set<String> READ_ONLY = Set.of("uuid", "key", "type", "localized", "created_at", "updated_at",
            "regional_variants_group_uuid");
    private static final Set<String> UPDATE_MEMBERS = Set.of("label", "languages", "group", "position", "options");
    private static final Set<String> OPTION_MEMBERS = Set.of("api_slug", "label");
    private static final Set<String> OPTION_READ_ONLY = Set.of("id", "uuid", "api_value", "position");

    private FieldDefinitions() {}

    /** The field object of a body: {"field":{…}} or the body itself. */
    static JsonNode unwrap(JsonNode body) {
        JsonNode inner = body.get("field");
        if (inner == null) return body;
        if (!inner.isObject()) throw ApiError.INVALID_PARAMETER.with("field must be a JSON object");
        return inner;
    }

    static MetaField create(String project, JsonNode body, int nextPosition, Instant now) {
        JsonNode def = unwrap(body);
        onlyMembers(def, CREATE_MEMBERS, Set.of(), "field");
        String key = text(def, "key", 64);
        if (!KEY.matcher(key).matches()) {
            throw ApiError.INVALID_PARAMETER.with("field.key must be 1 to 64 lowercase letters, digits or '_', starting with a letter: '" + key + "'");
        }
        if (RESERVED.contains(key)) {
            throw ApiError.INVALID_PARAMETER.with("field.key '" + key + "' is reserved (built-in metadata or a search keyword)",
                    "Reserved keys: " + String.join(", ", RESERVED.stream().sorted().toList()));
        }
        String typeName = text(def, "type", 40);
        FieldType type = FieldType.parse(typeName).orElseThrow(() -> ApiError.INVALID_PARAMETER.with(
                "field.type: unknown type '" + typeName + "'", "Types: " + FieldType.names()));
        boolean localized = bool(def, "localized", false);
        if (localized && !type.localizable()) {
            throw ApiError.INVALID_PARAMETER.with("field.localized: a " + type.wire + " field cannot have per-language values (only text and textarea)");
        }
        List<String> languages = languages(def.get("languages"), localized);
        List<MetaOption> options = options(def.get("options"), type, Map.of());
        int position = def.has("position") ? position(def) : nextPosition;
        return new MetaField(UUID.randomUUID().toString(), project, key, text(def, "label", 200), type, localized, languages,
                def.has("group") ? text(def, "group", 100) : DEFAULT_GROUP, position, options, now, now);
    }

    /** The members the body names replace the field's; key, type and localized never change. */
    static MetaField update(MetaField current, JsonNode body, Instant now) {
        JsonNode def = unwrap(body);
        onlyMembers(def, UPDATE_MEMBERS, READ_ONLY, "field");
        unchanged(def, "key", current.key());
        unchanged(def, "type", current.type().wire);
        if (def.has("localized") && (!def.get("localized").isBoolean() || def.get("localized").asBoolean() != current.localized())) {
            throw ApiError.INVALID_PARAMETER.with("field.localized cannot change; delete the field and create it again");
        }
        Map<String, String> ids = new HashMap<>();
        current.options().forEach(o -> ids.put(o.apiSlug(), o.id()));
        return current.with(
                def.has("label") ? text(def, "label", 200) : current.label(),
                def.has("languages") ? languages(def.get("languages"), current.localized()) : current.languages(),
                def.has("group") ? text(def, "group", 100) : current.group(),
                def.has("position") ? position(def) : current.position(),
                def.has("options") ? options(def.get("options"), current.type(), ids) : current.options(),
                now);
    }

    /** New options for POST …/options: {"options":[{api_slug,label}]}, at least one. */
    static List<MetaOption> addedOptions(JsonNode body, MetaField field) {
        if (!field.type().isSelect()) {
            throw ApiError.INVALID_PARAMETER.with("field '" + field.key() + "' is " + field.type().wire + "; only select-one and multi-select fields have options");
        }
        onlyMembers(body, Set.of("options"), Set.of(), "body");
        JsonNode list = body.get("options");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("options must be a non-empty array of {api_slug, label}");
        }
        if (field.options().size() + list.size() > MAX_OPTIONS) {
            throw ApiError.INVALID_PARAMETER.with("a field has at most " + MAX_OPTIONS + " options");
        }
        return options(list, field.type(), Map.of(), "options");
    }

    private static List<MetaOption> options(JsonNode list, FieldType type, Map<String, String> keptIds) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!type.isSelect()) {
            throw ApiError.INVALID_PARAMETER.with("field.options: only select-one and multi-select fields have options");
        }
        if (!list.isArray()) throw ApiError.INVALID_PARAMETER.with("field.options must be an array of {api_slug, label}");
        if (list.size() > MAX_OPTIONS) throw ApiError.INVALID_PARAMETER.with("field.options: at most " + MAX_OPTIONS + " options");
        return options(list, type, keptIds, "field.options");
    }

    private static List<MetaOption> options(JsonNode list, FieldType type, Map<String, String> keptIds, String path) {
        List<MetaOption> out = new ArrayList<>();
        Set<String> slugs = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String at = path + "[" + i + "]";
            if (!item.isObject()) throw ApiError.INVALID_PARAMETER.with(at + " must be an object {api_slug, label}");
            onlyMembers(item, OPTION_MEMBERS, OPTION_READ_ONLY, at);
            String slug = text(item, "api_slug", 100, at);
            if (!SLUG.matcher(slug).matches()) {
                throw ApiError.INVALID_PARAMETER.with(at + ".api_slug must be letters, digits, '_', '.' or '-', starting with a letter or digit: '" + slug + "'");
            }
            if (!slugs.add(slug)) throw ApiError.INVALID_PARAMETER.with(at + ".api_slug '" + slug + "' is listed twice");
            out.add(new MetaOption(keptIds.getOrDefault(slug, newOptionId()), slug, text(item, "label", 200, at), i));
        }
        return out;
    }

    private static List<String> languages(JsonNode list, boolean localized) {
        if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) return List.of();
        if (!localized) throw ApiError.INVALID_PARAMETER.with("field.languages: only a localized field has languages");
        if (!list.isArray()) throw ApiError.INVALID_PARAMETER.with("field.languages must be an array of language codes such as \"en\" or \"fr_FR\"");
        if (list.size() > MAX_LANGUAGES) throw ApiError.INVALID_PARAMETER.with("field.languages: at most " + MAX_LANGUAGES + " languages");
        Set<String> codes = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode code = list.get(i);
            if (!code.isTextual() || !LANGUAGE.matcher(code.asText()).matches()) {
                throw ApiError.INVALID_PARAMETER.with("field.languages[" + i + "] must be a language code such as \"en\" or \"fr_FR\"");
            }
            codes.add(code.asText());
        }
        return List.copyOf(codes);
    }

    static String newOptionId() {
        return "@itm_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "@";
    }

    // ------------------------------------------------------------------ members

    private static void onlyMembers(JsonNode object, Set<String> allowed, Set<String> ignored, String path) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name) && !ignored.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with(path + "." + name + " is not a member of a " + ("field".equals(path) ? "field" : "this object"),
                        "Members: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static void unchanged(JsonNode def, String member, String current) {
        JsonNode v = def.get(member);
        if (v != null && !(v.isTextual() && v.asText().equals(current))) {
            throw ApiError.INVALID_PARAMETER.with("field." + member + " cannot change; delete the field and create it again");
        }
    }

    private static String text(JsonNode object, String member, int max) {
        return text(object, member, max, "field");
    }

    private static String text(JsonNode object, String member, int max, String path) {
        JsonNode v = object.get(member);
        if (v == null || v.isNull()) throw ApiError.INVALID_PARAMETER.with(path + "." + member + " is required");
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(path + "." + member + " must be a string");
        String text = v.asText().trim();
        if (text.isEmpty() || text.length() > max) {
            throw ApiError.INVALID_PARAMETER.with(path + "." + member + " must be 1 to " + max + " characters");
        }
        return text;
    }

    private static boolean bool(JsonNode object, String member, boolean fallback) {
        JsonNode v = object.get(member);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw ApiError.INVALID_PARAMETER.with("field." + member + " must be true or false");
        return v.asBoolean();
    }

    private static int position(JsonNode def) {
        JsonNode v = def.get("position");
        if (!v.isInt() || v.asInt() < 0) throw ApiError.INVALID_PARAMETER.with("field.position must be a whole number from 0");
        return v.asInt();
    }
}
