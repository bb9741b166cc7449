package dev.assetgate.store;

import java.util.List;

/**
 * One term of a {@code q=} search. {@code key} is null for a plain word (substring of name or
 * metadata); {@code values} are OR-ed; {@code negated} inverts the term; {@code EMPTY} and
 * {@code NON_EMPTY} test the presence of a metadata key. {@code comparison} is how a value is
 * compared, and {@code kind} what the key's values are (from the metadata model, or guessed from
 * the value for a key the model does not define).
 */
public record SearchTerm(String key, List<String> values, boolean negated, Presence presence, Comparison comparison, Kind kind) {
    public enum Presence { ANY, EMPTY, NON_EMPTY }

    /** {@code :} matches (contains, for text), {@code :=} equals; ordering and ranges are for numbers and dates. */
    public enum Comparison { MATCH, EQUALS, GT, GTE, LT, LTE, RANGE;

        public boolean ordering() {
            return this != MATCH && this != EQUALS;
        }
    }

    /**
     * TEXT: free text, matched as a substring of any text in the value (each language, each list item);
     * WORD: a list of words, one equal to the value (ASCII case ignored); OPTION: a select value,
     * equal to an api slug; NUMBER, DATE, BOOLEAN: compared as such.
     */
    public enum Kind { TEXT, WORD, OPTION, NUMBER, DATE, BOOLEAN }

    public SearchTerm(String key, List<String> values, boolean negated, Presence presence) {
        this(key, values, negated, presence, Comparison.MATCH, Kind.TEXT);
    }

    public SearchTerm {
        values = List.copyOf(values);
    }

    /** The same term with the kind (and values in that kind's form) the metadata model gives its key. */
    public SearchTerm as(Kind kind, List<String> values) {
        return new SearchTerm(key, values, negated, presence, comparison, kind);
    }
}
