package dev.assetgate.store;

/** The ApiKeyStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
