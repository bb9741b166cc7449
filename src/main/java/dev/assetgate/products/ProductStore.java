package dev.assetgate.products;

import dev.assetgate.access.FolderScope;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Port: the product reference each file shows (table file_products); reads skip deleted files. */
public interface ProductStore {
    /** A file's product: its reference and its position among the product's files (null: none given). */
    record FileProduct(String ref, Integer position) {}

    /** A product: its reference and how many files (inside the caller's scope) show it. */
    record Product(String ref, long files) {}

    /**
     * Sets the file's product, recording {@code file.product_changed} with it; the product it shows
     * already changes nothing. A file that is gone answers FILE_NOT_FOUND.
     */
    void set(String project, String fileUuid, FileProduct product, Instant at);

    /** Removes the file's product, recording {@code file.product_changed}; none to remove changes nothing. */
    void clear(String project, String fileUuid);

    Map<String, FileProduct> ofFiles(String project, Collection<String> fileUuids);

    /**
     * Products whose reference contains {@code part} (ASCII case ignored), or starts with it when
     * {@code prefix}; {@code part} null = all. Counted and listed over files inside {@code scope}, by reference.
     */
    List<Product> products(String project, String part, boolean prefix, FolderScope scope, int limit);

    /** The uuids of the files showing {@code ref} inside {@code scope} (images only, if asked), by position then name. */
    List<String> files(String project, String ref, boolean imagesOnly, FolderScope scope, int limit);
}
