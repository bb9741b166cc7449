package dev.assetgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled JDBC database with its schema migrated at open. Today: SQLite in WAL mode inside the
 * data directory; the PostgreSQL adapter plugs in here with its own migration folder.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource, String migrations) {
        this.dataSource = dataSource;
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + migrations)
                .load()
                .migrate();
    }

    public static Database sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("assetgate-sqlite");
        // WAL lets readers run beside the one writer (and beside the CLI in another process);
        // busy_timeout makes a writer wait for the lock instead of failing at once; IMMEDIATE
        // transactions take the write lock up front, so a read-then-write never fails on a stale snapshot.
        hikari.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath()
                + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000&transaction_mode=IMMEDIATE");
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        return new Database(new HikariDataSource(hikari), "sqlite");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public interface TransactionBody<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs body in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(TransactionBody<T> body) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = body.run(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs body on a connection in auto-commit mode (single statements, reads). */
    public <T> T withConnection(TransactionBody<T> body) {
        try (Connection c = dataSource.getConnection()) {
            return body.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
