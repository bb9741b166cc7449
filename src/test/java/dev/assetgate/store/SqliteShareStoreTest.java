package dev.assetgate.store;

/** The ShareStore contract on SQLite. */
class SqliteShareStoreTest extends ShareStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
