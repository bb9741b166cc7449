package dev.assetgate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.Json;
import dev.assetgate.metadata.FieldType;
import dev.assetgate.metadata.MetaField;
import dev.assetgate.metadata.MetaOption;
import dev.assetgate.metadata.MetadataStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The metadata model in a SQL catalog, SQLite or PostgreSQL: one row per field, one per select option. */
public final class JdbcMetadataStore implements MetadataStore {
    private static final String ORDER = " ORDER BY position, field_key";
    private final Database db;

    public JdbcMetadataStore(Database db) {
        this.db = db;
    }

    @Override
    public List<MetaField> fields(String project) {
        return db.withConnection(c -> {
            List<FieldRow> rows = Sql.query(c, "SELECT * FROM meta_fields WHERE project = ?" + ORDER, JdbcMetadataStore::row, project);
            Map<String, List<MetaOption>> options = new HashMap<>();
            Sql.query(c, "SELECT o.* FROM meta_field_options o JOIN meta_fields m ON m.uuid = o.field_uuid "
                    + "WHERE m.project = ? ORDER BY o.position, o.api_slug", rs -> options
                    .computeIfAbsent(rs.getString("field_uuid"), k -> new ArrayList<>()).add(option(rs)), project);
            return rows.stream().map(r -> r.field(options.getOrDefault(r.uuid, List.of()))).toList();
        });
    }

    @Override
    public Optional<MetaField> field(String project, String uuid) {
        return db.withConnection(c -> field(c, project, uuid));
    }

    @Override
    public MetaField create(MetaField f) {
        return db.inTransaction(c -> {
            int inserted = Sql.update(c, "INSERT INTO meta_fields (uuid, project, field_key, label, type, localized, languages, "
                            + "group_name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (project, field_key) DO NOTHING",
                    f.uuid(), f.project(), f.key(), f.label(), f.type().wire, f.localized() ? 1 : 0,
                    Json.write(Json.MAPPER.valueToTree(f.languages())), f.group(), f.position(),
                    Sql.time(f.createdAt()), Sql.time(f.updatedAt()));
            if (inserted == 0) {
                throw ApiError.NAME_CONFLICT.with("the metadata model already has a field with key '" + f.key() + "'");
            }
            for (MetaOption o : f.options()) {
                insertOption(c, f.uuid(), o);
            }
            return field(c, f.project(), f.uuid()).orElseThrow();
        });
    }

    @Override
    public Optional<MetaField> update(MetaField f) {
        return db.inTransaction(c -> {
            int updated = Sql.update(c, "UPDATE meta_fields SET label = ?, languages = ?, group_name = ?, position = ?, updated_at = ? "
                            + "WHERE project = ? AND uuid = ?", f.label(), Json.write(Json.MAPPER.valueToTree(f.languages())),
                    f.group(), f.position(), Sql.time(f.updatedAt()), f.project(), f.uuid());
            if (updated == 0) {
                return Optional.empty();
            }
            Set<String> kept = new HashSet<>();
            f.options().forEach(o -> kept.add(o.apiSlug()));
            for (MetaOption current : options(c, f.uuid())) {
                if (!kept.contains(current.apiSlug())) {
                    Sql.update(c, "DELETE FROM meta_field_options WHERE field_uuid = ? AND api_slug = ?", f.uuid(), current.apiSlug());
                }
            }
            for (MetaOption o : f.options()) {
                int changed = Sql.update(c, "UPDATE meta_field_options SET label = ?, position = ? WHERE field_uuid = ? AND api_slug = ?",
                        o.label(), o.position(), f.uuid(), o.apiSlug());
                if (changed == 0) {
                    insertOption(c, f.uuid(), o);
                }
            }
            return field(c, f.project(), f.uuid());
        });
    }

    @Override
    public Optional<MetaField> addOptions(String project, String uuid, List<MetaOption> added) {
        return db.inTransaction(c -> {
            if (field(c, project, uuid).isEmpty()) {
                return Optional.empty();
            }
            int next = Sql.one(c, "SELECT coalesce(max(position), -1) + 1 FROM meta_field_options WHERE field_uuid = ?",
                    rs -> rs.getInt(1), uuid).orElse(0);
            for (MetaOption o : added) {
                insertOption(c, uuid, new MetaOption(o.id(), o.apiSlug(), o.label(), next++));
            }
            return field(c, project, uuid);
        });
    }

    @Override
    public boolean delete(String project, String uuid) {
        return db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM meta_field_options WHERE field_uuid IN (SELECT uuid FROM meta_fields WHERE project = ? AND uuid = ?)",
                    project, uuid);
            return Sql.update(c, "DELETE FROM meta_fields WHERE project = ? AND uuid = ?", project, uuid) > 0;
        });
    }

    // ------------------------------------------------------------------ inside a transaction

    /** Inserts one option; a slug the field already has is a NAME_CONFLICT (the transaction then undoes the rest). */
    private static void insertOption(Connection c, String fieldUuid, MetaOption o) throws SQLException {
        int inserted = Sql.update(c, "INSERT INTO meta_field_options (field_uuid, id, api_slug, label, position) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (field_uuid, api_slug) DO NOTHING", fieldUuid, o.id(), o.apiSlug(), o.label(), o.position());
        if (inserted == 0) {
            throw ApiError.NAME_CONFLICT.with("the field already has an option with api_slug '" + o.apiSlug() + "'");
        }
    }

    private static Optional<MetaField> field(Connection c, String project, String uuid) throws SQLException {
        Optional<FieldRow> row = Sql.one(c, "SELECT * FROM meta_fields WHERE project = ? AND uuid = ?", JdbcMetadataStore::row, project, uuid);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(row.get().field(options(c, uuid)));
    }

    private static List<MetaOption> options(Connection c, String fieldUuid) throws SQLException {
        return Sql.query(c, "SELECT * FROM meta_field_options WHERE field_uuid = ? ORDER BY position, api_slug",
                JdbcMetadataStore::option, fieldUuid);
    }

    private static MetaOption option(ResultSet rs) throws SQLException {
        return new MetaOption(rs.getString("id"), rs.getString("api_slug"), rs.getString("label"), rs.getInt("position"));
    }

    /** A field row before its options are attached. */
    private record FieldRow(String uuid, String project, String key, String label, FieldType type, boolean localized,
                            List<String> languages, String group, int position, String createdAt, String updatedAt) {
        MetaField field(List<MetaOption> options) {
            return new MetaField(uuid, project, key, label, type, localized, languages, group, position, options,
                    Sql.instant(createdAt), Sql.instant(updatedAt));
        }
    }

    private static FieldRow row(ResultSet rs) throws SQLException {
        List<String> languages = new ArrayList<>();
        for (JsonNode code : Json.parseStored(rs.getString("languages"))) {
            languages.add(code.asText());
        }
        return new FieldRow(rs.getString("uuid"), rs.getString("project"), rs.getString("field_key"), rs.getString("label"),
                FieldType.parse(rs.getString("type")).orElseThrow(() -> new IllegalStateException("unknown field type in the catalog")),
                rs.getInt("localized") == 1, languages, rs.getString("group_name"), rs.getInt("position"),
                rs.getString("created_at"), rs.getString("updated_at"));
    }
}
