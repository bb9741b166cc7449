package dev.assetgate.store;

import dev.assetgate.store.jdbc.Database;
import dev.assetgate.store.jdbc.JdbcProjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every port's contract suite shares: one fresh catalog per test class on the engine the
 * concrete subclass names, a clock the tests move by hand, and helpers for isolated projects (each
 * test works in projects of its own, so tests of one class never see each other's rows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
    private TestCatalog catalog;
    protected Database db;
    protected JdbcProjectStore projects;

    /** The engine under test: {@link TestCatalog#sqlite()} or {@link TestCatalog#postgres()}. */
    protected abstract TestCatalog openCatalog();

    @BeforeAll
    void openDatabase() {
        catalog = openCatalog();
        db = catalog.database();
        projects = new JdbcProjectStore(db, clock);
    }

    @AfterAll
    void closeDatabase() {
        if (catalog != null) {
            catalog.close();
        }
    }

    /** A project with a token no other test uses. */
    protected String newProject() {
        String token = uniqueToken("p");
        projects.create(token, "Project " + token, projects.defaultCompany().id()).orElseThrow();
        return token;
    }

    protected static String uniqueToken(String prefix) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }

    /** A clock that stands still until a test moves it. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        Instant advance(Duration by) {
            now = now.plus(by);
            return now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
