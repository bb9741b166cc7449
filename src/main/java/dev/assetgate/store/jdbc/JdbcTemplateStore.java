package dev.assetgate.store.jdbc;

import dev.assetgate.http.Json;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateSpec;
import dev.assetgate.templates.TemplateStore;
import dev.assetgate.templates.TemplateStore.RevokedKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Security Templates and SASS-key revocations in a SQL catalog. */
public final class JdbcTemplateStore implements TemplateStore {
    private final Database db;
    private final Clock clock;

    public JdbcTemplateStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void create(SecurityTemplate t, String createdBy) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO security_templates (id, project, version, inline, spec, created_by, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.project(), t.version(), t.inline() ? 1 : 0,
                Json.write(t.spec().toJson()), createdBy, Sql.time(t.createdAt()), Sql.time(t.updatedAt())));
    }

    @Override
    public Optional<SecurityTemplate> find(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM security_templates WHERE id = ?", JdbcTemplateStore::row, id));
    }

    @Override
    public Map<String, Long> versions() {
        return db.withConnection(c -> {
            Map<String, Long> out = new HashMap<>();
            Sql.query(c, "SELECT id, version FROM security_templates", rs -> out.put(rs.getString(1), rs.getLong(2)));
            return out;
        });
    }

    @Override
    public List<SecurityTemplate> list(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM security_templates WHERE project = ? AND inline = 0 ORDER BY created_at, id",
                JdbcTemplateStore::row, project));
    }

    @Override
    public Optional<SecurityTemplate> update(String id, TemplateSpec spec) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE security_templates SET spec = ?, version = version + 1, updated_at = ? WHERE id = ?",
                    Json.write(spec.toJson()), Sql.time(clock.instant()), id);
            return n == 0 ? Optional.empty() : Sql.one(c, "SELECT * FROM security_templates WHERE id = ?", JdbcTemplateStore::row, id);
        });
    }

    @Override
    public boolean delete(String id) {
        return db.withConnection(c -> Sql.update(c, "DELETE FROM security_templates WHERE id = ?", id) > 0);
    }

    @Override
    public void revokeKey(String keyId, String project, Instant expiresAt) {
        db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM revoked_sass_keys WHERE expires_at < ?", Sql.time(clock.instant()));
            return Sql.update(c, "INSERT INTO revoked_sass_keys (key_id, project, expires_at, revoked_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", keyId, project, Sql.time(expiresAt), Sql.time(clock.instant()));
        });
    }

    @Override
    public List<RevokedKey> revokedKeys(Instant now) {
        return db.withConnection(c -> Sql.query(c, "SELECT project, key_id FROM revoked_sass_keys WHERE expires_at >= ?",
                rs -> new RevokedKey(rs.getString(1), rs.getString(2)), Sql.time(now)));
    }

    private static SecurityTemplate row(ResultSet rs) throws SQLException {
        return new SecurityTemplate(rs.getString("id"), rs.getString("project"), rs.getLong("version"), rs.getInt("inline") == 1,
                TemplateSpec.parse(Json.parseStored(rs.getString("spec"))),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
