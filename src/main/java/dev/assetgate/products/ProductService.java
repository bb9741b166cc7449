package dev.assetgate.products;

import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderScope;
import java.time.Clock;
import java.util.List;

/**
 * Product references on files (reference §5.10): which product a file shows and at which position,
 * and the products and their files inside a caller's list scope. Changing a file's product takes a
 * write grant for the file.
 */
public final class ProductService {
    public static final int MAX_REF = 128;
    private final ProductStore store;
    private final Clock clock;

    public ProductService(ProductStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Sets the file's product, or removes it when {@code product} is null. */
    public void set(FileGrant file, ProductStore.FileProduct product) {
        FileGrant writable = file.requireWritable();
        if (product == null) store.clear(writable.project(), writable.uuid());
        else store.set(writable.project(), writable.uuid(), product, clock.instant());
    }

    /** The product each of these files shows, by file uuid (files without one are absent). */
    public java.util.Map<String, ProductStore.FileProduct> ofFiles(String project, java.util.Collection<String> fileUuids) {
        return store.ofFiles(project, fileUuids);
    }

    public List<ProductStore.Product> products(String project, String part, boolean prefix, FolderScope scope, int limit) {
        return store.products(project, part, prefix, scope, limit);
    }

    public List<String> files(String project, String ref, boolean imagesOnly, FolderScope scope, int limit) {
        return store.files(project, ref, imagesOnly, scope, limit);
    }
}
