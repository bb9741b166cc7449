package dev.assetgate.store;

/** The VisibilityStore contract on SQLite. */
class SqliteVisibilityStoreTest extends VisibilityStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
