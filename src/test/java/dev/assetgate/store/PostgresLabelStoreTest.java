package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The LabelStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresLabelStoreTest extends LabelStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
