package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The ApiKeyStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
