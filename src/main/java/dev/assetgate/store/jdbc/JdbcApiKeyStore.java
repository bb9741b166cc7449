package dev.assetgate.store.jdbc;

import dev.assetgate.events.Change;

import dev.assetgate.access.PermissionSet;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.ApiKeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** API secret keys in a SQL catalog; only the keyed hash of each secret is stored. */
public final class JdbcApiKeyStore implements ApiKeyStore {
    private final Database db;

    public JdbcApiKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(ApiKeyRecord key, String secretHash) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO api_keys (id, company_id, secret_hash, secret_hint, description, permissions, "
                            + "company_wide, active, expires_at, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    key.id(), key.companyId(), secretHash, key.secretHint(), key.description(), key.permissions().toStorage(),
                    key.companyWide() ? 1 : 0, key.active() ? 1 : 0, Sql.time(key.expiresAt()), Sql.time(key.createdAt()));
            writeProjects(c, key);
            db.outbox().record(c, keyChange(key, "created"));
            return null;
        });
    }

    @Override
    public Optional<StoredKey> findByHash(String secretHash) {
        return db.withConnection(c -> {
            Optional<String[]> row = Sql.one(c, "SELECT id, secret_hash FROM api_keys WHERE secret_hash = ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, secretHash);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            return load(c, row.get()[0]).map(k -> new StoredKey(k, row.get()[1]));
        });
    }

    @Override
    public Optional<ApiKeyRecord> find(String id) {
        return db.withConnection(c -> load(c, id));
    }

    @Override
    public List<ApiKeyRecord> list(String companyId) {
        return db.withConnection(c -> {
            List<String> ids = Sql.query(c, "SELECT id FROM api_keys WHERE company_id = ? ORDER BY created_at, id",
                    rs -> rs.getString(1), companyId);
            List<ApiKeyRecord> keys = new ArrayList<>();
            for (String id : ids) {
                load(c, id).ifPresent(keys::add);
            }
            return keys;
        });
    }

    @Override
    public void update(ApiKeyRecord key) {
        db.inTransaction(c -> {
            Sql.update(c, "UPDATE api_keys SET description = ?, permissions = ?, company_wide = ?, active = ?, expires_at = ? WHERE id = ?",
                    key.description(), key.permissions().toStorage(), key.companyWide() ? 1 : 0, key.active() ? 1 : 0,
                    Sql.time(key.expiresAt()), key.id());
            Sql.update(c, "DELETE FROM api_key_projects WHERE key_id = ?", key.id());
            writeProjects(c, key);
            db.outbox().record(c, keyChange(key, "updated"));
            return null;
        });
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(c -> {
            Optional<ApiKeyRecord> key = load(c, id);
            Sql.update(c, "DELETE FROM api_key_projects WHERE key_id = ?", id);
            boolean deleted = Sql.update(c, "DELETE FROM api_keys WHERE id = ?", id) > 0;
            if (deleted && key.isPresent()) db.outbox().record(c, keyChange(key.get(), "deleted"));
            return deleted;
        });
    }

    @Override
    public void touch(String id, Instant usedAt) {
        db.withConnection(c -> Sql.update(c, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", Sql.time(usedAt), id));
    }

    /** Moved by the catalog's own triggers (migration V25), so no writer can forget it. */
    @Override
    public long version() {
        return db.withConnection(c -> Sql.one(c, "SELECT version FROM api_key_version WHERE id = 1", rs -> rs.getLong(1)))
                .orElseThrow(() -> new IllegalStateException("api_key_version has no row"));
    }

    /** A key's change: in its project when it has exactly one, else company-level. Never its secret or hash. */
    private static Change keyChange(ApiKeyRecord key, String what) {
        String project = !key.companyWide() && key.projects().size() == 1 ? key.projects().iterator().next() : null;
        Change change = Change.of(project, "key", what, key.id()).company(key.companyId());
        return what.equals("deleted") ? change : change.after(Change.fields().put("description", key.description())
                .put("active", key.active()).put("permissions", key.permissions().toStorage()));
    }

    private static void writeProjects(Connection c, ApiKeyRecord key) throws SQLException {
        if (key.companyWide()) {
            return;
        }
        for (String token : key.projects()) {
            Sql.update(c, "INSERT INTO api_key_projects (key_id, project_token) VALUES (?, ?)", key.id(), token);
        }
    }

    private static Optional<ApiKeyRecord> load(Connection c, String id) throws SQLException {
        List<String> projects = Sql.query(c, "SELECT project_token FROM api_key_projects WHERE key_id = ? ORDER BY project_token",
                rs -> rs.getString(1), id);
        return Sql.one(c, "SELECT * FROM api_keys WHERE id = ?", rs -> row(rs, projects), id);
    }

    private static ApiKeyRecord row(ResultSet rs, List<String> projects) throws SQLException {
        return new ApiKeyRecord(
                rs.getString("id"),
                rs.getString("company_id"),
                rs.getString("secret_hint"),
                rs.getString("description"),
                PermissionSet.fromStorage(rs.getString("permissions")),
                rs.getInt("company_wide") == 1,
                new LinkedHashSet<>(projects),
                rs.getInt("active") == 1,
                Sql.instant(rs.getString("expires_at")),
                Sql.instant(rs.getString("created_at")),
                Sql.instant(rs.getString("last_used_at")));
    }
}
