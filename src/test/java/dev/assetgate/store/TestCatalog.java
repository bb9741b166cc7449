package dev.assetgate.store;

import dev.assetgate.store.jdbc.Database;
import dev.assetgate.support.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh, migrated catalog database on one engine, removed again on close. */
interface TestCatalog extends AutoCloseable {
    Database database();

    @Override
    void close();

    /** SQLite in a file of a new temporary directory. */
    static TestCatalog sqlite() {
        try {
            Path dir = Files.createTempDirectory("assetgate-contract");
            Database db = Database.sqlite(dir.resolve("catalog.db"));
            return new TestCatalog() {
                public Database database() {
                    return db;
                }

                public void close() {
                    db.close();
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (IOException ignored) {
                        // temp dir
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PostgreSQL in a new schema of the local test database (skips when PostgreSQL is not running). */
    static TestCatalog postgres() {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.createSchema();
        Database db = Database.postgres(TestPostgres.url(schema), TestPostgres.USER, "", java.time.Duration.ofSeconds(4));
        return new TestCatalog() {
            public Database database() {
                return db;
            }

            public void close() {
                db.close();
                TestPostgres.dropSchema(schema);
            }
        };
    }
}
