package dev.assetgate.http;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.FileQuery.SortField;
import java.util.Locale;

/** Paging and ordering parameters of list endpoints: limit, offset, sort|order as field:dir or field,dir. */
record Listing(int limit, int offset, String sortField, boolean descending) {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 5000;

    static Listing from(ProjectCall call) {
        int limit = number(call.query("limit"), "limit", DEFAULT_LIMIT);
        if (limit < 1) throw ApiError.INVALID_PARAMETER.with("limit must be at least 1");
        int offset = number(call.query("offset"), "offset", 0);
        if (offset < 0) throw ApiError.INVALID_PARAMETER.with("offset must not be negative");
        String sort = call.query("sort") != null ? call.query("sort") : call.query("order");
        String field = "name";
        boolean descending = false;
        if (sort != null) {
            String[] parts = sort.split("[:,]", 2);
            field = parts[0].trim().toLowerCase(Locale.ROOT);
            descending = parts.length > 1 && parts[1].trim().equalsIgnoreCase("desc");
        }
        return new Listing(Math.min(limit, MAX_LIMIT), offset, field, descending);
    }

    /** Known sort fields; unknown ones (relevance, title, color...) fall back to name, as clients expect a list either way. */
    SortField fileSort() {
        return switch (sortField) {
            case "created_at", "uploaded", "created" -> SortField.CREATED_AT;
            case "modified_at", "updated_at", "modified", "updated" -> SortField.MODIFIED_AT;
            case "size" -> SortField.SIZE;
            case "type", "mime" -> SortField.TYPE;
            default -> SortField.NAME;
        };
    }

    private static int number(String value, String name, int fallback) {
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.INVALID_PARAMETER.with(name + " must be a whole number, got '" + value + "'");
        }
    }

    static boolean flag(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }
}
