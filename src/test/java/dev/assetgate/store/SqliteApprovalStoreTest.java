package dev.assetgate.store;

/** The ApprovalStore contract on SQLite. */
class SqliteApprovalStoreTest extends ApprovalStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
