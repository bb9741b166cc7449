package dev.assetgate.store;

/** The TemplateStore contract on SQLite. */
class SqliteTemplateStoreTest extends TemplateStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
