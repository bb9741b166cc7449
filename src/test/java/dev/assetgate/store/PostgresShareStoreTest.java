package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The ShareStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresShareStoreTest extends ShareStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
