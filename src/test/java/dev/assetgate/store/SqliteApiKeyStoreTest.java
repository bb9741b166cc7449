package dev.assetgate.store;

/** The ApiKeyStore contract on SQLite. */
class SqliteApiKeyStoreTest extends ApiKeyStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
