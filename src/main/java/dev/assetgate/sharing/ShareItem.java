package dev.assetgate.sharing;

import dev.assetgate.access.FolderScope;

/**
 * One shared item: a file, or a folder with its live contents (its own files, or with
 * {@code subtree} everything below it). {@code location} is where the item is now, as read with the
 * share: the file's folder path or the folder's path; null when the item was deleted since.
 * {@code origin} is where it was when it was last shared (kept when it is deleted, so the share
 * still belongs to the keys that could act on it); null when unknown.
 */
public record ShareItem(Kind kind, String uuid, boolean subtree, String location, String origin) {

    public enum Kind {
        FILE("file_uuid"), FOLDER("folder_uuid");

        /** The item type on the wire ({@code items[].type}). */
        public final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    public static ShareItem file(String uuid) {
        return new ShareItem(Kind.FILE, uuid, false, null, null);
    }

    public static ShareItem folder(String uuid, boolean subtree) {
        return new ShareItem(Kind.FOLDER, uuid, subtree, null, null);
    }

    public ShareItem at(String location) {
        return new ShareItem(kind, uuid, subtree, location, origin);
    }

    public boolean exists() {
        return location != null;
    }

    /** Where the item was last shared from, to keep: where it is now, or, once deleted, where it was. */
    public String lastSeen() {
        return exists() ? location : origin;
    }

    /**
     * True when everything this item exposes lies inside {@code scope}: a live item where it is now,
     * a deleted one where it was (unknown: outside every restricted scope, failing closed).
     */
    public boolean within(FolderScope scope) {
        String folder = lastSeen();
        if (folder == null) return false;
        return kind == Kind.FOLDER && subtree ? scope.allowsSubtree(folder) : scope.allows(folder);
    }

    /** True when a file in {@code folderPath} is part of what this (folder) item exposes. */
    public boolean covers(String folderPath) {
        if (kind != Kind.FOLDER || !exists()) return false;
        if (folderPath.equals(location)) return true;
        return subtree && (location.equals("/") || folderPath.startsWith(location + "/"));
    }
}
