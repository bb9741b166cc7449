package dev.assetgate.store.jdbc;

import dev.assetgate.store.Company;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Companies and projects in a SQL catalog. */
public final class JdbcProjectStore implements ProjectStore {
    static final String DEFAULT_COMPANY = "default";
    private final Database db;
    private final Clock clock;

    public JdbcProjectStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Company defaultCompany() {
        return db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    UUID.randomUUID().toString(), DEFAULT_COMPANY, Sql.time(clock.instant()));
            return Sql.one(c, "SELECT * FROM companies WHERE name = ?", JdbcProjectStore::company, DEFAULT_COMPANY).orElseThrow();
        });
    }

    @Override
    public Optional<Company> findCompany(String id) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM companies WHERE id = ?", JdbcProjectStore::company, id));
    }

    @Override
    public Optional<Project> find(String token) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM projects WHERE token = ?", JdbcProjectStore::project, token));
    }

    @Override
    public List<Project> list(String companyId) {
        return db.withConnection(c -> Sql.query(c,
                "SELECT * FROM projects WHERE company_id = ? ORDER BY token", JdbcProjectStore::project, companyId));
    }

    @Override
    public Optional<Project> create(String token, String name, String companyId) {
        return db.inTransaction(c -> {
            String now = Sql.time(clock.instant());
            // DO NOTHING decides "token taken" atomically, also between two nodes creating it at once
            if (Sql.update(c, "INSERT INTO projects (token, uuid, company_id, name, created_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (token) DO NOTHING", token, UUID.randomUUID().toString(), companyId, name, now) == 0) {
                return Optional.empty();
            }
            Sql.update(c, "INSERT INTO folders (uuid, project, path, parent_path, meta, created_at, updated_at) "
                    + "VALUES (?, ?, '/', NULL, '{}', ?, ?)", UUID.randomUUID().toString(), token, now, now);
            return Sql.one(c, "SELECT * FROM projects WHERE token = ?", JdbcProjectStore::project, token);
        });
    }

    @Override
    public Optional<Project> rename(String token, String name) {
        return db.inTransaction(c -> {
            Sql.update(c, "UPDATE projects SET name = ? WHERE token = ?", name, token);
            return Sql.one(c, "SELECT * FROM projects WHERE token = ?", JdbcProjectStore::project, token);
        });
    }

    @Override
    public List<String> delete(String token) {
        return db.inTransaction(c -> {
            db.dialect().lockFolderTree(c, token, true); // no upload may add a row while the project goes
            List<String> blobs = new ArrayList<>(Sql.query(c, "SELECT blob_key FROM files WHERE project = ?", rs -> rs.getString(1), token));
            blobs.addAll(Sql.query(c, "SELECT blob_key FROM file_versions WHERE project = ?", rs -> rs.getString(1), token));
            Sql.update(c, "DELETE FROM files WHERE project = ?", token);
            Sql.update(c, "DELETE FROM folders WHERE project = ?", token);
            Sql.update(c, "DELETE FROM tags WHERE project = ?", token);
            Sql.update(c, "DELETE FROM edit_tasks WHERE project = ?", token);
            Sql.update(c, "DELETE FROM file_products WHERE project = ?", token);
            Sql.update(c, "DELETE FROM api_key_projects WHERE project_token = ?", token);
            Sql.update(c, "DELETE FROM projects WHERE token = ?", token);
            db.outbox().touched(c, token, "deleted"); // its files go without events of their own: caches of them are told here
            return blobs;
        });
    }

    private static Company company(ResultSet rs) throws SQLException {
        return new Company(rs.getString("id"), rs.getString("name"), Sql.instant(rs.getString("created_at")));
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("token"), rs.getString("uuid"), rs.getString("company_id"),
                rs.getString("name"), Sql.instant(rs.getString("created_at")));
    }
}
