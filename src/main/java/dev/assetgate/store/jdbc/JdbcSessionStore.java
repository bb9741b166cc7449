package dev.assetgate.store.jdbc;

import dev.assetgate.store.SessionStore;
import java.time.Instant;
import java.util.Optional;

/** Console sessions in a SQL catalog. */
public final class JdbcSessionStore implements SessionStore {
    private final Database db;

    public JdbcSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(StoredSession s) {
        db.withConnection(c -> Sql.update(c,
                "INSERT INTO console_sessions (id_hash, key_id, created_at, last_seen_at, ends_at) VALUES (?, ?, ?, ?, ?)",
                s.idHash(), s.keyId(), Sql.time(s.createdAt()), Sql.time(s.lastSeenAt()), Sql.time(s.endsAt())));
    }

    @Override
    public Optional<StoredSession> find(String idHash) {
        return db.withConnection(c -> Sql.one(c,
                "SELECT id_hash, key_id, created_at, last_seen_at, ends_at FROM console_sessions WHERE id_hash = ?",
                rs -> new StoredSession(rs.getString(1), rs.getString(2), Sql.instant(rs.getString(3)),
                        Sql.instant(rs.getString(4)), Sql.instant(rs.getString(5))), idHash));
    }

    @Override
    public void touch(String idHash, Instant seenAt) {
        String at = Sql.time(seenAt);
        db.withConnection(c -> Sql.update(c, "UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?",
                at, idHash, at));
    }

    @Override
    public boolean delete(String idHash) {
        return db.withConnection(c -> Sql.update(c, "DELETE FROM console_sessions WHERE id_hash = ?", idHash) > 0);
    }

    @Override
    public int deleteExpired(Instant now, Instant idleBefore) {
        return db.withConnection(c -> Sql.update(c, "DELETE FROM console_sessions WHERE ends_at <= ? OR last_seen_at < ?",
                Sql.time(now), Sql.time(idleBefore)));
    }
}
