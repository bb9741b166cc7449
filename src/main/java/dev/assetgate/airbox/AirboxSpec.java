package dev.assetgate.airbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Airbox body, {@code POST /v4/airboxes} or {@code PUT /v4/airboxes/{uuid}}, validated with
 * messages naming the field. On an update only the members present change; {@code null} clears a
 * date, the password, {@code max_files} or {@code max_bytes}. Unknown members are refused. Dates are
 * ISO-8601 (without an offset: UTC).
 */
public final class AirboxSpec {
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 256;
    public static final int MAX_TITLE = 255;
    public static final int MAX_MESSAGE = 5000;
    public static final int MAX_TYPES = 50;
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]*)");
    private static final Set<String> MEMBERS = Set.of("folder", "title", "message", "password", "starts_at", "ends_at",
            "max_files", "max_bytes", "allowed_types", "form", "active");

    private final Set<String> given;
    public final String folder;
    public final String title;
    public final String message;
    /** The clear password; null when absent or removed. Never logged, never stored. */
    public final String password;
    public final Instant startsAt;
    public final Instant endsAt;
    public final Long maxFiles;
    public final Long maxBytes;
    public final List<String> allowedTypes;
    public final AirboxForm form;
    public final Boolean active;

    private AirboxSpec(Set<String> given, String folder, String title, String message, String password, Instant startsAt,
                       Instant endsAt, Long maxFiles, Long maxBytes, List<String> allowedTypes, AirboxForm form, Boolean active) {
        this.given = given;
        this.folder = folder;
        this.title = title;
        this.message = message;
        this.password = password;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.allowedTypes = allowedTypes;
        this.form = form;
        this.active = active;
    }

    /** Whether the body names this member (an update changes only those). */
    public boolean has(String member) {
        return given.contains(member);
    }

    /** Parses a body; {@code creating} requires a folder and a title. */
    public static AirboxSpec parse(JsonNode body, boolean creating) {
        if (body == null || !body.isObject()) throw ApiError.INVALID_JSON.with("the Airbox must be a JSON object");
        Set<String> given = new LinkedHashSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) throw ApiError.INVALID_PARAMETER.with("unknown Airbox member '" + name + "'", "Known members: " + MEMBERS);
            given.add(name);
        }
        if (creating) {
            for (String required : List.of("folder", "title")) {
                if (!given.contains(required) || body.get(required).isNull()) throw ApiError.INVALID_PARAMETER.with(required + " is required");
            }
        }
        String folder = given.contains("folder") ? folder(body.get("folder")) : null;
        String title = given.contains("title") ? text(body.get("title"), "title", 1, MAX_TITLE) : null;
        String message = given.contains("message") && !body.get("message").isNull() ? text(body.get("message"), "message", 0, MAX_MESSAGE) : null;
        String password = password(body.get("password"));
        Instant startsAt = time(body.get("starts_at"), "starts_at");
        Instant endsAt = time(body.get("ends_at"), "ends_at");
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiError.INVALID_PARAMETER.with("ends_at must be after starts_at");
        }
        Long maxFiles = positive(body.get("max_files"), "max_files");
        Long maxBytes = positive(body.get("max_bytes"), "max_bytes");
        List<String> types = given.contains("allowed_types") ? types(body.get("allowed_types")) : null;
        AirboxForm form = given.contains("form") ? AirboxForm.parse(body.get("form")) : null;
        Boolean active = null;
        if (given.contains("active")) {
            if (!body.get("active").isBoolean()) throw ApiError.INVALID_PARAMETER.with("active must be true or false");
            active = body.get("active").asBoolean();
        }
        return new AirboxSpec(given, folder, title, message, password, startsAt, endsAt, maxFiles, maxBytes, types, form, active);
    }

    private static String folder(JsonNode v) {
        if (v == null || !v.isTextual() || !v.asText().startsWith("/")) {
            throw ApiError.INVALID_PARAMETER.with("folder must be an absolute folder path like /inbox");
        }
        try {
            return AssetPaths.folder(v.asText());
        } catch (dev.assetgate.error.ApiException e) {
            throw ApiError.INVALID_PARAMETER.with("folder: " + e.getMessage());
        }
    }

    private static String text(JsonNode v, String field, int min, int max) {
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        String text = v.asText().trim();
        if (text.length() < min || text.length() > max) {
            throw ApiError.INVALID_PARAMETER.with(field + " must have " + min + " to " + max + " characters");
        }
        return text;
    }

    private static String password(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with("password must be a string");
        String p = v.asText();
        if (p.length() < MIN_PASSWORD || p.length() > MAX_PASSWORD) {
            throw ApiError.INVALID_PARAMETER.with("password must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return p;
    }

    private static Instant time(JsonNode v, String field) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be an ISO-8601 date-time string");
        try {
            return OffsetDateTime.parse(v.asText()).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v.asText()).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e2) {
                throw ApiError.INVALID_PARAMETER.with(field + " is not an ISO-8601 date-time: '" + v.asText() + "'");
            }
        }
    }

    private static Long positive(JsonNode v, String field) {
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) throw ApiError.INVALID_PARAMETER.with(field + " must be a whole number of at least 1");
        return v.asLong();
    }

    private static List<String> types(JsonNode v) {
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw ApiError.INVALID_PARAMETER.with("allowed_types must be an array of MIME types");
        if (v.size() > MAX_TYPES) throw ApiError.INVALID_PARAMETER.with("allowed_types lists more than " + MAX_TYPES + " types");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String type = v.get(i).asText("").trim().toLowerCase(Locale.ROOT);
            if (!v.get(i).isTextual() || !MIME_TYPE.matcher(type).matches()) {
                throw ApiError.INVALID_PARAMETER.with("allowed_types[" + i + "]: '" + v.get(i).asText() + "' is not a MIME type",
                        "Write types as type/subtype or type/*, e.g. image/png, image/*, application/pdf.");
            }
            out.add(type);
        }
        return List.copyOf(out);
    }
}
