package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The ImageSettingsStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresImageSettingsStoreTest extends ImageSettingsStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
