package dev.assetgate.assets;

import dev.assetgate.metadata.MetaDates;
import dev.assetgate.store.SearchTerm;
import dev.assetgate.store.SearchTerm.Comparison;
import dev.assetgate.store.SearchTerm.Kind;
import dev.assetgate.store.SearchTerm.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the {@code q=} search syntax (reference §5.13): words and {@code "quoted phrases"}
 * (substring of name or metadata), {@code key:value}, {@code key:"a b"}, {@code key:a,b} (OR),
 * {@code a+b} (AND), {@code -term} and {@code key:-value} and {@code key!=value} (NOT), {@code #tag},
 * {@code key:empty} / {@code key:non-empty}, {@code key:=value} (equals), and for numbers and dates
 * {@code key>v}, {@code key>=v}, {@code key<v}, {@code key<=v} (also written {@code key:>v}) and
 * {@code key:lo..hi}. Terms are AND-ed. The terms come out untyped; the metadata model types them.
 */
public final class SearchParser {
    private static final int MAX_TERMS = 32;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** What may follow "key:" to compare instead of match (longest first). */
    private static final List<String> VALUE_OPERATORS = List.of(">=", "<=", ">", "<", "=");

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
        int[] op = operator(body);
        if (op == null || op[0] == 0) {
            return word(body, negated);
        }
        String key = unquote(body.substring(0, op[0]));
        String symbol = body.substring(op[0], op[0] + op[1]);
        String rest = body.substring(op[0] + op[1]);
        if (symbol.equals("!=")) {
            return match(key, rest, !negated, Comparison.MATCH);
        }
        if (!symbol.equals(":")) {
            SearchTerm ordered = ordered(key, unquote(rest), negated, comparisonOf(symbol));
            return ordered != null ? ordered : word(body, negated); // neither a number nor a date: not a comparison
        }
        for (String prefix : VALUE_OPERATORS) { // key:>v, key:=v
            if (rest.startsWith(prefix)) {
                Comparison comparison = comparisonOf(prefix);
                if (comparison == Comparison.EQUALS) return match(key, rest.substring(1), negated, comparison);
                SearchTerm ordered = ordered(key, unquote(rest.substring(prefix.length())), negated, comparison);
                if (ordered != null) return ordered;
                break; // not a comparison: the text itself, as before
            }
        }
        return match(key, rest, negated, Comparison.MATCH);
    }

    private static Comparison comparisonOf(String symbol) {
        return switch (symbol) {
            case ">" -> Comparison.GT;
            case ">=" -> Comparison.GTE;
            case "<" -> Comparison.LT;
            case "<=" -> Comparison.LTE;
            case "=" -> Comparison.EQUALS;
            default -> Comparison.MATCH;
        };
    }

    private static SearchTerm word(String body, boolean negated) {
        String word = unquote(body);
        return word.isEmpty() ? null : new SearchTerm(null, List.of(word), negated, Presence.ANY);
    }

    /** key:value, key:a,b (OR), key:-value (NOT), key:empty, key:non-empty, key:"lo..hi" (range). */
    private static SearchTerm match(String key, String value, boolean negated, Comparison comparison) {
        if (value.startsWith("-")) { // key:-value means "is not"
            negated = !negated;
            value = value.substring(1);
        }
        String bare = unquote(value);
        if (bare.equals("empty")) return new SearchTerm(key, List.of(), negated, Presence.EMPTY);
        if (bare.equals("non-empty")) return new SearchTerm(key, List.of(), negated, Presence.NON_EMPTY);
        int dots = bare.indexOf("..");
        if (dots > 0 && comparison == Comparison.MATCH) {
            Kind low = kindOf(bare.substring(0, dots));
            Kind high = kindOf(bare.substring(dots + 2));
            if (low != null && low == high) {
                return new SearchTerm(key, List.of(operand(bare.substring(0, dots), low), operand(bare.substring(dots + 2), high)),
                        negated, Presence.ANY, Comparison.RANGE, low);
            }
        }
        List<String> values = splitOutsideQuotes(value, ',').stream().map(SearchParser::unquote).filter(v -> !v.isEmpty()).toList();
        return values.isEmpty() ? null : new SearchTerm(key, values, negated, Presence.ANY, comparison, Kind.TEXT);
    }

    /** key>value and the like: only a number or a date can be ordered; null otherwise. */
    private static SearchTerm ordered(String key, String value, boolean negated, Comparison comparison) {
        Kind kind = kindOf(value);
        return kind == null ? null : new SearchTerm(key, List.of(operand(value, kind)), negated, Presence.ANY, comparison, kind);
    }

    /** NUMBER or DATE when the text is one, else null; the metadata model may still say otherwise for its fields. */
    public static Kind kindOf(String value) {
        if (NUMBER.matcher(value.trim()).matches()) return Kind.NUMBER;
        return MetaDates.normalise(value).isPresent() ? Kind.DATE : null;
    }

    private static String operand(String value, Kind kind) {
        return kind == Kind.DATE ? MetaDates.normalise(value).orElseThrow() : value.trim();
    }

    /** The first operator outside quotes as {index, length}: ':', '>', '>=', '<', '<=' or '!='; null when none. */
    private static int[] operator(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                boolean equalsNext = i + 1 < s.length() && s.charAt(i + 1) == '=';
                if (ch == ':') return new int[] {i, 1};
                if (ch == '>' || ch == '<') return new int[] {i, equalsNext ? 2 : 1};
                if (ch == '!' && equalsNext) return new int[] {i, 2};
            }
        }
        return null;
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t.replace("\"", "");
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
