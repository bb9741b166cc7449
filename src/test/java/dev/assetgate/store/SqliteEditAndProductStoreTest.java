package dev.assetgate.store;

/** The EditTaskStore and ProductStore contracts on SQLite. */
class SqliteEditAndProductStoreTest extends EditAndProductStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
