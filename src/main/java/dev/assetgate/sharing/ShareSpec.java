package dev.assetgate.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.error.ApiError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * password or {@code max_uses}; {@code items} replaces every item. Unknown members are refused.
 *
 * <p>The widget's and Filerobot's spellings are read too: {@code auth} ({@code {user, pass}} or
 * {@code [{user, pass}]}) is the password (the user name is accepted and not kept: the password alone
 * opens the share), {@code permissions} {@code READ | READ+DOWNLOAD} is {@code download}, dates
 * without an offset ({@code 2030-01-01T10:00}) are read in {@code starts_tz} / {@code expires_tz}
 * (IANA zones; UTC when absent), and {@code token} must name the project of the path.
 */
public final class ShareSpec {
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 256;
    public static final int MAX_TITLE = 255;
    public static final int MAX_DESCRIPTION = 5000;
    public static final int MAX_ITEMS = 1000;
    private static final Set<String> MEMBERS = Set.of("title", "description", "starts_at", "expires_at", "items", "password",
            "download", "max_uses", "starts_tz", "expires_tz", "token", "permissions", "auth");
    private static final Set<String> ITEM_VISIBILITIES = Set.of("PUB", "ORG", "PUB,ORG");

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

    /** Parses a body for a share of {@code project}; {@code creating} requires a title and items. */
    public static ShareSpec parse(JsonNode body, boolean creating, String project) {
        if (body == null || !body.isObject()) throw ApiError.INVALID_JSON.with("the share must be a JSON object");
        Set<String> given = new LinkedHashSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
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
        checkToken(body.get("token"), project);
        String title = given.contains("title") ? title(body.get("title")) : null;
        String description = given.contains("description") ? description(body.get("description")) : null;
        Instant startsAt = time(body.get("starts_at"), zone(body.get("starts_tz"), "starts_tz"), "starts_at");
        Instant expiresAt = time(body.get("expires_at"), zone(body.get("expires_tz"), "expires_tz"), "expires_at");
        List<ShareItem> items = given.contains("items") ? items(body.get("items")) : null;
        if (given.contains("password") && given.contains("auth")) {
            throw ApiError.INVALID_PARAMETER.with("send the password once: as password or as auth, not both");
        }
        String password = given.contains("auth") ? password(authPass(body.get("auth")), "auth.pass") : password(body.get("password"), "password");
        if (given.contains("auth")) given.add("password");
        Boolean download = download(body, given);
        if (download != null) given.add("download");
        Long maxUses = maxUses(body.get("max_uses"));
        return new ShareSpec(Set.copyOf(given), title, description, startsAt, expiresAt, items, password, download, maxUses);
    }

    /** {@code token}, when sent, must be the project the share is made in (the widget sends its container). */
    private static void checkToken(JsonNode v, String project) {
        if (v == null || v.isNull()) return;
        if (!v.isTextual() || !v.asText().equals(project)) {
            throw ApiError.INVALID_PARAMETER.with("token must name this project (" + project + ")");
        }
    }

    /** {@code download: true|false} or the widget's {@code permissions: "READ" | "READ+DOWNLOAD"}; both must agree. */
    private static Boolean download(JsonNode body, Set<String> given) {
        Boolean download = null;
        if (given.contains("download")) {
            JsonNode d = body.get("download");
            if (!d.isBoolean()) throw ApiError.INVALID_PARAMETER.with("download must be true or false");
            download = d.booleanValue();
        }
        JsonNode p = body.get("permissions");
        if (p == null || p.isNull()) return download;
        Boolean permitted = !p.isTextual() ? null : switch (p.asText()) {
            case "READ" -> false;
            case "READ+DOWNLOAD" -> true;
            default -> null;
        };
        if (permitted == null) throw ApiError.INVALID_PARAMETER.with("permissions must be \"READ\" or \"READ+DOWNLOAD\"");
        if (download != null && !download.equals(permitted)) {
            throw ApiError.INVALID_PARAMETER.with("download and permissions disagree");
        }
        return permitted;
    }

    /**
     * The password of {@code auth}: {@code {user, pass}} or a list of at most one such object; an
     * empty list, or no or an empty {@code pass}, is no password. The user name is checked, not kept.
     */
    private static JsonNode authPass(JsonNode v) {
        if (v == null || v.isNull()) return null;
        JsonNode entry = v;
        if (v.isArray()) {
            if (v.size() > 1) throw ApiError.INVALID_PARAMETER.with("auth: a share has one password, " + v.size() + " were sent");
            if (v.isEmpty()) return null;
            entry = v.get(0);
        }
        if (!entry.isObject()) throw ApiError.INVALID_PARAMETER.with("auth must be {\"user\": ..., \"pass\": ...} or a list of one");
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("user") && !name.equals("pass")) {
                throw ApiError.INVALID_PARAMETER.with("auth: unknown member '" + name + "'", "Known members: user, pass");
            }
        }
        JsonNode user = entry.get("user");
        if (user != null && !user.isNull() && (!user.isTextual() || user.asText().length() > MAX_TITLE)) {
            throw ApiError.INVALID_PARAMETER.with("auth.user must be a string of at most " + MAX_TITLE + " characters");
        }
        JsonNode pass = entry.get("pass");
        return pass != null && pass.isTextual() && pass.asText().isEmpty() ? null : pass;
    }

    /** An IANA zone ({@code Europe/Paris}); null when absent. */
    private static ZoneId zone(JsonNode v, String field) {
        if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        try {
            return ZoneId.of(v.asText());
        } catch (DateTimeException e) {
            throw ApiError.INVALID_PARAMETER.with(field + ": '" + v.asText() + "' is not a time zone", "Use an IANA zone like Europe/Paris.");
        }
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

    /**
     * An ISO-8601 date-time: with an offset ({@code 2026-05-01T09:00:00Z}, {@code ...+02:00}), or
     * without one ({@code 2026-05-01T09:00}) read in {@code zone} (UTC when none); null clears it.
     */
    private static Instant time(JsonNode v, ZoneId zone, String field) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        try {
            return OffsetDateTime.parse(v.asText()).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(v.asText()).atZone(zone == null ? ZoneOffset.UTC : zone).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                throw ApiError.INVALID_PARAMETER.with(field + ": '" + v.asText() + "' is not an ISO-8601 date-time",
                        "Write it like 2026-05-01T09:00:00Z, 2026-05-01T11:00:00+02:00, or 2026-05-01T11:00 with " + field.replace("_at", "_tz")
                                + " set to an IANA zone.");
            }
        }
    }

    private static String password(JsonNode v, String field) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        String password = v.asText();
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw ApiError.INVALID_PARAMETER.with(field + " must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
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
            if (!name.equals("recursive") && !name.equals("visibility")) {
                throw ApiError.INVALID_PARAMETER.with(field + ".options: unknown member '" + name + "'", "Known members: recursive, visibility");
            }
        }
        // Filerobot's audience of the item (public link, organisation); here the link is the audience, so it is checked, not kept
        JsonNode visibility = options.get("visibility");
        if (visibility != null && !visibility.isNull() && !(visibility.isTextual() && ITEM_VISIBILITIES.contains(visibility.asText()))) {
            throw ApiError.INVALID_PARAMETER.with(field + ".options.visibility must be \"PUB\", \"ORG\" or \"PUB,ORG\"");
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
