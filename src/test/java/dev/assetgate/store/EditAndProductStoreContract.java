package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.FolderScope;
import dev.assetgate.edits.EditTask;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.products.ProductStore;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcEditTaskStore;
import dev.assetgate.store.jdbc.JdbcProductStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contracts of {@link dev.assetgate.edits.EditTaskStore}, {@link ProductStore} and
 * {@link AssetCatalog#editFiles} (all or nothing); every catalog engine runs them (see the subclasses).
 */
abstract class EditAndProductStoreContract extends StoreContract {
    private JdbcEditTaskStore tasks;
    private JdbcProductStore products;
    private JdbcAssetCatalog catalog;

    @BeforeEach
    void stores() {
        tasks = new JdbcEditTaskStore(db);
        products = new JdbcProductStore(db);
        catalog = new JdbcAssetCatalog(db, clock);
    }

    private EditTask task(String project, String owner) {
        return new EditTask(uniqueToken("t"), project, EditTask.Kind.BULK, owner, "PREPARED", "{\"a\":1}", clock.instant(), clock.instant());
    }

    @Test
    void aTaskIsFoundInItsProjectAndMovesFromTheExpectedStatusOnce() {
        String p = newProject();
        EditTask t = task(p, "key_1");
        tasks.insert(t);
        assertThat(tasks.find(p, t.uuid())).contains(t);
        assertThat(tasks.find(newProject(), t.uuid())).isEmpty();
        assertThat(tasks.transition(p, t.uuid(), "PREPARED", "APPLYING", "{\"b\":2}", clock.instant())).isTrue();
        assertThat(tasks.transition(p, t.uuid(), "PREPARED", "APPLYING", "{\"b\":3}", clock.instant())).isFalse();
        assertThat(tasks.find(p, t.uuid()).orElseThrow().status()).isEqualTo("APPLYING");
        assertThat(tasks.find(p, t.uuid()).orElseThrow().body()).isEqualTo("{\"b\":2}");
    }

    @Test
    void oldTasksAreForgotten() {
        String p = newProject();
        EditTask old = task(p, "k");
        tasks.insert(old);
        clock.advance(Duration.ofDays(2));
        EditTask fresh = task(p, "k");
        tasks.insert(fresh);
        assertThat(tasks.deleteCreatedBefore(clock.instant().minus(Duration.ofDays(1)))).isGreaterThanOrEqualTo(1);
        assertThat(tasks.find(p, old.uuid())).isEmpty();
        assertThat(tasks.find(p, fresh.uuid())).isPresent();
    }

    @Test
    void productsAreListedOverLiveFilesInsideTheScope() {
        String p = newProject();
        FileRecord a = catalog.insertFile(AssetCatalogContract.file(p, "/in", "a.png", "image/png", 1, clock.instant()));
        FileRecord b = catalog.insertFile(AssetCatalogContract.file(p, "/in", "b.pdf", "application/pdf", 1, clock.instant()));
        FileRecord c = catalog.insertFile(AssetCatalogContract.file(p, "/out", "c.png", "image/png", 1, clock.instant()));
        products.set(p, a.uuid(), new ProductStore.FileProduct("SKU_1", 2), clock.instant());
        products.set(p, b.uuid(), new ProductStore.FileProduct("SKU_1", null), clock.instant());
        products.set(p, c.uuid(), new ProductStore.FileProduct("Other", 0), clock.instant());
        products.set(p, c.uuid(), new ProductStore.FileProduct("SKU_1", 1), clock.instant()); // replaces
        assertThat(products.ofFiles(p, List.of(a.uuid(), c.uuid()))).containsEntry(c.uuid(), new ProductStore.FileProduct("SKU_1", 1));
        assertThat(products.products(p, null, false, FolderScope.ANY, 10)).containsExactly(new ProductStore.Product("SKU_1", 3));
        assertThat(products.products(p, "sku_", true, FolderScope.ANY, 10)).hasSize(1);
        assertThat(products.products(p, "%", false, FolderScope.ANY, 10)).isEmpty(); // LIKE characters are literal
        FolderScope in = FolderScope.parse(List.of("/in"), "scope");
        assertThat(products.files(p, "SKU_1", false, FolderScope.ANY, 10)).containsExactly(c.uuid(), a.uuid(), b.uuid());
        assertThat(products.files(p, "SKU_1", true, in, 10)).containsExactly(a.uuid());
        catalog.deleteFiles(p, List.of(a.uuid()));
        assertThat(products.files(p, "SKU_1", false, in, 10)).containsExactly(b.uuid());
        products.clear(p, b.uuid());
        assertThat(products.products(p, null, false, in, 10)).isEmpty();
        products.clear(p, b.uuid()); // none left: nothing to do
        ApiException gone = Assertions.catchThrowableOfType(ApiException.class,
                () -> products.set(p, a.uuid(), new ProductStore.FileProduct("SKU_2", null), clock.instant()));
        assertThat(gone.error).as("a deleted file takes no new product").isEqualTo(ApiError.FILE_NOT_FOUND);
        assertThat(products.ofFiles(p, List.of(a.uuid()))).containsEntry(a.uuid(), new ProductStore.FileProduct("SKU_1", 2));
    }

    @Test
    void editFilesLeavesAFileWhoseMetaAndTagsStayTheSameAsItWas() {
        String p = newProject();
        FileRecord a = catalog.insertFile(AssetCatalogContract.file(p, "/", "a.txt", "text/plain", 1, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        List<FileRecord> done = catalog.editFiles(p, List.of(new AssetCatalog.FileEdit(a.uuid(), a.modifiedAt(), a.meta(), a.tags())));
        assertThat(done.get(0).modifiedAt()).as("not written").isEqualTo(a.modifiedAt());
        catalog.updateFileTags(p, a.uuid(), stored -> "{\"en\":[{\"sid\":\"#t\",\"label\":\"t\"}]}"); // written since the edit read it,
        catalog.updateFileTags(p, a.uuid(), stored -> a.tags()); // then back to the tags it read
        ApiException conflict = Assertions.catchThrowableOfType(ApiException.class,
                () -> catalog.editFiles(p, List.of(new AssetCatalog.FileEdit(a.uuid(), a.modifiedAt(), a.meta(), a.tags()))));
        assertThat(conflict.error).isEqualTo(ApiError.EDIT_CONFLICT);
    }

    @Test
    void editFilesWritesAllOrNothing() {
        String p = newProject();
        FileRecord a = catalog.insertFile(AssetCatalogContract.file(p, "/", "a.txt", "text/plain", 1, clock.instant()));
        FileRecord b = catalog.insertFile(AssetCatalogContract.file(p, "/", "b.txt", "text/plain", 1, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        catalog.updateFileMeta(p, b.uuid(), stored -> "{\"changed\":true}"); // b changes after it was read
        ApiException conflict = Assertions.catchThrowableOfType(ApiException.class, () -> catalog.editFiles(p, List.of(
                new AssetCatalog.FileEdit(a.uuid(), a.modifiedAt(), "{\"k\":1}", "{}"),
                new AssetCatalog.FileEdit(b.uuid(), b.modifiedAt(), "{\"k\":1}", "{}"))));
        assertThat(conflict.error).isEqualTo(ApiError.EDIT_CONFLICT);
        assertThat(catalog.file(p, a.uuid()).orElseThrow().meta()).isEqualTo("{}");
        ApiException missing = Assertions.catchThrowableOfType(ApiException.class, () -> catalog.editFiles(p, List.of(
                new AssetCatalog.FileEdit(a.uuid(), a.modifiedAt(), "{\"k\":1}", "{}"),
                new AssetCatalog.FileEdit("nope", a.modifiedAt(), "{\"k\":1}", "{}"))));
        assertThat(missing.error).isEqualTo(ApiError.FILE_NOT_FOUND);
        assertThat(catalog.file(p, a.uuid()).orElseThrow().meta()).isEqualTo("{}");
        FileRecord bNow = catalog.file(p, b.uuid()).orElseThrow();
        List<FileRecord> done = catalog.editFiles(p, List.of(
                new AssetCatalog.FileEdit(a.uuid(), a.modifiedAt(), "{\"k\":1}", "{\"en\":[]}"),
                new AssetCatalog.FileEdit(b.uuid(), bNow.modifiedAt(), "{\"k\":2}", "{}")));
        assertThat(done).extracting(FileRecord::meta).containsExactly("{\"k\":1}", "{\"k\":2}");
        assertThat(Set.of(catalog.file(p, a.uuid()).orElseThrow().tags())).containsExactly("{\"en\":[]}");
    }
}
