package dev.assetgate.access;

import dev.assetgate.assets.AssetPaths;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * A template's folder scope, parsed once: entries "/a" (that folder only) or "/a/*" (that folder and
 * every sub-folder); "/*" is everything. An empty scope means no restriction. Paths given to
 * {@link #allows} must already be normalised by {@link AssetPaths#folder}, so "..", "//" or "%2F"
 * spellings cannot slip past a prefix check.
 *
 * <p>An entry may hold {@code {sub}} ({@code /users/{sub}/*}): the subject of a per-user key, put in
 * by {@link #forSubject} when the key is verified. A key without a subject reaches no such entry,
 * and a scope left with none reaches nothing (fail closed, never "unrestricted").
 */
public final class FolderScope {
    public static final FolderScope ANY = new FolderScope(List.of(), List.of());
    /** Reaches no folder: a scope whose every entry needed a subject the key does not have, or an Airbox's list scope. */
    public static final FolderScope NONE = new FolderScope(List.of(), List.of());
    /** Stands for the subject of a per-user key in a scope entry. */
    public static final String SUBJECT = "{sub}";
    private final List<Entry> entries;
    private final List<String> raw;
    /** Computed once: every SASS request asks, and most scopes have no {@code {sub}}. */
    private final boolean usesSubject;

    public record Entry(String path, boolean subtree) {
        boolean allows(String folder) {
            if (subtree) {
                return path.equals("/") || folder.equals(path) || folder.startsWith(path + "/");
            }
            return folder.equals(path);
        }
    }

    private FolderScope(List<Entry> entries, List<String> raw) {
        this.entries = entries;
        this.raw = raw;
        this.usesSubject = raw.stream().anyMatch(r -> r.contains(SUBJECT));
    }

    /** Parses entries; a malformed one is refused with a message naming {@code field[i]}. */
    public static FolderScope parse(List<String> values, String field) {
        List<Entry> entries = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).trim();
            boolean subtree = false;
            String path = value;
            // "/a/*" and the legacy "/a/*/*" both mean the folder and everything below it.
            while (path.endsWith("/*")) {
                subtree = true;
                path = path.substring(0, path.length() - 2);
            }
            if (path.contains("*")) {
                throw ApiError.INVALID_PARAMETER.with(field + "[" + i + "]: '" + value + "' may only end with /*");
            }
            if (!value.startsWith("/")) {
                throw ApiError.INVALID_PARAMETER.with(field + "[" + i + "]: '" + value + "' must be an absolute folder path like /uploads or /uploads/*");
            }
            try {
                path = AssetPaths.folder(path);
            } catch (ApiException e) {
                throw ApiError.INVALID_PARAMETER.with(field + "[" + i + "]: " + e.getMessage());
            }
            entries.add(new Entry(path, subtree));
            raw.add(subtree ? (path.equals("/") ? "/*" : path + "/*") : path);
        }
        return entries.isEmpty() ? ANY : new FolderScope(List.copyOf(entries), List.copyOf(raw));
    }

    /** Exactly one folder, none below it (an Airbox's upload scope); {@code folder} already normalised. */
    public static FolderScope exactly(String folder) {
        return new FolderScope(List.of(new Entry(folder, false)), List.of(folder));
    }

    /** True when an entry holds {@code {sub}}: the scope means something only for a key with a subject. */
    public boolean usesSubject() {
        return usesSubject;
    }

    /**
     * This scope for a key of subject {@code sub} (already checked to be one safe folder name; null:
     * the key has none): {@code {sub}} replaced, or those entries dropped. The result's paths stay
     * normalised because a subject holds no {@code /} and is never {@code .} or {@code ..}.
     */
    public FolderScope forSubject(String sub) {
        if (!usesSubject()) return this;
        List<Entry> kept = new ArrayList<>();
        List<String> keptRaw = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.path().contains(SUBJECT)) {
                kept.add(e);
                keptRaw.add(raw.get(i));
            } else if (sub != null) {
                kept.add(new Entry(e.path().replace(SUBJECT, sub), e.subtree()));
                keptRaw.add(raw.get(i).replace(SUBJECT, sub));
            }
        }
        return kept.isEmpty() ? NONE : new FolderScope(List.copyOf(kept), List.copyOf(keptRaw));
    }

    public boolean unrestricted() {
        return this != NONE && entries.isEmpty();
    }

    public boolean allows(String folder) {
        if (this == NONE) return false;
        if (entries.isEmpty()) return true;
        for (Entry e : entries) {
            if (e.allows(folder)) return true;
        }
        return false;
    }

    /** True when the folder and everything below it are inside the scope (needed to move or delete a folder). */
    public boolean allowsSubtree(String folder) {
        if (this == NONE) return false;
        if (entries.isEmpty()) return true;
        for (Entry e : entries) {
            if (e.subtree() && e.allows(folder)) return true;
        }
        return false;
    }

    /** True when {@code folder} is an ancestor of some scope root (a folder one may list to navigate down). */
    public boolean leadsInto(String folder) {
        String prefix = folder.equals("/") ? "/" : folder + "/";
        for (Entry e : entries) {
            if (e.path().startsWith(prefix)) return true;
        }
        return false;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The normalised entries, as given back to clients (list_scope / upload_scope). */
    public List<String> asList() {
        return raw;
    }
}
