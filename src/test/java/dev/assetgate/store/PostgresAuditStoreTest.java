package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The AuditStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresAuditStoreTest extends AuditStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
