package dev.assetgate.store;

/** The ProjectStore contract on SQLite. */
class SqliteProjectStoreTest extends ProjectStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
