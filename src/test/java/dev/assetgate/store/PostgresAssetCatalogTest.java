package dev.assetgate.store;

/** The AssetCatalog contract on PostgreSQL (skipped when PostgreSQL is not running, unless -Dassetgate.test.catalog=postgres). */
class PostgresAssetCatalogTest extends AssetCatalogContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.postgres();
    }
}
