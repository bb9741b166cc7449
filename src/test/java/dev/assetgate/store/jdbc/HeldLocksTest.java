package dev.assetgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.metrics.CatalogStatements;
import dev.assetgate.support.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A project's shared folder-tree lock is asked of PostgreSQL once per transaction (the uploads of a
 * group commit share it), and asked again whenever it may have been let go: after a rollback to a
 * savepoint, in the next transaction, and on every statement in auto-commit mode. What PostgreSQL
 * holds is read from pg_locks, so the test fails if a lock is believed held when it is not.
 */
class HeldLocksTest {
    private String schema;
    private Database db;

    @BeforeEach
    void open() {
        TestPostgres.assumeAvailable();
        schema = TestPostgres.createSchema();
        db = Database.postgres(TestPostgres.url(schema), TestPostgres.USER, "", Duration.ofSeconds(4));
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (schema != null) TestPostgres.dropSchema(schema);
    }

    @Test
    void theSharedLockIsAskedForOncePerTransactionAndAgainAfterARollbackToASavepoint() {
        long statements = counted(() -> db.inTransaction(c -> {
            lock(c, "p");
            lock(c, "p");
            assertThat(advisoryLocksHeld(c)).isEqualTo(1);
            lock(c, "other");
            Savepoint savepoint = c.setSavepoint();
            lock(c, "third");
            c.rollback(savepoint); // PostgreSQL lets go of "third" here, and of nothing else
            assertThat(advisoryLocksHeld(c)).isEqualTo(2);
            lock(c, "third");
            lock(c, "p");
            assertThat(advisoryLocksHeld(c)).isEqualTo(3);
            return null;
        }));
        // p, other, third, third again, p again (forgotten at the rollback: a second ask is harmless, a
        // missing one is not), and the three pg_locks reads
        assertThat(statements).isEqualTo(8);

        assertThat(counted(() -> db.inTransaction(c -> {
            lock(c, "p"); // a new transaction holds nothing
            return null;
        }))).isEqualTo(1);
        assertThat(counted(() -> db.withConnection(c -> {
            lock(c, "p");
            lock(c, "p"); // auto-commit: the first lock ended with its statement
            return null;
        }))).isEqualTo(2);
    }

    private void lock(Connection c, String project) throws SQLException {
        db.dialect().lockFolderTree(c, project, false);
    }

    private static long advisoryLocksHeld(Connection c) throws SQLException {
        return Sql.one(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
                rs -> rs.getLong(1)).orElseThrow();
    }

    private static long counted(Runnable work) {
        CatalogStatements.startRequest();
        work.run();
        return CatalogStatements.endRequest();
    }
}
