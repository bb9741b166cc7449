package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The SessionStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresSessionStoreTest extends SessionStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
