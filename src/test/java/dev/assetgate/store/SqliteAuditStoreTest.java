package dev.assetgate.store;

/** The AuditStore contract on SQLite. */
class SqliteAuditStoreTest extends AuditStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
