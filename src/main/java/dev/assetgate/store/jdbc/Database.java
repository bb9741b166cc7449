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
import org.flywaydb.core.api.configuration.FluentConfiguration;
import dev.assetgate.metrics.Buckets;
import dev.assetgate.metrics.CatalogStatements;
import dev.assetgate.metrics.ServerMetrics;
import dev.assetgate.store.StoreFailure;

/**
 * A pooled JDBC database with its schema migrated at open: SQLite in WAL mode inside the data
 * directory, or PostgreSQL shared by every node. Each engine has its own migration folder
 * ({@code db/migration/sqlite}, {@code db/migration/postgres}) with the same tables and columns, so
 * the adapters share their SQL and differ only where {@link #dialect()} says.
 */
public final class Database implements AutoCloseable, io.micrometer.core.instrument.binder.MeterBinder {
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final Outbox outbox = new Outbox();
    private final GroupCommit groupCommit;
    private volatile java.util.function.BooleanSupplier freeSpace = () -> false;
    private volatile dev.assetgate.metrics.TaggedMeters<io.micrometer.core.instrument.Timer> operations =
            operationTimer(ServerMetrics.NONE);
    private volatile io.micrometer.core.instrument.Counter statements = statementCounter(ServerMetrics.NONE);
    /** SQLite's statements kept prepared on each connection; null on PostgreSQL, whose driver keeps them itself. */
    private final KeptStatements kept;
    private volatile io.micrometer.core.instrument.DistributionSummary sharedCommits = sharedCommitSummary(ServerMetrics.NONE);

    /** {@code migrations} is where Flyway connects: the pool itself, or a plain connection without the pool's timeouts. */
    private Database(HikariDataSource dataSource, SqlDialect dialect, FluentConfiguration migrations) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.kept = dialect == SqlDialect.SQLITE ? new KeptStatements() : null;
        this.groupCommit = new GroupCommit(this, dialect == SqlDialect.SQLITE ? 1 : 4);
        try {
            migrations
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
                + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000&transaction_mode=IMMEDIATE"
                // statement journals (an upload's insert touches a dozen indexes and the search index) stay in
                // memory instead of spilling to a temporary file: nothing of them needs to survive a crash
                + "&temp_store=MEMORY");
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(hikari);
        return new Database(pool, SqlDialect.SQLITE, Flyway.configure().dataSource(pool));
    }

    /**
     * PostgreSQL at a JDBC URL; the tables go in the URL's {@code currentSchema} (default {@code public}),
     * which must exist. User and password may be empty when the URL or the server's auth supplies them.
     *
     * <p>{@code timeout} bounds every wait on the catalog, so a database that is gone or silent (a
     * network partition sends no reset) is reported as unavailable instead of holding requests for the
     * whole outage: a statement running longer is cancelled by PostgreSQL, a connection that sends
     * nothing for one second more is dropped by the driver, and a request waits no longer for a
     * connection. Migrations at start run without these limits: they may legitimately take long.
     */
    public static Database postgres(String url, String user, String password, java.time.Duration timeout) {
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
        long millis = Math.max(1_000, timeout.toMillis());
        long seconds = (millis + 999) / 1_000;
        hikari.setConnectionTimeout(millis);
        hikari.setValidationTimeout(Math.max(250, millis / 2)); // a pooled connection is checked within the same wait
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
        hikari.addDataSourceProperty("loginTimeout", String.valueOf(seconds));
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(seconds + 1)); // after the server's own cancel
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + millis);
        HikariDataSource pool = new HikariDataSource(hikari);
        return new Database(pool, SqlDialect.POSTGRES, Flyway.configure().dataSource(url, user.isEmpty() ? null : user,
                password.isEmpty() ? null : password));
    }

    /**
     * The pool's meters from HikariCP itself ({@code hikaricp_connections_active}, {@code _pending},
     * {@code _timeout_total}, {@code _acquire_seconds}, ...), and the time of each catalog operation
     * (a transaction, or a read on one connection), by kind and outcome.
     */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        dataSource.setMetricRegistry(registry);
        this.operations = operationTimer(registry);
        this.statements = statementCounter(registry);
        this.sharedCommits = sharedCommitSummary(registry);
    }

    private static io.micrometer.core.instrument.DistributionSummary sharedCommitSummary(io.micrometer.core.instrument.MeterRegistry registry) {
        return io.micrometer.core.instrument.DistributionSummary.builder("assetgate.catalog.shared.commits")
                .description("Group commits: the callers' transactions (uploads) each shared commit held")
                .register(registry);
    }

    /** One group commit of {@code bodies} callers' transactions, for the meter. */
    void sharedCommit(int bodies) {
        sharedCommits.record(bodies);
    }

    private static io.micrometer.core.instrument.Counter statementCounter(io.micrometer.core.instrument.MeterRegistry registry) {
        return io.micrometer.core.instrument.Counter.builder("assetgate.catalog.statements")
                .description("Statements sent to the catalog (prepared on one of its connections), by any request or worker")
                .register(registry);
    }

    /**
     * The connection the adapters get: the pooled one, counting each statement prepared on it in
     * {@code assetgate_catalog_statements_total} and in the current request's count
     * ({@link CatalogStatements}), and logging its SQL at TRACE. Every adapter works through
     * {@link #inTransaction} or {@link #withConnection}, so no statement escapes the count. On SQLite a
     * statement of fixed SQL is lent from those kept on the connection ({@link KeptStatements}) instead of
     * prepared again; it is counted all the same: the count is of statements run, not of plans made.
     * It also remembers the shared locks its transaction holds ({@link HeldLocks}).
     */
    private Connection counting(Connection pooled) {
        java.util.Set<String> heldLocks = new java.util.HashSet<>();
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(HeldLocks.class.getClassLoader(),
                new Class<?>[] {Connection.class, HeldLocks.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (method.getDeclaringClass() == HeldLocks.class) { // firstTake
                        return pooled.getAutoCommit() || heldLocks.add((String) args[0]);
                    }
                    if (name.equals("rollback") || name.equals("commit") || name.equals("setAutoCommit")) heldLocks.clear();
                    if (name.startsWith("prepare") || name.equals("createStatement")) { // prepareStatement, prepareCall
                        statements.increment();
                        CatalogStatements.counted();
                        if (LOG.isTraceEnabled()) LOG.trace("catalog statement: {}", args == null ? "(plain)" : args[0]);
                        if (kept != null && name.equals("prepareStatement") && args.length == 1) {
                            return kept.lend(pooled, (String) args[0]);
                        }
                    }
                    try {
                        return method.invoke(pooled, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static dev.assetgate.metrics.TaggedMeters<io.micrometer.core.instrument.Timer> operationTimer(
            io.micrometer.core.instrument.MeterRegistry registry) {
        return new dev.assetgate.metrics.TaggedMeters<>(io.micrometer.core.instrument.Timer.builder("assetgate.catalog.operations")
                .description("Catalog operations: a transaction or a read on one connection, connection wait included")
                .serviceLevelObjectives(Buckets.FAST)
                .withRegistry(registry), "kind", "outcome");
    }

    private <T> T timed(String kind, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } finally {
            operations.of(kind, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Where every adapter writes the event of a change, inside the change's own transaction. */
    public Outbox outbox() {
        return outbox;
    }

    /** The clock of the events' times (the composition root passes the server's; the system clock until then). */
    public void useClock(java.time.Clock clock) {
        outbox.useClock(clock);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public interface TransactionBody<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs body in one transaction: committed when it returns, rolled back when it throws. The error
     * that failed the transaction is the one thrown (a failed rollback is only added to it), and once
     * the commit succeeded nothing can turn the result into a failure: HikariCP restores auto-commit
     * when the connection goes back to the pool, and a connection that fails that is simply evicted.
     */
    public <T> T inTransaction(TransactionBody<T> body) {
        return timed("transaction", () -> withRoom(() -> attempt(body)));
    }

    /**
     * Runs body like {@link #inTransaction}, in a transaction it may share with the bodies of concurrent
     * callers (a group commit: one commit for all, see {@link GroupCommit}). Returns once the commit
     * that holds body's changes succeeded; body's own failure changes nothing and is thrown to this
     * caller alone. {@code order}: bodies sharing a transaction run in the order of this key, so
     * transactions take their locks in one order (an upload's project, folder and name).
     */
    public <T> T inSharedTransaction(String order, TransactionBody<T> body) {
        return groupCommit.run(order, body);
    }

    /** Runs work; when it failed (and so changed nothing) for lack of space and room could be freed, runs it once more. */
    private <T> T withRoom(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (StoreFailure.isStorageFull(e) && freeSpace.getAsBoolean()) {
                return work.get();
            }
            throw e;
        }
    }

    /**
     * What to do when a transaction fails for lack of space: free some room and say whether it did
     * (then the transaction is tried once more). The composition root points it at the data volume's reserve.
     */
    public void whenFull(java.util.function.BooleanSupplier freeSpace) {
        this.freeSpace = freeSpace;
    }

    private <T> T attempt(TransactionBody<T> body) {
        Connection pooled = connection();
        Connection counted = counting(pooled); // what the adapters see; the outbox keys their changes by it
        try {
            pooled.setAutoCommit(false);
            T result = body.run(counted);
            outbox.flush(counted);
            commit(pooled);
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(pooled, e);
            throw e;
        } catch (SQLException e) {
            rollbackQuietly(pooled, e);
            throw new StoreException(e);
        } finally {
            outbox.ended(counted); // before the caller answers: its next request sees the change in every cache
            closeQuietly(pooled);
        }
    }

    /** A failed commit on PostgreSQL may have been applied before the connection broke; SQLite's is local and all-or-nothing. */
    private void commit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw dialect == SqlDialect.POSTGRES ? StoreException.duringCommit(e) : new StoreException(e);
        }
    }

    private Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * A connection whose rollback fails is in a state nobody knows (gone, or SQLite having rolled back
     * by itself and its driver still believing in the transaction): it is evicted, never reused.
     */
    private void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e); // the first error says why
            dataSource.evictConnection(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a catalog connection failed (it is evicted): {}", e.toString());
        }
    }

    /** Runs body on a connection in auto-commit mode (single statements, reads). */
    public <T> T withConnection(TransactionBody<T> body) {
        return timed("read", () -> withRoom(() -> {
            try (Connection c = dataSource.getConnection()) {
                return body.run(counting(c));
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
