package dev.assetgate.store.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * A WHERE clause made of optional conditions, with its parameters in order. The audit trail and the
 * event log filter their pages the same way (company, projects, key, kind, time, a page cursor);
 * this is that one way. A condition whose value is null is left out.
 */
final class Where {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /** {@code column = value}. */
    Where equal(String column, Object value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /** {@code column IN (values)}; the caller answers an empty set itself (no row can match it). */
    Where in(String column, Collection<String> values) {
        return values == null ? this : and(list(column + " IN (", values), values.toArray());
    }

    Where notIn(String column, Collection<String> values) {
        return values == null || values.isEmpty() ? this : and(list(column + " NOT IN (", values), values.toArray());
    }

    /** The kind itself, or the kinds under it: "file" matches "file.created" ('/' sorts right after '.'). */
    Where kind(String kind) {
        return kind == null ? this : and("(kind = ? OR (kind >= ? AND kind < ?))", kind, kind + ".", kind + "/");
    }

    /** {@code column} in [from, to); either bound may be null. */
    Where within(String column, Instant from, Instant to) {
        if (from != null) and(column + " >= ?", Sql.time(from));
        return to == null ? this : and(column + " < ?", Sql.time(to));
    }

    /** The rows after (at, seq) in the order {@code at DESC, seq DESC}: the next page of a timeline. */
    Where olderThan(Instant at, long seq) {
        if (at == null) return this;
        String time = Sql.time(at);
        return and("(at < ? OR (at = ? AND seq < ?))", time, time, seq);
    }

    Where and(String condition, Object... values) {
        sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
        params.addAll(Arrays.asList(values));
        return this;
    }

    String sql() {
        return sql.toString();
    }

    /** The parameters, then {@code more} (those of what follows the clause, such as a LIMIT). */
    Object[] params(Object... more) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(Arrays.asList(more));
        return all.toArray();
    }

    private static String list(String opening, Collection<String> values) {
        StringJoiner marks = new StringJoiner(", ", opening, ")");
        values.forEach(v -> marks.add("?"));
        return marks.toString();
    }
}
