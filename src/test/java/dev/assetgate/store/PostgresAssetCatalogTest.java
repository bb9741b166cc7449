package dev.assetgate.store;

import org.junit.jupiter.api.Tag;

/** The AssetCatalog contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
@Tag("cluster")
class PostgresAssetCatalogTest extends AssetCatalogContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
