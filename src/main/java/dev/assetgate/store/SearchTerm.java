package dev.assetgate.store;

import java.util.List;

/**
 * One term of a {@code q=} search. {@code key} is null for a plain word (substring of name or
 * metadata); {@code values} are OR-ed; {@code negated} inverts the term; {@code EMPTY} and
 * {@code NON_EMPTY} test the presence of a metadata key.
 */
public record SearchTerm(String key, List<String> values, boolean negated, Presence presence) {
    public enum Presence { ANY, EMPTY, NON_EMPTY }
}
