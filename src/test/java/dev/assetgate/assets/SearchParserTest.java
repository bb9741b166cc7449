package dev.assetgate.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.store.SearchTerm;
import dev.assetgate.store.SearchTerm.Comparison;
import dev.assetgate.store.SearchTerm.Kind;
import dev.assetgate.store.SearchTerm.Presence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How q= text becomes terms (the catalog contract checks what the terms then match). */
class SearchParserTest {
    static SearchTerm one(String q) {
        List<SearchTerm> terms = SearchParser.parse(q);
        assertThat(terms).as(q).hasSize(1);
        return terms.get(0);
    }

    @Test
    void comparisonsNeedANumberOrADate() {
        assertThat(one("rating>9")).isEqualTo(new SearchTerm("rating", List.of("9"), false, Presence.ANY, Comparison.GT, Kind.NUMBER));
        assertThat(one("rating:>=-1.5")).isEqualTo(new SearchTerm("rating", List.of("-1.5"), false, Presence.ANY, Comparison.GTE, Kind.NUMBER));
        assertThat(one("shot<=\"2024-05-01T12:00:00+02:00\"").values()).containsExactly("2024-05-01T10:00:00Z");
        assertThat(one("-shot<2024-05-01")).isEqualTo(new SearchTerm("shot", List.of("2024-05-01"), true, Presence.ANY, Comparison.LT, Kind.DATE));
        assertThat(one("a>b")).as("not a comparison: a word").isEqualTo(new SearchTerm(null, List.of("a>b"), false, Presence.ANY));
        assertThat(one("a:>b")).as("not a comparison: the text '>b'").isEqualTo(new SearchTerm("a", List.of(">b"), false, Presence.ANY));
        assertThat(one(">5")).as("no key: a word").isEqualTo(new SearchTerm(null, List.of(">5"), false, Presence.ANY));
    }

    @Test
    void rangesEqualsAndNegations() {
        assertThat(one("n:\"1..9\"")).isEqualTo(new SearchTerm("n", List.of("1", "9"), false, Presence.ANY, Comparison.RANGE, Kind.NUMBER));
        assertThat(one("d:2024-01-01..2024-02-01").comparison()).isEqualTo(Comparison.RANGE);
        assertThat(one("n:1..x")).as("not both numbers: text").isEqualTo(new SearchTerm("n", List.of("1..x"), false, Presence.ANY));
        assertThat(one("title:=Hello")).isEqualTo(new SearchTerm("title", List.of("Hello"), false, Presence.ANY, Comparison.EQUALS, Kind.TEXT));
        assertThat(one("color!=red")).isEqualTo(new SearchTerm("color", List.of("red"), true, Presence.ANY));
        assertThat(one("-color:-red")).as("two NOTs").isEqualTo(new SearchTerm("color", List.of("red"), false, Presence.ANY));
        assertThat(one("color:-empty")).isEqualTo(new SearchTerm("color", List.of(), true, Presence.EMPTY));
    }

    @Test
    void theOlderFormsReadAsBefore() {
        assertThat(SearchParser.parse("color:red,blue+#tag \"two words\"")).containsExactly(
                new SearchTerm("color", List.of("red", "blue"), false, Presence.ANY),
                new SearchTerm("tags", List.of("tag"), false, Presence.ANY),
                new SearchTerm(null, List.of("two words"), false, Presence.ANY));
        assertThat(one("key:\"a:b c\"")).isEqualTo(new SearchTerm("key", List.of("a:b c"), false, Presence.ANY));
        assertThat(one("shot:2024-01-01T10:00:00Z")).as("a value with colons").isEqualTo(
                new SearchTerm("shot", List.of("2024-01-01T10:00:00Z"), false, Presence.ANY));
        assertThat(SearchParser.parse("  ")).isEmpty();
    }
}
