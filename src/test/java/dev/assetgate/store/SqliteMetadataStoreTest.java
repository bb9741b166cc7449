package dev.assetgate.store;

/** The MetadataStore contract on SQLite. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }
}
