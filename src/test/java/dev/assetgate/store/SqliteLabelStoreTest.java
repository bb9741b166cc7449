package dev.assetgate.store;

/** The LabelStore contract on SQLite. */
class SqliteLabelStoreTest extends LabelStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
