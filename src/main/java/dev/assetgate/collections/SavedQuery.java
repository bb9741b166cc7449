package dev.assetgate.collections;

import dev.assetgate.assets.SearchParser;
import dev.assetgate.labels.LabelFilter;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.SearchTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a collection stores: a {@code q} expression (the search syntax of {@code GET files}), a folder
 * with or without its sub-folders, an optional MIME filter ({@code image/png}, {@code image/*},
 * {@code image}) and label sids combined with OR, AND or NOT. A listing of the collection is the
 * request's own query ANDed with this one, always inside the caller's listing scope.
 */
public record SavedQuery(String q, String folder, boolean recursive, String mime, List<String> labels, String labelsOperator) {
    /** Every file of the project. */
    public static final SavedQuery EVERYTHING = new SavedQuery("", "/", true, null, List.of(), "OR");

    public SavedQuery {
        labels = List.copyOf(labels);
    }

    /** The search terms of {@code q} (read by {@code parse}) and of the label filter. */
    public List<SearchTerm> terms(Function<String, List<SearchTerm>> parse) {
        List<SearchTerm> terms = new ArrayList<>(parse.apply(q));
        terms.addAll(LabelFilter.terms(labels, labelsOperator));
        return terms;
    }

    /**
     * The request ANDed with this query and with {@code extra} terms: the intersection of the two
     * folder ranges (only when the request named a folder; else this query's folder alone), of the two
     * MIME filters, and all terms. Order, page and scope are the request's. Empty when the two
     * exclude each other (no file can match both).
     */
    public Optional<FileQuery> narrow(FileQuery asked, boolean askedForFolder, List<SearchTerm> extra) {
        return narrow(asked, askedForFolder, extra, SearchParser::parse);
    }

    /** As above, with {@code q} read by {@code parse} (typed by the project's metadata model, as GET files reads its q=). */
    public Optional<FileQuery> narrow(FileQuery asked, boolean askedForFolder, List<SearchTerm> extra,
                                      Function<String, List<SearchTerm>> parse) {
        Optional<Place> place = askedForFolder
                ? Place.intersect(new Place(asked.folderPath(), asked.recursive()), new Place(folder, recursive))
                : Optional.of(new Place(folder, recursive));
        Optional<String> type = intersectMime(asked.mime(), mime);
        if (place.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        List<SearchTerm> all = new ArrayList<>(asked.terms());
        all.addAll(terms(parse));
        all.addAll(extra);
        return Optional.of(new FileQuery(place.get().path(), place.get().recursive(), all, type.get().isEmpty() ? null : type.get(),
                asked.sort(), asked.descending(), asked.limit(), asked.offset(), asked.scope(), asked.window()));
    }

    /** A folder, alone or with everything below it. */
    record Place(String path, boolean recursive) {
        static Optional<Place> intersect(Place a, Place b) {
            if (a.path.equals(b.path)) return Optional.of(new Place(a.path, a.recursive && b.recursive));
            if (below(b.path, a.path)) return a.recursive ? Optional.of(b) : Optional.empty();
            if (below(a.path, b.path)) return b.recursive ? Optional.of(a) : Optional.empty();
            return Optional.empty();
        }

        private static boolean below(String path, String ancestor) {
            return "/".equals(ancestor) ? !"/".equals(path) : path.startsWith(ancestor + "/");
        }
    }

    /**
     * Both MIME filters at once: "" for no filter, the narrower of two compatible ones, empty when
     * they exclude each other ({@code image/*} and {@code video/mp4}).
     */
    static Optional<String> intersectMime(String a, String b) {
        if (a == null) return Optional.of(b == null ? "" : b);
        if (b == null) return Optional.of(a);
        if (!majorType(a).equals(majorType(b))) return Optional.empty();
        if (wildcard(a)) return Optional.of(b);
        if (wildcard(b)) return Optional.of(a);
        return a.equalsIgnoreCase(b) ? Optional.of(a) : Optional.empty();
    }

    private static String majorType(String mime) {
        int slash = mime.indexOf('/');
        return (slash < 0 ? mime : mime.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    /** "image/*" and "image" name a whole type. */
    static boolean wildcard(String mime) {
        return mime.endsWith("/*") || !mime.contains("/");
    }
}
