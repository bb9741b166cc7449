package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The CollectionStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresCollectionStoreTest extends CollectionStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
