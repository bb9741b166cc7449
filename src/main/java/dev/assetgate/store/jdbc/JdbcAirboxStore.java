package dev.assetgate.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.airbox.Airbox;
import dev.assetgate.airbox.AirboxForm;
import dev.assetgate.airbox.AirboxStore;
import dev.assetgate.events.Change;
import dev.assetgate.http.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Airboxes in a SQL catalog, SQLite or PostgreSQL; allowed types and the form are JSON text. */
public final class JdbcAirboxStore implements AirboxStore {
    private final Database db;

    public JdbcAirboxStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Airbox a) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO airboxes (uuid, project, puid, folder, title, message, password_hash, starts_at, ends_at, "
                            + "max_files, max_bytes, allowed_types, form, active, created_by, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.uuid(), a.project(), a.puid(), a.folder(), a.title(), a.message(), a.passwordHash(), Sql.time(a.startsAt()),
                    Sql.time(a.endsAt()), a.maxFiles(), a.maxBytes(), types(a), Json.write(a.form().toJson()), a.active() ? 1 : 0,
                    a.createdBy(), Sql.time(a.createdAt()), Sql.time(a.updatedAt()));
            db.outbox().record(c, Change.of(a.project(), "airbox", "created", a.uuid()).after(fields(a)));
            return null;
        });
    }

    @Override
    public Optional<Airbox> find(String project, String uuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM airboxes WHERE project = ? AND uuid = ?", JdbcAirboxStore::row, project, uuid));
    }

    @Override
    public Optional<Airbox> findByPuid(String puid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM airboxes WHERE puid = ?", JdbcAirboxStore::row, puid));
    }

    @Override
    public List<Airbox> list(String project) {
        return db.withConnection(c -> new ArrayList<>(Sql.query(c, "SELECT * FROM airboxes WHERE project = ? ORDER BY created_at, uuid",
                JdbcAirboxStore::row, project)));
    }

    @Override
    public Optional<Airbox> update(Airbox a) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE airboxes SET folder = ?, title = ?, message = ?, password_hash = ?, starts_at = ?, ends_at = ?, "
                            + "max_files = ?, max_bytes = ?, allowed_types = ?, form = ?, active = ?, updated_at = ? WHERE project = ? AND uuid = ?",
                    a.folder(), a.title(), a.message(), a.passwordHash(), Sql.time(a.startsAt()), Sql.time(a.endsAt()), a.maxFiles(),
                    a.maxBytes(), types(a), Json.write(a.form().toJson()), a.active() ? 1 : 0, Sql.time(a.updatedAt()), a.project(), a.uuid());
            if (n == 0) return Optional.<Airbox>empty();
            db.outbox().record(c, Change.of(a.project(), "airbox", "updated", a.uuid()).after(fields(a)));
            return Sql.one(c, "SELECT * FROM airboxes WHERE project = ? AND uuid = ?", JdbcAirboxStore::row, a.project(), a.uuid());
        });
    }

    @Override
    public boolean delete(String project, String uuid) {
        return db.inTransaction(c -> {
            boolean deleted = Sql.update(c, "DELETE FROM airboxes WHERE project = ? AND uuid = ?", project, uuid) > 0;
            if (deleted) db.outbox().record(c, Change.of(project, "airbox", "deleted", uuid));
            return deleted;
        });
    }

    /** What an Airbox's event says of it: never its password hash. */
    private static ObjectNode fields(Airbox a) {
        return Change.fields().put("title", a.title()).put("folder", a.folder()).put("password", a.passwordHash() != null)
                .put("active", a.active()).put("ends_at", a.endsAt() == null ? null : a.endsAt().toString());
    }

    private static String types(Airbox a) {
        return Json.write(Json.MAPPER.valueToTree(a.allowedTypes()));
    }

    private static Airbox row(ResultSet rs) throws SQLException {
        long maxFiles = rs.getLong("max_files");
        Long files = rs.wasNull() ? null : maxFiles;
        long maxBytes = rs.getLong("max_bytes");
        Long bytes = rs.wasNull() ? null : maxBytes;
        List<String> types = new ArrayList<>();
        Json.parseStored(rs.getString("allowed_types")).forEach(t -> types.add(t.asText()));
        return new Airbox(rs.getString("uuid"), rs.getString("project"), rs.getString("puid"), rs.getString("folder"),
                rs.getString("title"), rs.getString("message"), rs.getString("password_hash"), Sql.instant(rs.getString("starts_at")),
                Sql.instant(rs.getString("ends_at")), files, bytes, types, AirboxForm.fromJson(rs.getString("form")),
                rs.getInt("active") == 1, rs.getString("created_by"), Sql.instant(rs.getString("created_at")),
                Sql.instant(rs.getString("updated_at")));
    }
}
