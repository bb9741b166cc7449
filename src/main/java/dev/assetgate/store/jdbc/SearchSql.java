package dev.assetgate.store.jdbc;

import dev.assetgate.access.FolderScope;
import dev.assetgate.approvals.ApprovalStatus;
import dev.assetgate.approvals.Approver;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.assetgate.labels.Label;
import dev.assetgate.store.TimeWindow;

/**
 * Turns a {@link FileQuery} into a WHERE clause and ORDER BY over {@code files f JOIN folders d}.
 * Every user value goes in as a bound parameter; LIKE patterns are escaped; text matches ignore
 * ASCII case on both engines.
 */
record SearchSql(String where, List<Object> params, String orderBy) {
    private static final String APPROVAL_STATUS = "approval_status";
    /** A column (%s) of the file's latest approval request, NULL when it never had one. */
    private static final String LATEST_APPROVAL = "(SELECT %s FROM approval_files sf JOIN approvals sa ON sa.uuid = sf.approval_uuid "
            + "WHERE sf.file_uuid = f.uuid ORDER BY sa.seq DESC LIMIT 1)";

    /**
     * The query over {@code files f JOIN folders d}. For a listing of one folder, {@code folderUuid}
     * is that folder's uuid (looked up first, its scope already checked by the caller): a constant
     * {@code f.folder_uuid} lets the (folder_uuid, sort column) indexes serve the page in order.
     */
    static SearchSql files(SqlDialect dialect, String project, FileQuery q, String folderUuid) {
        // d.project is implied by f.project; naming it lets the (project, path) index find the folders
        StringBuilder where = new StringBuilder(" WHERE f.project = ? AND d.project = ?");
        List<Object> params = new ArrayList<>(List.of(project, project));
        if (!q.recursive()) {
            where.append(" AND f.folder_uuid = ?");
            params.add(folderUuid);
        } else {
            appendFolders(where, params, q);
        }
        if (q.mime() != null) {
            if (q.mime().endsWith("/*") || !q.mime().contains("/")) {
                String type = q.mime().endsWith("/*") ? q.mime().substring(0, q.mime().length() - 2) : q.mime();
                where.append(" AND f.mime ").append(dialect.caseInsensitiveLike()).append(" ? ESCAPE '\\'");
                params.add(Sql.likeLiteral(type.toLowerCase(Locale.ROOT)) + "/%");
            } else {
                where.append(" AND f.mime = ?");
                params.add(q.mime().toLowerCase(Locale.ROOT));
            }
        }
        appendWindow(where, params, q.window());
        for (SearchTerm term : q.terms()) {
            if (onNameOrMeta(term)) {
                // Never NULL (name and meta are NOT NULL), so no COALESCE: the planner can then use
                // the text indexes for it (pg_trgm on PostgreSQL; the FTS5 candidates on SQLite).
                where.append(" AND (");
                appendTerm(dialect, where, params, term);
                where.append(")");
                appendTextCandidates(dialect, where, params, term);
                continue;
            }
            if (onFileFacts(term)) {
                // NULL (no such fact) already fails a WHERE; without COALESCE the planner can use the V23 indexes
                where.append(" AND (");
                appendTerm(dialect, where, params, term);
                where.append(")");
                continue;
            }
            // COALESCE: a NULL (missing metadata key) must count as "no match", also under NOT.
            where.append(" AND ").append(term.negated() ? "NOT " : "").append("COALESCE((");
            appendTerm(dialect, where, params, term);
            where.append("), FALSE)");
        }
        String column = switch (q.sort()) {
            case NAME -> "f.name";
            case CREATED_AT -> "f.created_at";
            case MODIFIED_AT -> "f.modified_at";
            case SIZE -> "f.size";
            case TYPE -> "f.mime";
        };
        String dir = q.descending() ? " DESC" : " ASC";
        return new SearchSql(where.toString(), params, " ORDER BY " + column + dir + ", f.uuid" + dir);
    }

    /**
     * {@code folders d} of the query's folder (or subtree, when recursive) inside its scope, for
     * totals read from the per-folder counters: {@code WHERE d.project = ? ...}.
     */
    static SearchSql folders(String project, FileQuery q) {
        StringBuilder where = new StringBuilder(" WHERE d.project = ?");
        List<Object> params = new ArrayList<>(List.of(project));
        if (!q.recursive()) {
            where.append(" AND d.path = ?");
            params.add(q.folderPath());
            appendScope(where, params, q.scope(), "d.path");
        } else {
            appendFolders(where, params, q);
        }
        return new SearchSql(where.toString(), params, "");
    }

    /** Timestamps are fixed-width UTC text ({@link Sql#time}), so they compare as text. */
    private static void appendWindow(StringBuilder where, List<Object> params, TimeWindow window) {
        bound(where, params, "f.created_at >= ?", window.createdFrom());
        bound(where, params, "f.created_at < ?", window.createdUntil());
        bound(where, params, "f.modified_at >= ?", window.modifiedFrom());
        bound(where, params, "f.modified_at < ?", window.modifiedUntil());
    }

    private static void bound(StringBuilder where, List<Object> params, String condition, java.time.Instant instant) {
        if (instant != null) {
            where.append(" AND ").append(condition);
            params.add(Sql.time(instant));
        }
    }

    private static void appendFolders(StringBuilder where, List<Object> params, FileQuery q) {
        if (!"/".equals(q.folderPath())) {
            where.append(" AND ").append(Sql.atOrBelow("d.path", q.folderPath(), params));
        }
        appendScope(where, params, q.scope(), "d.path");
    }

    /** A term on the file's image facts, size or dates ({@link FileFactSql}), not negated. */
    private static boolean onFileFacts(SearchTerm term) {
        return !term.negated() && term.presence() == SearchTerm.Presence.ANY && !term.values().isEmpty()
                && FileFactSql.handles(term.key() == null ? null : term.key().toLowerCase(Locale.ROOT));
    }

    /** A term that only tests name or metadata text as substrings (a plain word, name:, ext:), not negated. */
    private static boolean onNameOrMeta(SearchTerm term) {
        if (term.negated() || term.presence() != SearchTerm.Presence.ANY || term.values().isEmpty()) {
            return false;
        }
        String key = term.key() == null ? null : term.key().toLowerCase(Locale.ROOT);
        return key == null || key.equals("name") || key.equals("filename") || key.equals("ext") || key.equals("extension");
    }

    /**
     * SQLite: narrows the term's rows to the candidates of the trigram FTS5 index ({@code files_text},
     * migration V11). The index folds case at least as widely as LIKE, so every row the exact LIKE
     * matches is a candidate; the LIKE still decides. A value under 3 characters has no trigram:
     * then the term stays a scan.
     */
    private static void appendTextCandidates(SqlDialect dialect, StringBuilder where, List<Object> params, SearchTerm term) {
        if (dialect != SqlDialect.SQLITE) {
            return;
        }
        String key = term.key() == null ? null : term.key().toLowerCase(Locale.ROOT);
        boolean ext = key != null && (key.equals("ext") || key.equals("extension"));
        List<String> phrases = new ArrayList<>();
        for (String value : term.values()) {
            String text = ext ? "." + value : value;
            if (text.codePointCount(0, text.length()) < 3) {
                return;
            }
            phrases.add((key == null ? "" : "name : ") + "\"" + text.replace("\"", "\"\"") + "\"");
        }
        where.append(" AND f.rowid IN (SELECT rowid FROM files_text WHERE files_text MATCH ?)");
        params.add(String.join(" OR ", phrases));
    }

    /** Keeps only rows whose folder {@code column} is inside one of the scope's entries. */
    static void appendScope(StringBuilder where, List<Object> params, FolderScope scope, String column) {
        String inside = scopeCondition(scope, column, params);
        if (inside != null) {
            where.append(" AND ").append(inside);
        }
    }

    /** The condition "folder {@code column} is inside the scope", or null when the scope allows everything. */
    static String scopeCondition(FolderScope scope, String column, List<Object> params) {
        if (scope == null || scope.unrestricted()) {
            return null;
        }
        for (FolderScope.Entry e : scope.entries()) {
            if (e.subtree() && e.path().equals("/")) {
                return null; // "/*" is everything
            }
        }
        if (scope.entries().isEmpty()) return "1 = 0"; // a scope that reaches nothing (a {sub} entry, a key without subject)
        List<String> ors = new ArrayList<>();
        for (FolderScope.Entry e : scope.entries()) {
            if (e.subtree()) {
                ors.add(Sql.atOrBelow(column, e.path(), params));
            } else {
                ors.add(column + " = ?");
                params.add(e.path());
            }
        }
        return "(" + String.join(" OR ", ors) + ")";
    }

    private static void appendTerm(SqlDialect dialect, StringBuilder where, List<Object> params, SearchTerm term) {
        String key = term.key() == null ? null : term.key().toLowerCase(Locale.ROOT);
        if (APPROVAL_STATUS.equals(key) && term.presence() != SearchTerm.Presence.ANY) {
            // approval_status:empty = never under an approval request; non-empty = under one
            where.append(term.presence() == SearchTerm.Presence.EMPTY ? "NOT " : "")
                    .append("EXISTS (SELECT 1 FROM approval_files sf WHERE sf.file_uuid = f.uuid)");
            return;
        }
        if (term.presence() != SearchTerm.Presence.ANY) {
            // key:empty / key:non-empty test a metadata key: missing, null, "", [] and {} are empty
            where.append(term.presence() == SearchTerm.Presence.EMPTY ? "" : "NOT ").append(dialect.metaIsEmpty("f.meta", term.key(), params));
            return;
        }
        if (term.values().isEmpty()) {
            where.append("FALSE"); // no value can match (e.g. an option the field does not have)
            return;
        }
        if (FileFactSql.handles(key)) {
            where.append(FileFactSql.condition(dialect, key, term, params));
            return;
        }
        String like = " " + dialect.caseInsensitiveLike() + " ? ESCAPE '\\'";
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < term.values().size(); i++) {
            String value = term.values().get(i);
            String contains = "%" + Sql.likeLiteral(value) + "%";
            if (key == null) {
                ors.add("f.name" + like + " OR f.meta" + like);
                params.add(contains);
                params.add(contains);
            } else if (key.equals("name") || key.equals("filename")) {
                ors.add("f.name" + like);
                params.add(contains);
            } else if (key.equals("mime") || key.equals("mimetype")) {
                ors.add("f.mime" + like);
                params.add(contains);
            } else if (key.equals("ext") || key.equals("extension")) {
                ors.add("f.name" + like);
                params.add("%." + Sql.likeLiteral(value));
            } else if (key.equals(APPROVAL_STATUS)) {
                // the status of the file's latest request; an unknown status matches nothing
                java.util.Optional<ApprovalStatus> status = ApprovalStatus.parse(value);
                if (status.isPresent()) {
                    ors.add(LATEST_APPROVAL.replace("%s", "sa.status") + " = ?");
                    params.add(status.get().name());
                } else {
                    ors.add("FALSE");
                }
            } else if (key.equals("task_approver")) {
                ors.add("EXISTS (SELECT 1 FROM approval_approvers sp WHERE sp.approval_uuid = "
                        + LATEST_APPROVAL.replace("%s", "sa.uuid") + " AND sp.approver_key = ?)");
                params.add(Approver.keyOf(value));
            } else if (key.equals("label") || key.equals("labels")) {
                // a label by sid ("#lb…" or without '#') or uuid
                ors.add("EXISTS (SELECT 1 FROM file_labels fl JOIN labels l ON l.uuid = fl.label_uuid "
                        + "WHERE fl.file_uuid = f.uuid AND (l.sid = ? OR l.uuid = ?))");
                params.add(Label.sidOf(value));
                params.add(value);
            } else if (key.equals("tag") || key.equals("tags")) {
                // #tag: a tag of the file in any language, by its label (ASCII case ignored) or its sid
                ors.add(dialect.tagMatches("f.tags", params, Sql.likeLiteral(value), value.startsWith("#") ? value : "#" + value));
            } else {
                ors.add(metaCondition(dialect, params, term, value, i == 0));
            }
        }
        if (term.comparison() == SearchTerm.Comparison.RANGE) {
            ors = List.of(String.join(" AND ", ors)); // lo..hi: both bounds hold
        }
        where.append(String.join(" OR ", ors.stream().map(o -> "(" + o + ")").toList()));
    }

    /**
     * One value of a metadata term, compared as its kind says: text as a substring (or equal, for
     * {@code :=}) of any text in the value, words and options by equality, numbers as numbers, dates
     * as days or moments, booleans as booleans. In a range, the first value is the low bound.
     */
    private static String metaCondition(SqlDialect dialect, List<Object> params, SearchTerm term, String value, boolean first) {
        SearchTerm.Comparison op = term.comparison();
        if (op == SearchTerm.Comparison.RANGE) {
            op = first ? SearchTerm.Comparison.GTE : SearchTerm.Comparison.LTE;
        }
        String key = term.key();
        switch (term.kind()) {
            case NUMBER -> {
                String number = dialect.metaNumber("f.meta", key, params);
                params.add(Double.valueOf(value));
                return number + " " + symbol(op) + " ?";
            }
            case DATE -> {
                return dateCondition(dialect, key, params, op, value);
            }
            case BOOLEAN -> {
                String bool = dialect.metaBoolean("f.meta", key, params);
                params.add(Boolean.parseBoolean(value) ? 1 : 0);
                return bool + " = ?";
            }
            case OPTION -> {
                String some = dialect.someScalar("f.meta", key, "%s = ?", params);
                params.add(value);
                return some;
            }
            case WORD -> {
                String some = dialect.someScalar("f.meta", key, "%s " + dialect.caseInsensitiveLike() + " ? ESCAPE '\\'", params);
                params.add(Sql.likeLiteral(value));
                return some;
            }
            default -> {
                if (op.ordering()) { // text compared in byte order
                    String text = dialect.metaString("f.meta", key, params);
                    params.add(value);
                    return text + " " + symbol(op) + " ?";
                }
                String some = dialect.someScalar("f.meta", key, "%s " + dialect.caseInsensitiveLike() + " ? ESCAPE '\\'", params);
                params.add(op == SearchTerm.Comparison.EQUALS ? Sql.likeLiteral(value) : "%" + Sql.likeLiteral(value) + "%");
                return some;
            }
        }
    }

    /**
     * Dates are stored as "2024-05-01" (a day) or "2024-05-01T10:00:00Z" (a moment, UTC), which sort
     * like time, a day before every moment in it. A day as the operand means the whole day: after it
     * is from the next day on, up to it is before the next day, on it is from it to the next day.
     */
    private static String dateCondition(SqlDialect dialect, String key, List<Object> params, SearchTerm.Comparison op, String value) {
        boolean day = value.length() == 10;
        String next = day ? java.time.LocalDate.parse(value).plusDays(1).toString() : null;
        String stored = dialect.metaString("f.meta", key, params);
        switch (op) {
            case GT -> {
                params.add(day ? next : value);
                return stored + (day ? " >= ?" : " > ?");
            }
            case LTE -> {
                params.add(day ? next : value);
                return stored + (day ? " < ?" : " <= ?");
            }
            case GTE, LT -> {
                params.add(value);
                return stored + " " + symbol(op) + " ?";
            }
            default -> {
                params.add(value);
                if (!day) return stored + " = ?";
                String again = dialect.metaString("f.meta", key, params);
                params.add(next);
                return stored + " >= ? AND " + again + " < ?";
            }
        }
    }

    private static String symbol(SearchTerm.Comparison op) {
        return switch (op) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> "=";
        };
    }
}
