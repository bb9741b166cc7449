package dev.assetgate.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

    /**
     * Reads a stored timestamp. Every row the catalog reads carries some, so the fixed width that
     * {@link #time} writes ({@code 2026-12-02T10:15:30.123Z}) is read by position; anything else
     * (older rows, other writers) goes through {@link Instant#parse}, which costs about ten times more.
     */
    static Instant instant(String text) {
        if (text == null) return null;
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4), month = digits(text, 5, 7), day = digits(text, 8, 10);
            int hour = digits(text, 11, 13), minute = digits(text, 14, 16), second = digits(text, 17, 19);
            int millis = digits(text, 20, 23);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 + 3 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millis >= 0) {
                try {
                    long epochDay = LocalDate.of(year, month, day).toEpochDay(); // throws on 31 April and the like
                    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
                } catch (DateTimeException e) {
                    // not a date: let Instant.parse say so
                }
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
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
