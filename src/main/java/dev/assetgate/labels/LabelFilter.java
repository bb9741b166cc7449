package dev.assetgate.labels;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A filter on labels as search terms: label ids (sids with or without '#', or uuids) combined with
 * OR (a file carries any of them), AND (all of them) or NOT (none of them). Used by the
 * {@code label=}/{@code labels_operator=} query parameters and by collections; the same terms as
 * {@code q=labels:…}.
 */
public final class LabelFilter {
    public static final String TERM_KEY = "labels";
    public static final int MAX_IDS = 100;

    private LabelFilter() {}

    /** The operator spelled in upper case, OR when absent; anything else is refused naming {@code field}. */
    public static String operator(String raw, String field) {
        if (raw == null || raw.isBlank()) return "OR";
        String op = raw.trim().toUpperCase(Locale.ROOT);
        if (!op.equals("OR") && !op.equals("AND") && !op.equals("NOT")) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be AND, OR or NOT, got '" + raw + "'");
        }
        return op;
    }

    /** Ids from query parameter values, each possibly comma-separated ("a,b" or label=a&label=b). */
    public static List<String> ids(List<String> values, String field) {
        List<String> ids = new ArrayList<>();
        for (String value : values) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) ids.add(id.trim());
            }
        }
        if (ids.size() > MAX_IDS) {
            throw ApiError.INVALID_PARAMETER.with(field + " names more than " + MAX_IDS + " labels");
        }
        return ids;
    }

    public static List<SearchTerm> terms(List<String> ids, String operator) {
        if (ids.isEmpty()) return List.of();
        return switch (operator(operator, "labels_operator")) {
            case "AND" -> ids.stream().map(id -> new SearchTerm(TERM_KEY, List.of(id), false, SearchTerm.Presence.ANY)).toList();
            case "NOT" -> List.of(new SearchTerm(TERM_KEY, List.copyOf(ids), true, SearchTerm.Presence.ANY));
            default -> List.of(new SearchTerm(TERM_KEY, List.copyOf(ids), false, SearchTerm.Presence.ANY));
        };
    }
}
