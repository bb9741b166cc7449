package dev.assetgate.airbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The form an Airbox's uploader fills: fields {@code {key, label, type, required}}, where {@code key}
 * is the meta key the answer is stored under on each uploaded file. {@link #check} is the form's
 * whole rule: only its keys, every required one filled, each value of its type; the result is the
 * file's meta.
 */
public record AirboxForm(List<Field> fields) {
    public static final AirboxForm EMPTY = new AirboxForm(List.of());
    public static final int MAX_FIELDS = 20;
    public static final int MAX_LABEL = 200;
    public static final int MAX_VALUE = 2000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> MEMBERS = Set.of("key", "label", "type", "required");

    public enum Type { TEXT, TEXTAREA, EMAIL, NUMBER, DATE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Field(String key, String label, Type type, boolean required) {}

    public AirboxForm {
        fields = List.copyOf(fields);
    }

    /** Parses {@code form} (an array of fields), with messages naming {@code form[i].member}. */
    public static AirboxForm parse(JsonNode node) {
        if (node == null || node.isNull()) return EMPTY;
        if (!node.isArray()) throw ApiError.INVALID_PARAMETER.with("form must be an array of fields {key, label, type, required}");
        if (node.size() > MAX_FIELDS) throw ApiError.INVALID_PARAMETER.with("form has more than " + MAX_FIELDS + " fields");
        List<Field> fields = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode f = node.get(i);
            String at = "form[" + i + "]";
            if (!f.isObject()) throw ApiError.INVALID_PARAMETER.with(at + " must be an object {key, label, type, required}");
            for (Iterator<String> names = f.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MEMBERS.contains(name)) throw ApiError.INVALID_PARAMETER.with(at + ": unknown member '" + name + "'", "Known members: " + MEMBERS);
            }
            String key = f.path("key").asText("");
            if (!f.path("key").isTextual() || !KEY.matcher(key).matches()) {
                throw ApiError.INVALID_PARAMETER.with(at + ".key must be a letter then letters, digits or _ (at most 64)");
            }
            if (!keys.add(key)) throw ApiError.INVALID_PARAMETER.with(at + ".key '" + key + "' is given twice");
            String label = f.has("label") ? f.get("label").asText("").trim() : key;
            if (!f.path("label").isMissingNode() && !f.get("label").isTextual()) throw ApiError.INVALID_PARAMETER.with(at + ".label must be a string");
            if (label.isEmpty() || label.length() > MAX_LABEL) throw ApiError.INVALID_PARAMETER.with(at + ".label must have 1 to " + MAX_LABEL + " characters");
            Type type = Type.TEXT;
            if (f.has("type")) {
                try {
                    type = Type.valueOf(f.get("type").asText("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiError.INVALID_PARAMETER.with(at + ".type must be one of text, textarea, email, number, date");
                }
            }
            JsonNode required = f.path("required");
            if (!required.isMissingNode() && !required.isBoolean()) throw ApiError.INVALID_PARAMETER.with(at + ".required must be true or false");
            fields.add(new Field(key, label, type, required.asBoolean(false)));
        }
        return new AirboxForm(fields);
    }

    /**
     * The meta of one uploaded file from the uploader's answers ({@code given}, may be null): only the
     * form's keys, every required field filled (META_REQUIRED names the first missing), each value of
     * its field's type. Null when the form has no field and nothing was given.
     */
    public ObjectNode check(ObjectNode given) {
        ObjectNode out = Json.object();
        if (given != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (fields.stream().noneMatch(f -> f.key().equals(key))) {
                    throw ApiError.INVALID_PARAMETER.with("meta." + key + " is not a field of this Airbox's form",
                            fields.isEmpty() ? "This Airbox has no form: send no meta." : "Its fields: " + fields.stream().map(Field::key).toList());
                }
            }
        }
        for (Field f : fields) {
            JsonNode value = given == null ? null : given.get(f.key());
            String text = value == null || value.isNull() ? "" : value.isValueNode() ? value.asText().trim() : null;
            if (text == null) throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " must be a single value");
            if (text.isEmpty()) {
                if (f.required()) {
                    throw ApiError.META_REQUIRED.with("the field '" + f.label() + "' (meta." + f.key() + ") is required").reason("meta_required");
                }
                continue;
            }
            if (text.length() > MAX_VALUE) throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " is longer than " + MAX_VALUE + " characters");
            switch (f.type()) {
                case EMAIL -> {
                    if (!EMAIL.matcher(text).matches()) throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " is not an email address");
                    out.put(f.key(), text);
                }
                case NUMBER -> {
                    try {
                        out.put(f.key(), new java.math.BigDecimal(text));
                    } catch (NumberFormatException e) {
                        throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " is not a number");
                    }
                }
                case DATE -> {
                    if (!DATE.matcher(text).matches()) throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " must be a date YYYY-MM-DD");
                    try {
                        java.time.LocalDate.parse(text);
                    } catch (java.time.format.DateTimeParseException e) {
                        throw ApiError.INVALID_PARAMETER.with("meta." + f.key() + " is no calendar date");
                    }
                    out.put(f.key(), text);
                }
                default -> out.put(f.key(), text);
            }
        }
        return out.isEmpty() && given == null ? null : out;
    }

    public ArrayNode toJson() {
        ArrayNode list = Json.array();
        for (Field f : fields) {
            list.addObject().put("key", f.key()).put("label", f.label()).put("type", f.type().wire()).put("required", f.required());
        }
        return list;
    }

    public static AirboxForm fromJson(String stored) {
        return parse(Json.parseStored(stored));
    }
}
