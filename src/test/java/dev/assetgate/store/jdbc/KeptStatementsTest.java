package dev.assetgate.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's statements kept per connection ({@link KeptStatements}), through the connection every adapter gets. */
class KeptStatementsTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("catalog.db"));
        db.inTransaction(c -> Sql.update(c, "CREATE TABLE kept_t (id INTEGER PRIMARY KEY, v TEXT)"));
        db.inTransaction(c -> Sql.update(c, "INSERT INTO kept_t (id, v) VALUES (1, 'a'), (2, 'b')"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The sqlite-jdbc statement behind what the adapter got. */
    private static PreparedStatement plain(PreparedStatement lent) throws SQLException {
        return lent.unwrap(PreparedStatement.class);
    }

    private static PreparedStatement used(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeQuery().close();
            return plain(ps);
        }
    }

    @Test
    void fixedSqlIsPreparedOncePerConnection() {
        db.withConnection(c -> {
            PreparedStatement first = used(c, "SELECT v FROM kept_t WHERE id = 1");
            assertSame(first, used(c, "SELECT v FROM kept_t WHERE id = 1"));
            assertFalse(first.isClosed());
            return null;
        });
    }

    @Test
    void aStatementIsLentToOneUserAtATime() {
        db.withConnection(c -> {
            String sql = "SELECT v FROM kept_t WHERE id = ?";
            try (PreparedStatement a = c.prepareStatement(sql); PreparedStatement b = c.prepareStatement(sql)) {
                assertNotSame(plain(a), plain(b));
                a.setInt(1, 1);
                b.setInt(1, 2);
                try (ResultSet ra = a.executeQuery(); ResultSet rb = b.executeQuery()) {
                    assertTrue(ra.next());
                    assertTrue(rb.next());
                    assertEquals("a", ra.getString(1));
                    assertEquals("b", rb.getString(1));
                }
            }
            return null;
        });
    }

    @Test
    void givenBackWithItsParametersClearedAndResultsClosed() {
        db.withConnection(c -> {
            ResultSet left;
            PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kept_t WHERE id >= ? ORDER BY id")) {
                ps.setInt(1, 1);
                left = ps.executeQuery();
                assertTrue(left.next()); // one row read, one left: the statement is mid-step, holding a read snapshot
                first = plain(ps);
            }
            assertTrue(left.isClosed());
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kept_t WHERE id >= ? ORDER BY id")) {
                assertSame(first, plain(ps));
                try (ResultSet rs = ps.executeQuery()) { // no parameter set: NULL, so no row
                    assertFalse(rs.next());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setString(1, "x");
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?"); ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
            }
            return null;
        });
        // nothing of a reader is left behind: a writer on another connection commits at once
        db.inTransaction(c -> Sql.update(c, "UPDATE kept_t SET v = 'c' WHERE id = 2"));
        assertEquals("c", db.withConnection(c -> Sql.one(c, "SELECT v FROM kept_t WHERE id = 2", rs -> rs.getString(1))).orElseThrow());
    }

    @Test
    void aStatementThatFailedIsDropped() {
        String insert = "INSERT INTO kept_t (id, v) VALUES (?, ?)";
        assertThrows(StoreException.class, () -> db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                PreparedStatement failing = plain(ps);
                ps.setInt(1, 1);
                ps.setString(2, "again");
                try {
                    return ps.executeUpdate(); // id 1 exists
                } finally {
                    ps.close();
                    assertTrue(failing.isClosed());
                }
            }
        }));
        int inserted = db.withConnection(c -> Sql.update(c, insert, 3, "c")); // the same SQL, prepared anew
        assertEquals(1, inserted);
        assertEquals(3, db.withConnection(c -> Sql.query(c, "SELECT id FROM kept_t", rs -> rs.getInt(1))).size());
    }

    @Test
    void inListsAreNotKeptAndTheCacheIsBounded() {
        db.withConnection(c -> {
            String in = "SELECT v FROM kept_t WHERE id IN (?, ?)";
            assertNotSame(used(c, in), used(c, in));
            PreparedStatement eldest = used(c, "SELECT 0");
            for (int i = 1; i <= KeptStatements.PER_CONNECTION; i++) used(c, "SELECT " + i);
            assertTrue(eldest.isClosed());
            assertFalse(used(c, "SELECT " + KeptStatements.PER_CONNECTION).isClosed());
            return null;
        });
    }
}
