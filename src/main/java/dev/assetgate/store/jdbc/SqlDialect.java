package dev.assetgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
        String metaKeys(String column) {
            return "json_each(" + column + ") k";
        }

        @Override
        MetaStrings metaStrings(String column, String key, List<Object> params) {
            // json_each at a path walks an object's members or an array's items, or yields a scalar itself
            params.add(metaKey(key));
            return new MetaStrings("json_each(" + column + ", ?) ms", "ms.value", "ms.type = 'text'");
        }

        @Override
        String someScalar(String column, String key, String condition, List<Object> params) {
            // json_each at a path walks an object's members or an array's items, or yields a scalar itself
            params.add(metaKey(key));
            return "EXISTS (SELECT 1 FROM json_each(" + column + ", ?) e WHERE e.type IN ('text', 'integer', 'real') AND ("
                    + condition.replace("%s", "CAST(e.value AS TEXT)") + "))";
        }

        @Override
        String metaNumber(String column, String key, List<Object> params) {
            params.add(metaKey(key));
            params.add(metaKey(key));
            return "(CASE WHEN json_type(" + column + ", ?) IN ('integer', 'real') THEN json_extract(" + column + ", ?) END)";
        }

        @Override
        String metaString(String column, String key, List<Object> params) {
            params.add(metaKey(key));
            params.add(metaKey(key));
            return "(CASE WHEN json_type(" + column + ", ?) = 'text' THEN json_extract(" + column + ", ?) END)";
        }

        @Override
        String metaBoolean(String column, String key, List<Object> params) {
            params.add(metaKey(key));
            return "(CASE json_type(" + column + ", ?) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)";
        }

        @Override
        String metaIsEmpty(String column, String key, List<Object> params) {
            for (int i = 0; i < 4; i++) params.add(metaKey(key));
            return "(CASE coalesce(json_type(" + column + ", ?), 'null') WHEN 'null' THEN 1 WHEN 'text' THEN json_extract(" + column
                    + ", ?) = '' WHEN 'array' THEN json_array_length(" + column + ", ?) = 0 WHEN 'object' THEN json_extract(" + column
                    + ", ?) = '{}' ELSE 0 END)";
        }

        @Override
        String tagMatches(String column, List<Object> params, String labelPattern, String sid) {
            params.add(labelPattern);
            params.add(sid);
            return "EXISTS (SELECT 1 FROM json_tree(" + column + ") t WHERE (t.key = 'label' AND t.type = 'text' AND t.value LIKE ? ESCAPE '\\') "
                    + "OR (t.key = 'sid' AND t.type = 'text' AND t.value = ?))";
        }

        @Override
        String imageOrientation() {
            return "json_extract(f.info, '$.img_o')"; // the expression of index files_by_orientation (V23)
        }

        @Override
        String imageArea() {
            // files_by_area (V23): a number only, so a client's text under "area" never compares
            return "(CASE WHEN json_type(f.info, '$.area') = 'integer' THEN json_extract(f.info, '$.area') END)";
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

        @Override
        void lockFolderCounters(Connection c, java.util.Collection<String> folderUuids) {
            // nothing to do: one writer at a time
        }

        @Override
        void lockContent(Connection c, String project, String sha1) {
            // nothing to do: one writer at a time
        }

        @Override
        boolean tryLockWebhookDispatch(Connection c) {
            return true; // one writer at a time, and one node
        }

        @Override
        String skipLocked() {
            return ""; // one writer at a time: the claiming transaction already excludes every other
        }

        @Override
        String lockingRow(String alias) {
            return ""; // one writer at a time
        }
    },

    POSTGRES {
        @Override
        String metaKeys(String column) {
            return "LATERAL jsonb_object_keys(" + column + "::jsonb) AS k(key)";
        }

        @Override
        MetaStrings metaStrings(String column, String key, List<Object> params) {
            // as someScalar: an object's member values, an array's items, or the value itself
            params.add(key);
            return new MetaStrings("LATERAL (SELECT " + column + "::jsonb -> CAST(? AS TEXT) AS x) mk, LATERAL jsonb_array_elements("
                    + "CASE jsonb_typeof(mk.x) WHEN 'object' THEN (SELECT coalesce(jsonb_agg(m.value), '[]'::jsonb) FROM jsonb_each(mk.x) m) "
                    + "WHEN 'array' THEN mk.x WHEN 'string' THEN jsonb_build_array(mk.x) ELSE '[]'::jsonb END) ms(v)",
                    "((ms.v #>> '{}') COLLATE \"C\")", "jsonb_typeof(ms.v) = 'string'");
        }

        @Override
        String caseInsensitiveLike() {
            // ILIKE on COLLATE "C" columns folds ASCII only, as SQLite's LIKE does
            return "ILIKE";
        }

        @Override
        String someScalar(String column, String key, String condition, List<Object> params) {
            // every value as a list: an object's member values, an array's items, or the value itself
            params.add(key);
            return "EXISTS (SELECT 1 FROM (SELECT " + column + "::jsonb -> CAST(? AS TEXT) AS x) k, LATERAL jsonb_array_elements("
                    + "CASE jsonb_typeof(k.x) WHEN 'object' THEN (SELECT coalesce(jsonb_agg(m.value), '[]'::jsonb) FROM jsonb_each(k.x) m) "
                    + "WHEN 'array' THEN k.x ELSE jsonb_build_array(k.x) END) e(v) "
                    + "WHERE jsonb_typeof(e.v) IN ('string', 'number') AND (" + condition.replace("%s", "((e.v #>> '{}') COLLATE \"C\")") + "))";
        }

        @Override
        String metaNumber(String column, String key, List<Object> params) {
            return whenJsonType(column, key, params, "number", "(%s)::double precision");
        }

        @Override
        String metaString(String column, String key, List<Object> params) {
            return whenJsonType(column, key, params, "string", "(%s) COLLATE \"C\"");
        }

        @Override
        String metaBoolean(String column, String key, List<Object> params) {
            return whenJsonType(column, key, params, "boolean", "CASE WHEN (%s) = 'true' THEN 1 ELSE 0 END");
        }

        /** The member's text turned into {@code valueExpr} (its %s), only when its JSON type is {@code jsonType}; else NULL. */
        private static String whenJsonType(String column, String key, List<Object> params, String jsonType, String valueExpr) {
            params.add(key);
            params.add(key);
            return "(CASE WHEN jsonb_typeof(" + column + "::jsonb -> CAST(? AS TEXT)) = '" + jsonType + "' THEN "
                    + valueExpr.replace("%s", column + "::jsonb ->> CAST(? AS TEXT)") + " END)";
        }

        @Override
        String metaIsEmpty(String column, String key, List<Object> params) {
            params.add(key);
            return "coalesce(" + column + "::jsonb -> CAST(? AS TEXT) IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb), TRUE)";
        }

        @Override
        String tagMatches(String column, List<Object> params, String labelPattern, String sid) {
            params.add(labelPattern);
            params.add(sid);
            // lax: a language whose value is not a list still yields something, and ->> on a non-object is NULL, never an error
            return "EXISTS (SELECT 1 FROM jsonb_path_query(" + column + "::jsonb, 'lax $.*[*]') t(v) "
                    + "WHERE ((t.v ->> 'label') COLLATE \"C\") ILIKE ? ESCAPE '\\' OR (t.v ->> 'sid') = ?)";
        }

        @Override
        String imageOrientation() {
            return "(f.info::jsonb ->> 'img_o')"; // the expression of index files_by_orientation (V23)
        }

        @Override
        String imageArea() {
            // files_by_area (V23): a number only, so a client's text under "area" is never cast
            return "(CASE WHEN jsonb_typeof(f.info::jsonb -> 'area') = 'number' THEN (f.info::jsonb ->> 'area')::numeric END)";
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        void lockFolderTree(Connection c, String project, boolean exclusive) throws SQLException {
            // Transaction-scoped advisory lock per (schema, project). The schema is in the key so that
            // two installations sharing a database never wait on each other. A shared one already held
            // (an earlier upload of the same group commit) is not asked for again.
            if (!exclusive && c instanceof HeldLocks held && !held.firstTake("folder-tree\n" + project)) return;
            Sql.query(c, "SELECT " + (exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")
                    + "(hashtext(current_schema() || '/' || ?))", rs -> null, project);
        }

        @Override
        void lockContent(Connection c, String project, String sha1) throws SQLException {
            // The two-int key space, apart from the folder-tree locks' one-bigint keys.
            Sql.query(c, "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/' || ?), hashtext(?))", rs -> null, project, sha1);
        }

        @Override
        void lockFolderCounters(Connection c, java.util.Collection<String> folderUuids) throws SQLException {
            if (folderUuids.isEmpty()) {
                return;
            }
            String marks = String.join(", ", java.util.Collections.nCopies(folderUuids.size(), "?"));
            Sql.query(c, "SELECT 1 FROM folder_stats WHERE folder_uuid IN (" + marks + ") ORDER BY folder_uuid FOR UPDATE",
                    rs -> null, folderUuids.toArray());
        }

        @Override
        boolean tryLockWebhookDispatch(Connection c) throws SQLException {
            return Sql.one(c, "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '/webhook-dispatch'))",
                    rs -> rs.getBoolean(1)).orElse(false);
        }

        @Override
        String skipLocked() {
            return " FOR UPDATE OF d SKIP LOCKED";
        }

        @Override
        String lockingRow(String alias) {
            return " FOR UPDATE OF " + alias;
        }
    };

    /**
     * Takes the one webhook dispatcher's lock for this transaction, or says another node holds it:
     * events are fanned out by one node at a time, so the deliveries of one item are made in order.
     */
    abstract boolean tryLockWebhookDispatch(Connection c) throws SQLException;

    /** Appended to the claim of due deliveries (table alias d): rows another node is claiming are skipped, not waited for. */
    abstract String skipLocked();

    /**
     * Appended to a read of one row (table alias {@code alias}) in a transaction that goes on to change
     * it, or something kept beside it (a file's product): the row stays locked until the transaction
     * ends, so two such changes take turns and each reads what the other wrote.
     */
    abstract String lockingRow(String alias);

    /**
     * Locks the per-folder counter rows (V11) a transaction is about to change over several
     * statements, in uuid order, so two such transactions cannot wait on each other in a cycle.
     */
    abstract void lockFolderCounters(Connection c, java.util.Collection<String> folderUuids) throws SQLException;

    /**
     * Serialises, until the transaction ends, the transactions that look for and then store the same
     * content (a SHA-1) in a project: the same-content rule's lookup then sees a racing upload's row.
     */
    abstract void lockContent(Connection c, String project, String sha1) throws SQLException;

    /** The image orientation of file {@code f} (info.img_o: PO, LD, SQ, PA), NULL when it has none. */
    abstract String imageOrientation();

    /** The pixel area of file {@code f} (info.area) as a number, NULL when it has none. */
    abstract String imageArea();

    /** A FROM item yielding rows, the text of each row, and the condition that keeps only strings. */
    record MetaStrings(String from, String text, String isString) {}

    /**
     * The strings stored under meta key {@code key} of {@code column} (the value itself, an array's
     * items, an object's member values), as a FROM item to join after a comma.
     */
    abstract MetaStrings metaStrings(String column, String key, List<Object> params);

    /** A FROM item (after a comma) yielding one row per top-level key of the JSON object in {@code column}, as {@code k.key}. */
    abstract String metaKeys(String column);

    /** The LIKE operator for user searches: case-insensitive for ASCII on both engines. */
    abstract String caseInsensitiveLike();

    /** SQLite: a JSON path selecting one top-level key, quoted so any key text is literal. */
    static String metaKey(String key) {
        return "$.\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // PostgreSQL binds the key itself, as CAST(? AS TEXT) so that ->> takes it as a key, never an array index.

    /**
     * True when some scalar at a top-level metadata key satisfies {@code condition}: the value itself,
     * or a member of an object value (each language), or an item of an array value (each list item).
     * In {@code condition}, {@code %s} stands for that scalar as text (strings and numbers only; ASCII
     * case folds with {@link #caseInsensitiveLike}); its own parameters are added by the caller after
     * the key, which this method adds.
     */
    abstract String someScalar(String column, String key, String condition, List<Object> params);

    /** A top-level metadata value as a number (a double), NULL unless it is a JSON number. Adds its parameters. */
    abstract String metaNumber(String column, String key, List<Object> params);

    /** A top-level metadata value as text in byte order, NULL unless it is a JSON string. Adds its parameters. */
    abstract String metaString(String column, String key, List<Object> params);

    /** A top-level metadata value as 1 (true) or 0 (false), NULL unless it is a JSON boolean. Adds its parameters. */
    abstract String metaBoolean(String column, String key, List<Object> params);

    /** True when a top-level metadata key is missing, null, "", [] or {}. Adds its parameters. */
    abstract String metaIsEmpty(String column, String key, List<Object> params);

    /** True when a file's tags (JSON {lang:[{sid,label}]}) hold a label LIKE {@code labelPattern} or exactly the sid. */
    abstract String tagMatches(String column, List<Object> params, String labelPattern, String sid);

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
