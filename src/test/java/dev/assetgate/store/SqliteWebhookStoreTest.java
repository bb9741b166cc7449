package dev.assetgate.store;

/** The WebhookStore contract on SQLite. */
class SqliteWebhookStoreTest extends WebhookStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
