package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The ProjectStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresProjectStoreTest extends ProjectStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
