package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The TemplateStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresTemplateStoreTest extends TemplateStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
