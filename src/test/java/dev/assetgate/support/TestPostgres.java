package dev.assetgate.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local PostgreSQL the tests use: database {@code test} on 127.0.0.1:5432, user {@code postgres}
 * with trust auth. Each user of it gets a fresh schema with a random name, dropped afterwards, so
 * test classes (and other checkouts running at the same time) never see each other's rows.
 */
public final class TestPostgres {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String DATABASE_URL = SERVER + "test";
    public static final String USER = "postgres";
    private static Boolean available;

    private TestPostgres() {}

    /** True when the run asked for PostgreSQL ({@code -Dassetgate.test.catalog=postgres}): then it must be there. */
    public static boolean requested() {
        return "postgres".equals(System.getProperty("assetgate.test.catalog", "sqlite"));
    }

    /** Skips the calling test when PostgreSQL is not running, unless the run asked for it (then fails). */
    public static void assumeAvailable() {
        String why = "PostgreSQL is not reachable at " + DATABASE_URL + " as " + USER
                + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)";
        if (requested() && !available()) {
            fail(why);
        }
        assumeTrue(available(), why);
    }

    /** Creates a schema with a random name and returns that name. */
    public static String createSchema() {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        String schema = "t_" + HexFormat.of().formatHex(random);
        execute(DATABASE_URL, "CREATE SCHEMA " + schema);
        return schema;
    }

    /** The JDBC URL that puts the catalog's tables in {@code schema}. */
    public static String url(String schema) {
        return DATABASE_URL + "?currentSchema=" + schema;
    }

    /** The schema named in a URL made by {@link #url}. */
    public static String schemaOf(String url) {
        return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }

    public static void dropSchema(String schema) {
        execute(DATABASE_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static synchronized boolean available() {
        if (available == null) {
            try (Connection c = connect(SERVER + "postgres")) {
                try (Statement s = c.createStatement();
                        var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'test'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE test");
                    }
                }
                available = true;
            } catch (SQLException e) {
                available = false;
            }
        }
        return available;
    }

    private static void execute(String url, String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, props);
    }
}
