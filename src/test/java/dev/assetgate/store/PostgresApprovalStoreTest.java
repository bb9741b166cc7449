package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The ApprovalStore contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresApprovalStoreTest extends ApprovalStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
