package dev.assetgate.store.jdbc;

import dev.assetgate.access.FolderScope;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link FileQuery} into a WHERE clause and ORDER BY over {@code files f JOIN folders d}.
 * Every user value goes in as a bound parameter; LIKE patterns are escaped.
 */
record SearchSql(String where, List<Object> params, String orderBy) {

    static SearchSql files(String project, FileQuery q) {
        StringBuilder where = new StringBuilder(" WHERE f.project = ?");
        List<Object> params = new ArrayList<>(List.of(project));
        if (q.recursive()) {
            if (!"/".equals(q.folderPath())) {
                where.append(" AND (d.path = ? OR substr(d.path, 1, ?) = ?)");
                params.add(q.folderPath());
                params.add(JdbcAssetCatalog.chars(q.folderPath()) + 1);
                params.add(q.folderPath() + "/");
            }
        } else {
            where.append(" AND d.path = ?");
            params.add(q.folderPath());
        }
        appendScope(where, params, q.scope(), "d.path");
        if (q.mime() != null) {
            if (q.mime().endsWith("/*") || !q.mime().contains("/")) {
                String type = q.mime().endsWith("/*") ? q.mime().substring(0, q.mime().length() - 2) : q.mime();
                where.append(" AND f.mime LIKE ? ESCAPE '\\'");
                params.add(Sql.likeLiteral(type.toLowerCase(Locale.ROOT)) + "/%");
            } else {
                where.append(" AND f.mime = ?");
                params.add(q.mime().toLowerCase(Locale.ROOT));
            }
        }
        for (SearchTerm term : q.terms()) {
            // COALESCE: a NULL (missing metadata key) must count as "no match", also under NOT.
            where.append(" AND ").append(term.negated() ? "NOT " : "").append("COALESCE((");
            appendTerm(where, params, term);
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

    /** Keeps only rows whose folder {@code column} is inside one of the scope's entries. */
    static void appendScope(StringBuilder where, List<Object> params, FolderScope scope, String column) {
        if (scope == null || scope.unrestricted()) {
            return;
        }
        List<String> ors = new ArrayList<>();
        for (FolderScope.Entry e : scope.entries()) {
            if (e.subtree() && e.path().equals("/")) {
                return; // "/*" is everything
            }
            ors.add(column + " = ?");
            params.add(e.path());
            if (e.subtree()) {
                ors.add("substr(" + column + ", 1, ?) = ?");
                params.add(JdbcAssetCatalog.chars(e.path()) + 1);
                params.add(e.path() + "/");
            }
        }
        where.append(" AND (").append(String.join(" OR ", ors)).append(')');
    }

    private static void appendTerm(StringBuilder where, List<Object> params, SearchTerm term) {
        String key = term.key() == null ? null : term.key().toLowerCase(Locale.ROOT);
        if (term.presence() != SearchTerm.Presence.ANY) {
            // key:empty / key:non-empty test a metadata key
            where.append("json_extract(f.meta, ?) IS ").append(term.presence() == SearchTerm.Presence.EMPTY ? "NULL" : "NOT NULL");
            params.add(jsonPath(term.key()));
            return;
        }
        List<String> ors = new ArrayList<>();
        for (String value : term.values()) {
            String like = "%" + Sql.likeLiteral(value) + "%";
            if (key == null) {
                ors.add("f.name LIKE ? ESCAPE '\\' OR f.meta LIKE ? ESCAPE '\\'");
                params.add(like);
                params.add(like);
            } else if (key.equals("name") || key.equals("filename")) {
                ors.add("f.name LIKE ? ESCAPE '\\'");
                params.add(like);
            } else if (key.equals("type") || key.equals("mime") || key.equals("mimetype")) {
                ors.add("f.mime LIKE ? ESCAPE '\\'");
                params.add(like);
            } else if (key.equals("ext") || key.equals("extension")) {
                ors.add("f.name LIKE ? ESCAPE '\\'");
                params.add("%." + Sql.likeLiteral(value));
            } else if (key.equals("tag") || key.equals("tags")) {
                ors.add("f.tags LIKE ? ESCAPE '\\'");
                params.add("%\"label\":\"" + Sql.likeLiteral(value) + "%");
            } else {
                ors.add("CAST(json_extract(f.meta, ?) AS TEXT) LIKE ? ESCAPE '\\'");
                params.add(jsonPath(term.key()));
                params.add(like);
            }
        }
        where.append(String.join(" OR ", ors.stream().map(o -> "(" + o + ")").toList()));
    }

    /** A JSON path selecting one top-level key, quoted so any key text is literal. */
    private static String jsonPath(String key) {
        return "$.\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
