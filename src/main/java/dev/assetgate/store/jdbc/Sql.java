package dev.assetgate.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers shared by the catalog adapters: fixed-width timestamps and one-line queries. */
final class Sql {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Sql() {}

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /**
     * Rows whose folder path {@code column} lies strictly below {@code folder} (not the root): the
     * range {@code [folder + "/", folder + "0")}, since '0' is the character after '/'. Byte-order
     * comparison (SQLite's BINARY, PostgreSQL's COLLATE "C") makes it exact, so "/ab" is not below
     * "/a", and unlike substr() or LIKE it is served by the (project, path) index on both engines.
     */
    static String below(String column, String folder, List<Object> params) {
        params.add(folder + "/");
        params.add(folder + "0");
        return "(" + column + " >= ? AND " + column + " < ?)";
    }

    /** The folder itself and everything below it (see {@link #below}). */
    static String atOrBelow(String column, String folder, List<Object> params) {
        params.add(folder);
        return "(" + column + " = ? OR " + below(column, folder, params) + ")";
    }

    /** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
