package dev.assetgate.store;

/** The SessionStore contract on SQLite. */
class SqliteSessionStoreTest extends SessionStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
