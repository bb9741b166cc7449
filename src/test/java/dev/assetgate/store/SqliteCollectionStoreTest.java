package dev.assetgate.store;

/** The CollectionStore contract on SQLite. */
class SqliteCollectionStoreTest extends CollectionStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
