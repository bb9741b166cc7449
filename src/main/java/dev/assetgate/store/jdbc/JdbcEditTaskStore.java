package dev.assetgate.store.jdbc;

import dev.assetgate.edits.EditTask;
import dev.assetgate.edits.EditTaskStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Edit tasks in a SQL catalog (table edit_tasks, V24). */
public final class JdbcEditTaskStore implements EditTaskStore {
    private static final String COLUMNS = "uuid, project, kind, owner, status, body, created_at, updated_at";
    private final Database db;

    public JdbcEditTaskStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(EditTask t) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO edit_tasks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                t.uuid(), t.project(), t.kind().name(), t.owner(), t.status(), t.body(), Sql.time(t.createdAt()), Sql.time(t.updatedAt())));
    }

    @Override
    public Optional<EditTask> find(String project, String uuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM edit_tasks WHERE project = ? AND uuid = ?",
                JdbcEditTaskStore::task, project, uuid));
    }

    @Override
    public boolean transition(String project, String uuid, String expectedStatus, String status, String body, Instant at) {
        return db.withConnection(c -> Sql.update(c, "UPDATE edit_tasks SET status = ?, body = ?, updated_at = ? "
                + "WHERE project = ? AND uuid = ? AND status = ?", status, body, Sql.time(at), project, uuid, expectedStatus)) == 1;
    }

    @Override
    public int deleteCreatedBefore(Instant before) {
        return db.withConnection(c -> Sql.update(c, "DELETE FROM edit_tasks WHERE created_at < ?", Sql.time(before)));
    }

    private static EditTask task(ResultSet rs) throws SQLException {
        return new EditTask(rs.getString("uuid"), rs.getString("project"), EditTask.Kind.valueOf(rs.getString("kind")),
                rs.getString("owner"), rs.getString("status"), rs.getString("body"),
                Sql.instant(rs.getString("created_at")), Sql.instant(rs.getString("updated_at")));
    }
}
