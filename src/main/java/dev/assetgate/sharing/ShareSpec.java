package dev.assetgate.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A share body, {@code POST /v5/shares} or {@code PUT /v5/share/{uuid}}, validated with messages
 * naming the field. On an update only the members present change: {@code null} clears a date, the
 * password or {@code max_uses}; {@code items} replaces every item. Unknown members are refused,
 * Filerobot's {@code auth} among them with a pointer to {@code password} (silently ignoring it would
 * publish a share its author meant to protect).
 */
public final class ShareSpec {
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 256;
    public static final int MAX_TITLE = 255;
    public static final int MAX_DESCRIPTION = 5000;
    public static final int MAX_ITEMS = 1000;
    private static final Set<String> MEMBERS = Set.of("title", "description", "starts_at", "expires_at", "items", "password",
            "download", "max_uses");

    private final Set<String> given;
    public final String title;
    public final String description;
    public final Instant startsAt;
    public final Instant expiresAt;
    public final List<ShareItem> items;
    /** The clear password; null when absent or removed. Never logged, never stored. */
    public final String password;
    public final Boolean download;
    public final Long maxUses;

    private ShareSpec(Set<String> given, String title, String description, Instant startsAt, Instant expiresAt, List<ShareItem> items,
                      String password, Boolean download, Long maxUses) {
        this.given = given;
        this.title = title;
        this.description = description;
        this.startsAt = startsAt;
        this.expiresAt = expiresAt;
        this.items = items;
        this.password = password;
        this.download = download;
        this.maxUses = maxUses;
    }

    /** Whether the body names this member (an update changes only those). */
    public boolean has(String member) {
        return given.contains(member);
    }

    /** Parses a body; {@code creating} requires a title and items. */
    public static ShareSpec parse(JsonNode body, boolean creating) {
        if (body == null || !body.isObject()) throw ApiError.INVALID_JSON.with("the share must be a JSON object");
        Set<String> given = new LinkedHashSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("auth")) {
                throw ApiError.INVALID_PARAMETER.with("auth is not supported: protect a share with \"password\"",
                        "Send {\"password\":\"...\"}; the share is then read with that password.");
            }
            if (!MEMBERS.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with("unknown share member '" + name + "'", "Known members: " + MEMBERS);
            }
            given.add(name);
        }
        if (creating) {
            for (String required : List.of("title", "items")) {
                if (!given.contains(required) || body.get(required).isNull()) throw ApiError.INVALID_PARAMETER.with(required + " is required");
            }
        }
        String title = given.contains("title") ? title(body.get("title")) : null;
        String description = given.contains("description") ? description(body.get("description")) : null;
        Instant startsAt = time(body.get("starts_at"), "starts_at");
        Instant expiresAt = time(body.get("expires_at"), "expires_at");
        List<ShareItem> items = given.contains("items") ? items(body.get("items")) : null;
        String password = password(body.get("password"));
        Boolean download = null;
        if (given.contains("download")) {
            JsonNode d = body.get("download");
            if (!d.isBoolean()) throw ApiError.INVALID_PARAMETER.with("download must be true or false");
            download = d.booleanValue();
        }
        Long maxUses = maxUses(body.get("max_uses"));
        return new ShareSpec(Set.copyOf(given), title, description, startsAt, expiresAt, items, password, download, maxUses);
    }

    private static String title(JsonNode v) {
        if (v == null || v.isNull()) throw ApiError.INVALID_PARAMETER.with("title must not be null");
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with("title must be a string");
        String title = v.asText().strip();
        if (title.isEmpty()) throw ApiError.INVALID_PARAMETER.with("title must not be empty");
        if (title.length() > MAX_TITLE) throw ApiError.INVALID_PARAMETER.with("title is longer than " + MAX_TITLE + " characters");
        return title;
    }

    private static String description(JsonNode v) {
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with("description must be a string");
        if (v.asText().length() > MAX_DESCRIPTION) {
            throw ApiError.INVALID_PARAMETER.with("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        return v.asText();
    }

    /** An ISO-8601 date-time with an offset ({@code 2026-05-01T09:00:00Z}, {@code ...+02:00}); null clears it. */
    private static Instant time(JsonNode v, String field) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        try {
            return OffsetDateTime.parse(v.asText()).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_PARAMETER.with(field + ": '" + v.asText() + "' is not an ISO-8601 date-time with an offset",
                    "Write it like 2026-05-01T09:00:00Z or 2026-05-01T11:00:00+02:00.");
        }
    }

    private static String password(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with("password must be a string");
        String password = v.asText();
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw ApiError.INVALID_PARAMETER.with("password must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    private static Long maxUses(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1 || v.longValue() > 1_000_000_000L) {
            throw ApiError.INVALID_PARAMETER.with("max_uses must be a whole number from 1 to 1000000000, or null for no limit");
        }
        return v.longValue();
    }

    private static List<ShareItem> items(JsonNode v) {
        if (v == null || !v.isArray()) throw ApiError.INVALID_PARAMETER.with("items must be an array");
        List<ShareItem> items = new ArrayList<>();
        Map<String, ShareItem> seen = new HashMap<>();
        for (int i = 0; i < v.size(); i++) {
            String field = "items[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isObject()) throw ApiError.INVALID_PARAMETER.with(field + " must be an object");
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("type", "identifiers", "options").contains(name)) {
                    throw ApiError.INVALID_PARAMETER.with(field + ": unknown member '" + name + "'", "Known members: type, identifiers, options");
                }
            }
            ShareItem.Kind kind = kind(item.get("type"), field);
            boolean subtree = recursive(item.get("options"), field, kind);
            JsonNode ids = item.get("identifiers");
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                throw ApiError.INVALID_PARAMETER.with(field + ".identifiers must be a non-empty array of uuids");
            }
            for (int j = 0; j < ids.size(); j++) {
                JsonNode id = ids.get(j);
                if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 100) {
                    throw ApiError.INVALID_PARAMETER.with(field + ".identifiers[" + j + "] must be a uuid string");
                }
                ShareItem next = kind == ShareItem.Kind.FILE ? ShareItem.file(id.asText()) : ShareItem.folder(id.asText(), subtree);
                ShareItem before = seen.putIfAbsent(kind + ":" + id.asText(), next);
                if (before == null) {
                    items.add(next);
                } else if (before.subtree() != next.subtree()) {
                    throw ApiError.INVALID_PARAMETER.with(field + ".identifiers[" + j + "]: folder " + id.asText()
                            + " is listed both with and without options.recursive");
                }
            }
        }
        if (items.isEmpty()) throw ApiError.INVALID_PARAMETER.with("items must name at least one file or folder");
        if (items.size() > MAX_ITEMS) throw ApiError.INVALID_PARAMETER.with("items name more than " + MAX_ITEMS + " files and folders");
        return List.copyOf(items);
    }

    private static ShareItem.Kind kind(JsonNode type, String field) {
        if (type != null && type.isTextual()) {
            for (ShareItem.Kind kind : ShareItem.Kind.values()) {
                if (kind.wire.equals(type.asText())) return kind;
            }
        }
        throw ApiError.INVALID_PARAMETER.with(field + ".type must be \"file_uuid\" or \"folder_uuid\"");
    }

    private static boolean recursive(JsonNode options, String field, ShareItem.Kind kind) {
        if (options == null || options.isNull()) return false;
        if (!options.isObject()) throw ApiError.INVALID_PARAMETER.with(field + ".options must be an object");
        for (Iterator<String> names = options.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("recursive")) {
                throw ApiError.INVALID_PARAMETER.with(field + ".options: unknown member '" + name + "'", "Known members: recursive");
            }
        }
        JsonNode r = options.get("recursive");
        if (r == null || r.isNull()) return false;
        if (!r.isBoolean() && !(r.isIntegralNumber() && (r.intValue() == 0 || r.intValue() == 1))) {
            throw ApiError.INVALID_PARAMETER.with(field + ".options.recursive must be true or false");
        }
        boolean recursive = r.isBoolean() ? r.booleanValue() : r.intValue() == 1;
        if (recursive && kind == ShareItem.Kind.FILE) {
            throw ApiError.INVALID_PARAMETER.with(field + ".options.recursive applies to folders only");
        }
        return recursive;
    }

    /** Masks the password, so a spec can be logged. */
    @Override
    public String toString() {
        return "ShareSpec[given=" + given + ", title=" + title + ", items=" + (items == null ? "-" : items.size())
                + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
