package dev.assetgate.store;

/** The EventStore contract on SQLite. */
class SqliteEventStoreTest extends EventStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
