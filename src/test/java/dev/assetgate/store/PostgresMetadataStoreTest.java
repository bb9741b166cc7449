package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The MetadataStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresMetadataStoreTest extends MetadataStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
