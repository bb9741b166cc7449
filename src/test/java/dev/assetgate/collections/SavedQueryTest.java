package dev.assetgate.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.FolderScope;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileQuery.SortField;
import dev.assetgate.store.SearchTerm;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a request and a collection's saved query combine (pure logic; the HTTP tests cover the listing). */
class SavedQueryTest {
    private static final FolderScope SCOPE = FolderScope.parse(List.of("/shop/*"), "scope");

    private static FileQuery asked(String folder, boolean recursive, String mime, String q) {
        return new FileQuery(folder, recursive, SearchParser.parse(q), mime, SortField.SIZE, true, 7, 14, SCOPE);
    }

    private static SavedQuery saved(String folder, boolean recursive, String mime) {
        return new SavedQuery("brand:acme", folder, recursive, mime, List.of("#lb1"), "OR");
    }

    private static Optional<String> place(String askedFolder, boolean askedRecursive, String folder, boolean recursive) {
        return saved(folder, recursive, null).narrow(asked(askedFolder, askedRecursive, null, null), true, List.of())
                .map(q -> q.folderPath() + (q.recursive() ? "/*" : ""));
    }

    @Test
    void foldersIntersect() {
        assertThat(place("/", true, "/a", true)).contains("/a/*");
        assertThat(place("/", true, "/a", false)).contains("/a");
        assertThat(place("/a/b", false, "/a", true)).contains("/a/b");
        assertThat(place("/a/b", true, "/a", true)).contains("/a/b/*");
        assertThat(place("/a", true, "/a", false)).contains("/a");
        assertThat(place("/a", false, "/a", true)).contains("/a");
        assertThat(place("/", false, "/a", true)).as("only the root's own files").isEmpty();
        assertThat(place("/a/b", true, "/a", false)).isEmpty();
        assertThat(place("/ab", true, "/a", true)).as("a sibling sharing the prefix").isEmpty();
        assertThat(place("/a", true, "/ab", true)).isEmpty();
    }

    @Test
    void withoutAFolderInTheRequestTheCollectionsFolderApplies() {
        FileQuery q = saved("/a", false, null).narrow(asked("/", false, null, null), false, List.of()).orElseThrow();
        assertThat(q.folderPath()).isEqualTo("/a");
        assertThat(q.recursive()).isFalse();
    }

    @Test
    void mimeFiltersIntersect() {
        assertThat(SavedQuery.intersectMime(null, null)).contains("");
        assertThat(SavedQuery.intersectMime(null, "image/*")).contains("image/*");
        assertThat(SavedQuery.intersectMime("image/png", null)).contains("image/png");
        assertThat(SavedQuery.intersectMime("image/*", "image/png")).contains("image/png");
        assertThat(SavedQuery.intersectMime("image", "image/png")).contains("image/png");
        assertThat(SavedQuery.intersectMime("image/png", "IMAGE/*")).contains("image/png");
        assertThat(SavedQuery.intersectMime("image/png", "image/png")).contains("image/png");
        assertThat(SavedQuery.intersectMime("image/png", "image/jpeg")).isEmpty();
        assertThat(SavedQuery.intersectMime("image/*", "video/mp4")).isEmpty();
        assertThat(SavedQuery.intersectMime("image", "video")).isEmpty();
    }

    @Test
    void termsAddUpAndTheRequestKeepsItsOrderPageAndScope() {
        List<SearchTerm> extra = SearchParser.parse("extra");
        FileQuery q = saved("/", true, "image/*").narrow(asked("/shop", true, "image/png", "hello"), true, extra).orElseThrow();
        assertThat(q.terms()).extracting(SearchTerm::key).containsExactly(null, "brand", "labels", null);
        assertThat(q.mime()).isEqualTo("image/png");
        assertThat(q.sort()).isEqualTo(SortField.SIZE);
        assertThat(q.descending()).isTrue();
        assertThat(q.limit()).isEqualTo(7);
        assertThat(q.offset()).isEqualTo(14);
        assertThat(q.scope()).isSameAs(SCOPE);
        assertThat(saved("/", true, "video/*").narrow(asked("/", true, "image/png", null), true, List.of())).isEmpty();
    }

    @Test
    void virtualFolderFiltersRoundTrip() {
        String f64 = CollectionService.virtualFolderFilter("brand:acme");
        assertThat(f64).isNotEmpty().doesNotContain("=", "+", "/");
        assertThat(CollectionService.virtualFolderTerms(f64, dev.assetgate.assets.SearchParser::parse)).extracting(SearchTerm::key).containsExactly("brand");
        assertThat(CollectionService.virtualFolderFilter("")).as("truthy for clients that skip empty filters").isNotEmpty();
        assertThat(CollectionService.virtualFolderTerms(CollectionService.virtualFolderFilter(""), dev.assetgate.assets.SearchParser::parse)).isEmpty();
        assertThat(CollectionService.virtualFolderTerms(null, dev.assetgate.assets.SearchParser::parse)).isEmpty();
    }
}
