package dev.assetgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.assetgate.store.PrivateFiles;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled JDBC database with its schema migrated at open: SQLite in WAL mode inside the data
 * directory, or PostgreSQL shared by every node. Each engine has its own migration folder
 * ({@code db/migration/sqlite}, {@code db/migration/postgres}) with the same tables and columns, so
 * the adapters share their SQL and differ only where {@link #dialect()} says.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final SqlDialect dialect;

    private Database(HikariDataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public static Database sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PrivateFiles.createIfMissing(file); // SQLite gives its -wal and -shm files the catalog's permissions
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("assetgate-sqlite");
        // WAL lets readers run beside the one writer (and beside the CLI in another process);
        // busy_timeout makes a writer wait for the lock instead of failing at once; IMMEDIATE
        // transactions take the write lock up front, so a read-then-write never fails on a stale snapshot.
        hikari.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath()
                + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000&transaction_mode=IMMEDIATE");
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        return new Database(new HikariDataSource(hikari), SqlDialect.SQLITE);
    }

    /**
     * PostgreSQL at a JDBC URL; the tables go in the URL's {@code currentSchema} (default {@code public}),
     * which must exist. User and password may be empty when the URL or the server's auth supplies them.
     */
    public static Database postgres(String url, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("assetgate-postgres");
        hikari.setJdbcUrl(url);
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        // READ COMMITTED plus ON CONFLICT inserts, mapped unique violations and a per-project folder
        // tree lock (SqlDialect.lockFolderTree) give the behaviour SQLite gets from one writer at a time.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hikari.setMaximumPoolSize(10);
        hikari.setMinimumIdle(2);
        // A catalog that does not answer is reported within seconds (503), not after Hikari's 30 s default.
        hikari.setConnectionTimeout(5_000);
        return new Database(new HikariDataSource(hikari), SqlDialect.POSTGRES);
    }

    public SqlDialect dialect() {
        return dialect;
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
