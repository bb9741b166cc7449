package dev.assetgate.store;

/** The AssetCatalog contract on SQLite. */
class SqliteAssetCatalogTest extends AssetCatalogContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
