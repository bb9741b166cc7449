package dev.assetgate.assets;

import dev.assetgate.store.SearchTerm;
import dev.assetgate.store.SearchTerm.Presence;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code q=} search syntax: words and {@code "quoted phrases"} (substring of name or
 * metadata), {@code key:value}, {@code key:"a b"}, {@code key:a,b} (OR), {@code a+b} (AND),
 * {@code -term} (NOT), {@code #tag}, {@code key:empty} / {@code key:non-empty}. Terms are AND-ed.
 */
public final class SearchParser {
    private static final int MAX_TERMS = 32;

    private SearchParser() {}

    public static List<SearchTerm> parse(String q) {
        List<SearchTerm> terms = new ArrayList<>();
        if (q == null || q.isBlank()) {
            return terms;
        }
        for (String token : splitOutsideQuotes(q.trim(), ' ')) {
            for (String part : splitOutsideQuotes(token, '+')) {
                if (!part.isEmpty() && terms.size() < MAX_TERMS) {
                    SearchTerm term = term(part);
                    if (term != null) terms.add(term);
                }
            }
        }
        return terms;
    }

    private static SearchTerm term(String raw) {
        boolean negated = raw.startsWith("-") && raw.length() > 1;
        String body = negated ? raw.substring(1) : raw;
        if (body.startsWith("#") && body.length() > 1) {
            return new SearchTerm("tags", List.of(unquote(body.substring(1))), negated, Presence.ANY);
        }
        int colon = indexOutsideQuotes(body, ':');
        if (colon > 0) {
            String key = unquote(body.substring(0, colon));
            String value = body.substring(colon + 1);
            if (value.startsWith("-")) { // key:-value means "is not"
                negated = !negated;
                value = value.substring(1);
            }
            String bare = unquote(value);
            if (bare.equals("empty")) return new SearchTerm(key, List.of(), negated, Presence.EMPTY);
            if (bare.equals("non-empty")) return new SearchTerm(key, List.of(), negated, Presence.NON_EMPTY);
            List<String> values = splitOutsideQuotes(value, ',').stream().map(SearchParser::unquote).filter(v -> !v.isEmpty()).toList();
            return values.isEmpty() ? null : new SearchTerm(key, values, negated, Presence.ANY);
        }
        String word = unquote(body);
        return word.isEmpty() ? null : new SearchTerm(null, List.of(word), negated, Presence.ANY);
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t.replace("\"", "");
    }

    private static int indexOutsideQuotes(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == target && !quoted) return i;
        }
        return -1;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') quoted = !quoted;
            if (ch == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
