package dev.assetgate.metadata;

import dev.assetgate.assets.SearchParser;
import dev.assetgate.store.SearchTerm;
import dev.assetgate.store.SearchTerm.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gives each search term on a model field the kind of that field, with its values in stored form:
 * select values as api slugs (found by slug, internal id or label), numbers, dates, booleans. A value
 * that cannot be of the field's type is dropped, so it matches nothing (search never refuses). Keys
 * the model does not define keep the parser's reading: text, or for {@code >} and the like a number
 * or a date by the look of the value.
 */
final class SearchTyping {
    private static final Set<String> TRUE = Set.of("true", "1", "yes");
    private static final Set<String> FALSE = Set.of("false", "0", "no");

    private SearchTyping() {}

    static List<SearchTerm> resolve(MetadataModel model, List<SearchTerm> terms) {
        List<SearchTerm> out = new ArrayList<>();
        for (SearchTerm term : terms) {
            Optional<MetaField> field = term.key() == null || term.presence() != SearchTerm.Presence.ANY
                    ? Optional.empty() : model.field(term.key());
            out.add(field.map(f -> typed(f, term)).orElse(term));
        }
        return out;
    }

    private static SearchTerm typed(MetaField field, SearchTerm term) {
        if (term.comparison().ordering()) {
            // ordering applies to numbers and dates; a value of the other kind cannot match the field
            return switch (field.type()) {
                case NUMERIC -> term.as(Kind.NUMBER, term.kind() == Kind.NUMBER ? term.values() : List.of());
                case DATE -> term.as(Kind.DATE, term.kind() == Kind.DATE ? term.values() : List.of());
                default -> term;
            };
        }
        List<String> values = new ArrayList<>();
        Kind kind = switch (field.type()) {
            case TEXT, TEXTAREA -> Kind.TEXT;
            case TAGS -> Kind.WORD;
            case SELECT_ONE, MULTI_SELECT -> Kind.OPTION;
            case NUMERIC -> Kind.NUMBER;
            case DATE -> Kind.DATE;
            case BOOLEAN -> Kind.BOOLEAN;
        };
        for (String value : term.values()) {
            switch (kind) {
                case OPTION -> field.option(value).ifPresent(o -> values.add(o.apiSlug()));
                case NUMBER -> {
                    if (SearchParser.kindOf(value) == Kind.NUMBER) values.add(value.trim());
                }
                case DATE -> MetaDates.normalise(value).ifPresent(values::add);
                case BOOLEAN -> {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (TRUE.contains(v)) values.add("true");
                    if (FALSE.contains(v)) values.add("false");
                }
                default -> values.add(value);
            }
        }
        return term.as(kind, values);
    }
}
