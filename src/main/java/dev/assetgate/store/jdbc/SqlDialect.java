package dev.assetgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The few places where SQLite and PostgreSQL need different SQL; everything else in the adapters is
 * shared. Each fragment takes its user values as bound parameters, like the rest of the SQL.
 */
public enum SqlDialect {
    SQLITE {
        @Override
        String caseInsensitiveLike() {
            return "LIKE"; // SQLite's LIKE already ignores ASCII case
        }

        @Override
        String metaValue(String column) {
            return "CAST(json_extract(" + column + ", ?) AS TEXT)";
        }

        @Override
        Object metaKey(String key) {
            // a JSON path selecting one top-level key, quoted so any key text is literal
            return "$.\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }

        @Override
        void lockFolderTree(Connection c, String project, boolean exclusive) {
            // nothing to do: every transaction is IMMEDIATE, so writers already run one at a time
        }
    },

    POSTGRES {
        @Override
        String caseInsensitiveLike() {
            // ILIKE on COLLATE "C" columns folds ASCII only, as SQLite's LIKE does
            return "ILIKE";
        }

        @Override
        String metaValue(String column) {
            return "(" + column + "::jsonb ->> CAST(? AS TEXT))"; // the cast picks ->>(text), never ->>(integer)
        }

        @Override
        Object metaKey(String key) {
            return key;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        void lockFolderTree(Connection c, String project, boolean exclusive) throws SQLException {
            // Transaction-scoped advisory lock per (schema, project). The schema is in the key so that
            // two installations sharing a database never wait on each other.
            Sql.query(c, "SELECT " + (exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")
                    + "(hashtext(current_schema() || '/' || ?))", rs -> null, project);
        }
    };

    /** The LIKE operator for user searches: case-insensitive for ASCII on both engines. */
    abstract String caseInsensitiveLike();

    /**
     * A top-level metadata value as text, NULL when the key is missing or JSON null; the one
     * {@code ?} takes {@link #metaKey}. Known gap: JSON true/false read as 1/0 on SQLite and
     * true/false on PostgreSQL.
     */
    abstract String metaValue(String column);

    abstract Object metaKey(String key);

    /** True when the statement broke a UNIQUE or PRIMARY KEY constraint. */
    abstract boolean isUniqueViolation(SQLException e);

    /**
     * Serialises changes to one project's folder tree inside the current transaction. SQLite runs
     * IMMEDIATE transactions one at a time; PostgreSQL runs READ COMMITTED, where a folder created
     * under a subtree while another transaction moves or deletes that subtree would be left behind.
     * Changes that add to the tree (uploads, new folders, file moves) take it shared, so they still
     * run side by side; changes that move or delete a subtree take it exclusive. Take it first in
     * the transaction, before any row lock, so that lock order is always the same.
     */
    abstract void lockFolderTree(Connection c, String project, boolean exclusive) throws SQLException;
}
