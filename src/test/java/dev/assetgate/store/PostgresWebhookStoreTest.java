package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The WebhookStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresWebhookStoreTest extends WebhookStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
