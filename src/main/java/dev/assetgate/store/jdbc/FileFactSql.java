package dev.assetgate.store.jdbc;

import dev.assetgate.metadata.MetaDates;
import dev.assetgate.store.SearchTerm;
import dev.assetgate.store.SearchTerm.Comparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code q=} terms on what the server knows of a file rather than its metadata (reference
 * §5.13): {@code orientation:PO,LD}, {@code resolution:small,medium,large}, {@code type:image_jpg}
 * (category and extension, as the asset picker sends them; a MIME type or part of one otherwise),
 * and numbers or dates compared on {@code size}, {@code created_at} and {@code updated_at}
 * ({@code size>1000}, {@code size:100..2000}, {@code created_at:>2024-05-01},
 * {@code updated_at:"2024-01-01..2024-02-01"}). Values are bound parameters.
 */
final class FileFactSql {
    /** resolution: by pixel area; small under 1 megapixel, medium from 1 to 4, large from 4. */
    static final long MEDIUM_AREA = 1_000_000;
    static final long LARGE_AREA = 4_000_000;
    private static final Set<String> ORIENTATIONS = Set.of("PO", "LD", "SQ", "PA");
    private static final Map<String, String> DATE_COLUMNS = Map.of("created_at", "f.created_at", "uploaded", "f.created_at",
            "updated_at", "f.modified_at", "modified_at", "f.modified_at");
    /** "image_jpg": a MIME category and an extension, as GET filters' categories and the asset picker name a type. */
    private static final Pattern CATEGORY_EXTENSION = Pattern.compile("([a-z]+)_([a-z0-9]+)");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

    private FileFactSql() {}

    /** True for the keys this class answers. */
    static boolean handles(String key) {
        return key != null && (key.equals("orientation") || key.equals("resolution") || key.equals("type") || key.equals("size")
                || DATE_COLUMNS.containsKey(key));
    }

    /** The condition of one term on {@code files f} (its negation is the caller's). */
    static String condition(SqlDialect dialect, String key, SearchTerm term, List<Object> params) {
        return switch (key) {
            case "orientation" -> orientation(dialect, term, params);
            case "resolution" -> resolution(dialect, term, params);
            case "type" -> type(dialect, term, params);
            case "size" -> ordered("f.size", term, params, FileFactSql::size);
            default -> ordered(DATE_COLUMNS.get(key), term, params, FileFactSql::instant);
        };
    }

    /** The values of the term, each also split at commas ({@code orientation:"PO,LD"} is one quoted value). */
    private static List<String> values(SearchTerm term) {
        List<String> out = new ArrayList<>();
        for (String v : term.values()) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) out.add(part.trim());
            }
        }
        return out;
    }

    private static String orientation(SqlDialect dialect, SearchTerm term, List<Object> params) {
        List<String> wanted = values(term).stream().map(v -> v.toUpperCase(Locale.ROOT)).filter(ORIENTATIONS::contains).distinct().toList();
        if (wanted.isEmpty()) return "FALSE";
        params.addAll(wanted);
        return dialect.imageOrientation() + " IN (" + String.join(", ", java.util.Collections.nCopies(wanted.size(), "?")) + ")";
    }

    private static String resolution(SqlDialect dialect, SearchTerm term, List<Object> params) {
        List<String> ors = new ArrayList<>();
        String area = dialect.imageArea();
        for (String v : values(term)) {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "small" -> {
                    ors.add(area + " < ?");
                    params.add(MEDIUM_AREA);
                }
                case "medium" -> {
                    ors.add(area + " >= ? AND " + area + " < ?");
                    params.add(MEDIUM_AREA);
                    params.add(LARGE_AREA);
                }
                case "large" -> {
                    ors.add(area + " >= ?");
                    params.add(LARGE_AREA);
                }
                default -> {
                    // an unknown class matches nothing
                }
            }
        }
        return ors.isEmpty() ? "FALSE" : ors.stream().map(o -> "(" + o + ")").reduce((a, b) -> a + " OR " + b).orElseThrow();
    }

    /** image_jpg: that category and that extension; anything else: part of the MIME type, as before. */
    private static String type(SqlDialect dialect, SearchTerm term, List<Object> params) {
        String like = " " + dialect.caseInsensitiveLike() + " ? ESCAPE '\\'";
        List<String> ors = new ArrayList<>();
        for (String v : values(term)) {
            var m = CATEGORY_EXTENSION.matcher(v.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                ors.add("f.mime" + like + " AND f.name" + like);
                params.add(Sql.likeLiteral(m.group(1)) + "/%");
                params.add("%." + Sql.likeLiteral(m.group(2)));
            } else {
                ors.add("f.mime" + like);
                params.add("%" + Sql.likeLiteral(v) + "%");
            }
        }
        return ors.isEmpty() ? "FALSE" : ors.stream().map(o -> "(" + o + ")").reduce((a, b) -> a + " OR " + b).orElseThrow();
    }

    /** A bound of one value, or null when the value is none of this column's kind. */
    private interface Bound {
        Object[] of(String value); // {from (inclusive), until (exclusive)}: the span the value names
    }

    /**
     * Numbers and dates: {@code :v} is within the span v names (a day for a date, one second for a
     * moment, the number itself); {@code >}, {@code >=}, {@code <}, {@code <=} compare with that span;
     * {@code lo..hi} is from lo's span to hi's. A value of another kind matches nothing.
     */
    private static String ordered(String column, SearchTerm term, List<Object> params, Bound bound) {
        Comparison op = term.comparison();
        List<String> values = term.values();
        if (op == Comparison.RANGE) {
            Object[] lo = values.size() == 2 ? bound.of(values.get(0)) : null;
            Object[] hi = values.size() == 2 ? bound.of(values.get(1)) : null;
            if (lo == null || hi == null) return "FALSE";
            params.add(lo[0]);
            params.add(hi[1]);
            return column + " >= ? AND " + column + " < ?";
        }
        List<String> ors = new ArrayList<>();
        for (String v : values) {
            Object[] span = bound.of(v);
            if (span == null) continue;
            switch (op) {
                case GT -> {
                    ors.add(column + " >= ?");
                    params.add(span[1]);
                }
                case GTE -> {
                    ors.add(column + " >= ?");
                    params.add(span[0]);
                }
                case LT -> {
                    ors.add(column + " < ?");
                    params.add(span[0]);
                }
                case LTE -> {
                    ors.add(column + " < ?");
                    params.add(span[1]);
                }
                default -> {
                    ors.add(column + " >= ? AND " + column + " < ?");
                    params.add(span[0]);
                    params.add(span[1]);
                }
            }
        }
        return ors.isEmpty() ? "FALSE" : ors.stream().map(o -> "(" + o + ")").reduce((a, b) -> a + " OR " + b).orElseThrow();
    }

    private static Object[] size(String value) {
        String v = value.trim();
        if (!NUMBER.matcher(v).matches()) return null;
        long n = Long.parseLong(v);
        return new Object[] {n, n + 1};
    }

    /** A day is that whole day (UTC), a moment that whole second; stored times are "…T10:00:00.123Z", which sort like time. */
    private static Object[] instant(String value) {
        return MetaDates.normalise(value).map(d -> {
            Instant from = MetaDates.isDay(d) ? java.time.LocalDate.parse(d).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : Instant.parse(d);
            Instant until = MetaDates.isDay(d) ? from.plus(java.time.Duration.ofDays(1)) : from.plusSeconds(1);
            return new Object[] {Sql.time(from), Sql.time(until)};
        }).orElse(null);
    }
}
