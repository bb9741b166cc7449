package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The VisibilityStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresVisibilityStoreTest extends VisibilityStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
