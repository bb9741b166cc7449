package dev.assetgate.store;

import dev.assetgate.access.FolderScope;
import java.util.List;

/**
 * A file listing or search: the folder, whether to descend, the parsed search terms, a MIME filter,
 * the order, the page, and the caller's folder scope (results outside it are never returned).
 */
public record FileQuery(
        String folderPath,
        boolean recursive,
        List<SearchTerm> terms,
        String mime,
        SortField sort,
        boolean descending,
        int limit,
        int offset,
        FolderScope scope) {

    public enum SortField { NAME, CREATED_AT, MODIFIED_AT, SIZE, TYPE }
}
