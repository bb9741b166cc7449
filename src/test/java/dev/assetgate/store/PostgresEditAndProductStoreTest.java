package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The EditTaskStore and ProductStore contracts on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresEditAndProductStoreTest extends EditAndProductStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
