package dev.assetgate.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.FieldErrors;
import dev.assetgate.http.Json;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.OriginList;
import dev.assetgate.assets.ContentRule;
import dev.assetgate.net.Cidr;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A Security Template's rules in the JSON vocabulary of Filerobot's legacy {@code POST /{token}/key}
 * body. Every member is optional; absent limits mean unlimited. Validation refuses bad input with a
 * message naming the field (unknown permission, malformed CIDR, unknown country, negative limit), every
 * field's error in one answer.
 * {@code exchange.limit_per_source_ip} is ours: how many keys one source IP may obtain from the
 * template per minute, instead of the server's key-exchange-per-minute. Ours too (issue 19, see
 * docs/sass-keys.md): {@code upload.allowed_types}, {@code upload.max_pixels}, {@code upload.max_width},
 * {@code upload.max_height} (held in {@code uploadContent}), {@code restrictions.allowed_origins},
 * {@code restrictions.https_only}, {@code key_validity.starts_at} and the byte quotas
 * {@code upload.max_bytes}, {@code upload.bytes_per_period}, {@code upload.bytes_period} (held in {@code uploadBytes}).
 */
public record TemplateSpec(
        String description,
        PermissionSet permissions,
        Long uploadLimitPerMin,
        Long uploadLimitPerSourceIp,
        Long uploadMax,
        List<String> uploadDirScope,
        Long uploadMaxFileSize,
        List<String> ipRanges,
        List<String> countries,
        long expireSeconds,
        List<String> listingDirScope,
        Long listingMax,
        Long exchangeLimitPerSourceIp,
        boolean active,
        ContentRule uploadContent,
        List<String> allowedOrigins,
        boolean httpsOnly,
        Instant startsAt,
        ByteQuota uploadBytes) {

    public static final long DEFAULT_EXPIRE_SECONDS = 1200;
    public static final long MAX_EXPIRE_SECONDS = 7 * 24 * 3600;
    public static final long MAX_EXCHANGES_PER_MINUTE = 10_000;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    /** A MIME type or a wildcard of one: {@code image/png}, {@code image/*}, {@code application/vnd.ms-excel}. */
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/(\\*|[a-z0-9][a-z0-9.+-]*)");
    /** The most pixels (or pixels a side) a cap may name: past this, "no cap" says it better. */
    public static final long MAX_PIXELS_CAP = 1_000_000_000_000L;
    private static final Set<String> TOP_LEVEL = Set.of("description", "permissions", "upload", "restrictions",
            "key_validity", "listing", "exchange", "active");

    /** Parses a template body; {@code {"data": {...}}} (the legacy wrapper) is accepted too. */
    public static TemplateSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.INVALID_JSON.with("the template must be a JSON object");
        }
        JsonNode t = body.has("data") && body.size() == 1 ? body.get("data") : body;
        if (!t.isObject()) throw ApiError.INVALID_PARAMETER.with("data must be a JSON object");
        for (Iterator<String> names = t.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with("unknown template member '" + name + "'", "Known members: " + TOP_LEVEL);
            }
        }
        JsonNode upload = group(t, "upload", Set.of("limit_per_min", "limit_per_source_ip", "limit_per_ip_source", "max", "dir_scope", "max_file_size",
                "allowed_types", "max_pixels", "max_width", "max_height", "max_bytes", "bytes_per_period", "bytes_period"));
        JsonNode restrictions = group(t, "restrictions", Set.of("whitelist_ip_ranges", "whitelist_countries", "allowed_origins", "https_only"));
        JsonNode validity = group(t, "key_validity", Set.of("expire_duration", "starts_at"));
        JsonNode listing = group(t, "listing", Set.of("dir_scope", "max"));
        JsonNode exchange = group(t, "exchange", Set.of("limit_per_source_ip"));

        // Every field is checked, and all their errors answered at once (a form fixes them in one submit).
        FieldErrors errors = new FieldErrors();
        PermissionSet permissions = errors.check("permissions", () -> {
            List<String> names = strings(t, "permissions", "permissions");
            return names.isEmpty() ? PermissionSet.of() : PermissionSet.parse(names, "permissions");
        }, PermissionSet.of());
        List<String> uploadScope = folders(errors, upload, "upload.dir_scope");
        List<String> listScope = folders(errors, listing, "listing.dir_scope");
        List<String> ranges = errors.check("restrictions.whitelist_ip_ranges",
                () -> strings(restrictions, "whitelist_ip_ranges", "restrictions.whitelist_ip_ranges"), List.of());
        for (int i = 0; i < ranges.size(); i++) {
            try {
                Cidr.parse(ranges.get(i));
            } catch (IllegalArgumentException e) {
                errors.add("restrictions.whitelist_ip_ranges", "restrictions.whitelist_ip_ranges[" + i + "]: " + e.getMessage());
            }
        }
        List<String> countries = new ArrayList<>();
        List<String> rawCountries = errors.check("restrictions.whitelist_countries",
                () -> strings(restrictions, "whitelist_countries", "restrictions.whitelist_countries"), List.of());
        for (int i = 0; i < rawCountries.size(); i++) {
            String code = rawCountries.get(i).trim().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(code)) {
                errors.add("restrictions.whitelist_countries", "restrictions.whitelist_countries[" + i
                        + "]: unknown ISO 3166 country code '" + rawCountries.get(i) + "'");
            }
            countries.add(code);
        }
        Long expire = errors.check("key_validity.expire_duration", () -> {
            Long v = limit(validity, "expire_duration", "key_validity.expire_duration");
            if (v != null && (v < 1 || v > MAX_EXPIRE_SECONDS)) {
                throw ApiError.INVALID_PARAMETER.with("key_validity.expire_duration must be 1.." + MAX_EXPIRE_SECONDS + " seconds");
            }
            return v;
        }, null);
        Long exchanges = errors.check("exchange.limit_per_source_ip", () -> {
            Long v = limit(exchange, "limit_per_source_ip", "exchange.limit_per_source_ip");
            if (v != null && (v < 1 || v > MAX_EXCHANGES_PER_MINUTE)) {
                throw ApiError.INVALID_PARAMETER.with("exchange.limit_per_source_ip must be 1.." + MAX_EXCHANGES_PER_MINUTE + " per minute",
                        "Leave it out for the server's default; deactivate the template to stop all exchanges.");
            }
            return v;
        }, null);
        JsonNode active = t.get("active");
        if (active != null && !active.isNull() && !active.isBoolean()) {
            errors.add("active", "active must be true or false");
        }
        String description = errors.check("description", () -> {
            String d = t.has("description") && !t.get("description").isNull() ? text(t, "description") : "";
            if (d.length() > 500) throw ApiError.INVALID_PARAMETER.with("description is longer than 500 characters");
            return d;
        }, "");
        Long perIp = errors.check("upload.limit_per_source_ip", () -> {
            Long v = limit(upload, "limit_per_source_ip", "upload.limit_per_source_ip");
            return v != null ? v : limit(upload, "limit_per_ip_source", "upload.limit_per_ip_source"); // older doc spelling
        }, null);
        Long perMin = errors.check("upload.limit_per_min", () -> limit(upload, "limit_per_min", "upload.limit_per_min"), null);
        Long uploadMax = errors.check("upload.max", () -> limit(upload, "max", "upload.max"), null);
        Long maxFileSize = errors.check("upload.max_file_size", () -> limit(upload, "max_file_size", "upload.max_file_size"), null);
        Long listingMax = errors.check("listing.max", () -> limit(listing, "max", "listing.max"), null);
        List<String> origins = errors.check("restrictions.allowed_origins", () -> {
            List<String> o = strings(restrictions, "allowed_origins", "restrictions.allowed_origins");
            for (int i = 0; i < o.size(); i++) {
                try {
                    OriginList.parse(List.of(o.get(i)));
                } catch (IllegalArgumentException e) {
                    throw ApiError.INVALID_PARAMETER.with("restrictions.allowed_origins[" + i + "]: " + e.getMessage(),
                            "Write origins as scheme://host[:port], e.g. https://shop.example.com or https://*.example.com.");
                }
            }
            return o;
        }, List.of());
        ContentRule content = uploadContent(errors, upload);
        ByteQuota bytes = byteQuota(errors, upload);
        boolean httpsOnly = errors.check("restrictions.https_only", () -> flag(restrictions, "https_only", "restrictions.https_only"), false);
        Instant startsAt = errors.check("key_validity.starts_at", () -> instant(validity, "starts_at", "key_validity.starts_at"), null);
        errors.throwIfAny();
        return new TemplateSpec(description, permissions, perMin, perIp, uploadMax, uploadScope, maxFileSize,
                ranges, countries, expire == null ? DEFAULT_EXPIRE_SECONDS : expire,
                listScope, listingMax, exchanges,
                active == null || active.isNull() || active.asBoolean(),
                content, origins, httpsOnly, startsAt, bytes);
    }

    private static ByteQuota byteQuota(FieldErrors errors, JsonNode upload) {
        Long max = errors.check("upload.max_bytes", () -> limit(upload, "max_bytes", "upload.max_bytes"), null);
        Long perPeriod = errors.check("upload.bytes_per_period", () -> limit(upload, "bytes_per_period", "upload.bytes_per_period"), null);
        Long period = errors.check("upload.bytes_period", () -> {
            Long v = limit(upload, "bytes_period", "upload.bytes_period");
            if (v != null && (v < 1 || v > ByteQuota.MAX_PERIOD_SECONDS)) {
                throw ApiError.INVALID_PARAMETER.with("upload.bytes_period must be 1.." + ByteQuota.MAX_PERIOD_SECONDS + " seconds",
                        "Leave it out for a day (86400).");
            }
            JsonNode given = upload.path("bytes_per_period");
            if (v != null && (given.isMissingNode() || given.isNull())) {
                throw ApiError.INVALID_PARAMETER.with("upload.bytes_period needs upload.bytes_per_period",
                        "Give the bytes a key may upload within the period, or leave the period out.");
            }
            return v;
        }, null);
        if (max == null && perPeriod == null) return ByteQuota.NONE;
        return new ByteQuota(max, perPeriod, period == null ? ByteQuota.DEFAULT_PERIOD_SECONDS : period);
    }

    private static ContentRule uploadContent(FieldErrors errors, JsonNode upload) {
        List<String> types = errors.check("upload.allowed_types", () -> {
            List<String> out = new ArrayList<>();
            List<String> raw = strings(upload, "allowed_types", "upload.allowed_types");
            for (int i = 0; i < raw.size(); i++) {
                String type = raw.get(i).trim().toLowerCase(Locale.ROOT);
                if (!MIME_TYPE.matcher(type).matches()) {
                    throw ApiError.INVALID_PARAMETER.with("upload.allowed_types[" + i + "]: '" + raw.get(i) + "' is not a MIME type",
                            "Write types as type/subtype or type/*, e.g. image/png, image/*, application/pdf.");
                }
                out.add(type);
            }
            return out;
        }, List.of());
        Long pixels = errors.check("upload.max_pixels", () -> cap(upload, "max_pixels"), null);
        Long width = errors.check("upload.max_width", () -> cap(upload, "max_width"), null);
        Long height = errors.check("upload.max_height", () -> cap(upload, "max_height"), null);
        if (types.isEmpty() && pixels == null && width == null && height == null) return ContentRule.ANY;
        return new ContentRule(List.copyOf(types), pixels, width, height);
    }

    private static Long cap(JsonNode upload, String member) {
        Long v = limit(upload, member, "upload." + member);
        if (v != null && (v < 1 || v > MAX_PIXELS_CAP)) {
            throw ApiError.INVALID_PARAMETER.with("upload." + member + " must be 1.." + MAX_PIXELS_CAP, "Leave it out for no cap.");
        }
        return v;
    }

    private static boolean flag(JsonNode group, String member, String field) {
        JsonNode v = group.get(member);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw ApiError.INVALID_PARAMETER.with(field + " must be true or false");
        return v.asBoolean();
    }

    private static Instant instant(JsonNode group, String member, String field) {
        JsonNode v = group.get(member);
        if (v == null || v.isNull()) return null;
        try {
            if (!v.isTextual()) throw new DateTimeParseException("not a string", v.toString(), 0);
            return Instant.parse(v.asText().trim());
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be an ISO 8601 instant such as 2026-12-24T08:00:00Z",
                    "Give the time in UTC with a Z (or leave it out: keys are valid from minting).");
        }
    }

    private static List<String> folders(FieldErrors errors, JsonNode group, String field) {
        return errors.check(field, () -> {
            List<String> scope = strings(group, "dir_scope", field);
            FolderScope.parse(scope, field);
            return scope;
        }, List.of());
    }

    /** A PATCH: members present in {@code patch} replace the current ones (whole groups at a time). */
    public TemplateSpec patchedWith(JsonNode patch) {
        if (patch == null || !patch.isObject()) throw ApiError.INVALID_JSON.with("the template patch must be a JSON object");
        ObjectNode merged = toJson();
        patch.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        return parse(merged);
    }

    public TemplateSpec withActive(boolean value) {
        return new TemplateSpec(description, permissions, uploadLimitPerMin, uploadLimitPerSourceIp, uploadMax, uploadDirScope,
                uploadMaxFileSize, ipRanges, countries, expireSeconds, listingDirScope, listingMax, exchangeLimitPerSourceIp, value,
                uploadContent, allowedOrigins, httpsOnly, startsAt, uploadBytes);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("description", description);
        o.set("permissions", Json.MAPPER.valueToTree(permissions.names()));
        ObjectNode upload = o.putObject("upload");
        upload.put("limit_per_min", uploadLimitPerMin);
        upload.put("limit_per_source_ip", uploadLimitPerSourceIp);
        upload.put("max", uploadMax);
        upload.set("dir_scope", Json.MAPPER.valueToTree(uploadDirScope));
        upload.put("max_file_size", uploadMaxFileSize);
        upload.set("allowed_types", Json.MAPPER.valueToTree(uploadContent.allowedTypes()));
        upload.put("max_pixels", uploadContent.maxPixels());
        upload.put("max_width", uploadContent.maxWidth());
        upload.put("max_height", uploadContent.maxHeight());
        upload.put("max_bytes", uploadBytes.maxBytes());
        upload.put("bytes_per_period", uploadBytes.bytesPerPeriod());
        upload.put("bytes_period", uploadBytes.bytesPerPeriod() == null ? null : uploadBytes.periodSeconds());
        ObjectNode restrictions = o.putObject("restrictions");
        restrictions.set("whitelist_ip_ranges", Json.MAPPER.valueToTree(ipRanges));
        restrictions.set("whitelist_countries", Json.MAPPER.valueToTree(countries));
        restrictions.set("allowed_origins", Json.MAPPER.valueToTree(allowedOrigins));
        restrictions.put("https_only", httpsOnly);
        o.putObject("key_validity").put("expire_duration", expireSeconds).put("starts_at", startsAt == null ? null : startsAt.toString());
        ObjectNode listing = o.putObject("listing");
        listing.set("dir_scope", Json.MAPPER.valueToTree(listingDirScope));
        listing.put("max", listingMax);
        o.putObject("exchange").put("limit_per_source_ip", exchangeLimitPerSourceIp);
        o.put("active", active);
        return o;
    }

    private static JsonNode group(JsonNode t, String name, Set<String> members) {
        JsonNode g = t.get(name);
        if (g == null || g.isNull()) return Json.object();
        if (!g.isObject()) throw ApiError.INVALID_PARAMETER.with(name + " must be a JSON object");
        for (Iterator<String> names = g.fieldNames(); names.hasNext(); ) {
            String member = names.next();
            if (!members.contains(member)) {
                throw ApiError.INVALID_PARAMETER.with("unknown member '" + name + "." + member + "'", "Known members: " + members);
            }
        }
        return g;
    }

    private static Long limit(JsonNode group, String member, String field) {
        JsonNode v = group.get(member);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be a whole number");
        }
        if (v.asLong() < 0) throw ApiError.INVALID_PARAMETER.with(field + " must not be negative");
        return v.asLong();
    }

    private static String text(JsonNode t, String field) {
        if (!t.get(field).isTextual()) throw ApiError.INVALID_PARAMETER.with(field + " must be a string");
        return t.get(field).asText();
    }

    private static List<String> strings(JsonNode group, String member, String field) {
        JsonNode v = group.get(member);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw ApiError.INVALID_PARAMETER.with(field + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw ApiError.INVALID_PARAMETER.with(field + "[" + i + "] must be a string");
            out.add(v.get(i).asText());
        }
        return out;
    }
}
