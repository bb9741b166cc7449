package dev.assetgate.store;

/** The ImageSettingsStore contract on SQLite. */
class SqliteImageSettingsStoreTest extends ImageSettingsStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
