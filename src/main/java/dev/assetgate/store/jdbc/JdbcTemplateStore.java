package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

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

    /**
     * Every template column plus minter_gone: an inline template whose minting API key is deleted,
     * deactivated or expired (one parameter: now). Never true for a template made from the console,
     * the API or the CLI.
     */
    private static final String MINTER_GONE = "t.inline = 1 AND NOT EXISTS (SELECT 1 FROM api_keys k "
            + "WHERE k.id = t.created_by AND k.active = 1 AND (k.expires_at IS NULL OR k.expires_at > ?))";
    private static final String SELECT = "SELECT t.*, CASE WHEN " + MINTER_GONE + " THEN 1 ELSE 0 END AS minter_gone FROM security_templates t";

    @Override
    public void create(SecurityTemplate t, String createdBy) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO security_templates (id, project, version, keys_valid_from, inline, spec, "
                            + "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.project(), t.version(),
                    t.keysValidFrom(), t.inline() ? 1 : 0, Json.write(t.spec().toJson()), createdBy, Sql.time(t.createdAt()),
                    Sql.time(t.updatedAt()));
            // an inline template is minted by a key exchange, not made by anyone: no event
            if (!t.inline()) db.outbox().record(c, Change.of(t.project(), "template", "created", t.id()));
            return null;
        });
    }

    @Override
    public Optional<SecurityTemplate> find(String id) {
        return db.withConnection(c -> Sql.one(c, SELECT + " WHERE t.id = ?", JdbcTemplateStore::row, now(), id));
    }

    @Override
    public Map<String, Long> versions() {
        return db.withConnection(c -> {
            Map<String, Long> out = new HashMap<>();
            // the SQL twin of SecurityTemplate.stamp(): no spec is parsed for this once-a-second read
            Sql.query(c, "SELECT t.id, CASE WHEN " + MINTER_GONE + " THEN -1 ELSE t.version END FROM security_templates t",
                    rs -> out.put(rs.getString(1), rs.getLong(2)), now());
            return out;
        });
    }

    @Override
    public List<SecurityTemplate> list(String project) {
        return db.withConnection(c -> Sql.query(c, SELECT + " WHERE t.project = ? AND t.inline = 0 ORDER BY t.created_at, t.id",
                JdbcTemplateStore::row, now(), project));
    }

    @Override
    public Optional<SecurityTemplate> update(String id, TemplateSpec spec, boolean endKeys) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE security_templates SET spec = ?, version = version + 1, "
                            + "keys_valid_from = CASE WHEN ? = 1 THEN version + 1 ELSE keys_valid_from END, updated_at = ? WHERE id = ?",
                    Json.write(spec.toJson()), endKeys ? 1 : 0, Sql.time(clock.instant()), id);
            return n == 0 ? Optional.<SecurityTemplate>empty() : changed(c, id, "updated");
        });
    }

    @Override
    public Optional<SecurityTemplate> endKeys(String id) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE security_templates SET version = version + 1, keys_valid_from = version + 1, updated_at = ? "
                    + "WHERE id = ?", now(), id);
            return n == 0 ? Optional.<SecurityTemplate>empty() : changed(c, id, "keys_ended");
        });
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(c -> {
            Optional<SecurityTemplate> template = Sql.one(c, SELECT + " WHERE t.id = ?", JdbcTemplateStore::row, now(), id);
            boolean deleted = Sql.update(c, "DELETE FROM security_templates WHERE id = ?", id) > 0;
            if (deleted && template.isPresent() && !template.get().inline()) {
                db.outbox().record(c, Change.of(template.get().project(), "template", "deleted", id));
            }
            return deleted;
        });
    }

    /** The template after a change, with the change's event (none for an inline template). */
    private Optional<SecurityTemplate> changed(java.sql.Connection c, String id, String what) throws java.sql.SQLException {
        Optional<SecurityTemplate> template = Sql.one(c, SELECT + " WHERE t.id = ?", JdbcTemplateStore::row, now(), id);
        if (template.isPresent() && !template.get().inline()) {
            db.outbox().record(c, Change.of(template.get().project(), "template", what, id)
                    .after(Change.fields().put("version", template.get().version())));
        }
        return template;
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

    @Override
    public void recordInlineKey(InlineKey k, Instant purgeExpiredBefore) {
        db.inTransaction(c -> {
            Sql.update(c, "DELETE FROM security_templates WHERE id IN (SELECT template_id FROM inline_sass_keys WHERE expires_at < ?)",
                    Sql.time(purgeExpiredBefore));
            return Sql.update(c, "INSERT INTO inline_sass_keys (template_id, key_id, project, api_key_id, issued_at, expires_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", k.templateId(), k.keyId(), k.project(), k.apiKeyId(),
                    Sql.time(k.issuedAt()), Sql.time(k.expiresAt()));
        });
    }

    @Override
    public void endInlineKeys(String apiKeyId) {
        db.withConnection(c -> Sql.update(c, "UPDATE security_templates SET version = version + 1, keys_valid_from = version + 1, "
                + "updated_at = ? WHERE inline = 1 AND created_by = ?", now(), apiKeyId));
    }

    @Override
    public List<InlineKey> inlineKeys(String apiKeyId, Instant now) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM inline_sass_keys WHERE api_key_id = ? AND expires_at > ? "
                        + "ORDER BY issued_at DESC, key_id",
                rs -> new InlineKey(rs.getString("key_id"), rs.getString("template_id"), rs.getString("project"),
                        rs.getString("api_key_id"), Sql.instant(rs.getString("issued_at")), Sql.instant(rs.getString("expires_at"))),
                apiKeyId, Sql.time(now)));
    }

    private String now() {
        return Sql.time(clock.instant());
    }

    private static SecurityTemplate row(ResultSet rs) throws SQLException {
        return new SecurityTemplate(rs.getString("id"), rs.getString("project"), rs.getLong("version"), rs.getLong("keys_valid_from"),
                rs.getInt("inline") == 1, rs.getInt("minter_gone") == 1, TemplateSpec.parse(Json.parseStored(rs.getString("spec"))),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
