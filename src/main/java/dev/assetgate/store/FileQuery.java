package dev.assetgate.store;

import dev.assetgate.access.FolderScope;
import java.util.List;

/**
 * A file listing or search: the folder, whether to descend, the parsed search terms, a MIME filter,
 * the order, the page, the caller's folder scope (results outside it are never returned) and the
 * time bounds on creation and modification.
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
        FolderScope scope,
        TimeWindow window) {

    /** A query without time bounds. */
    public FileQuery(String folderPath, boolean recursive, List<SearchTerm> terms, String mime, SortField sort,
                     boolean descending, int limit, int offset, FolderScope scope) {
        this(folderPath, recursive, terms, mime, sort, descending, limit, offset, scope, TimeWindow.ANY);
    }

    public FileQuery {
        window = window == null ? TimeWindow.ANY : window;
    }

    /** The same query with another page. */
    public FileQuery page(int newLimit, int newOffset) {
        return new FileQuery(folderPath, recursive, terms, mime, sort, descending, newLimit, newOffset, scope, window);
    }

    public enum SortField { NAME, CREATED_AT, MODIFIED_AT, SIZE, TYPE }
}
