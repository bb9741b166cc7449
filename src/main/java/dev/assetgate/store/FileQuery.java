package dev.assetgate.store;

import java.util.List;

/**
 * A file listing or search: the folder, whether to descend, the parsed search terms, a MIME filter,
 * the order and the page.
 */
public record FileQuery(
        String folderPath,
        boolean recursive,
        List<SearchTerm> terms,
        String mime,
        SortField sort,
        boolean descending,
        int limit,
        int offset) {

    public enum SortField { NAME, CREATED_AT, MODIFIED_AT, SIZE, TYPE }
}
