package dev.assetgate.sharing;

import dev.assetgate.access.FolderScope;

/**
 * One shared item: a file, or a folder with its live contents (its own files, or with
 * {@code subtree} everything below it). {@code location} is where the item is now, as read with the
 * share: the file's folder path or the folder's path; null when the item was deleted since.
 */
public record ShareItem(Kind kind, String uuid, boolean subtree, String location) {

    public enum Kind {
        FILE("file_uuid"), FOLDER("folder_uuid");

        /** The item type on the wire ({@code items[].type}). */
        public final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    public static ShareItem file(String uuid) {
        return new ShareItem(Kind.FILE, uuid, false, null);
    }

    public static ShareItem folder(String uuid, boolean subtree) {
        return new ShareItem(Kind.FOLDER, uuid, subtree, null);
    }

    public ShareItem at(String location) {
        return new ShareItem(kind, uuid, subtree, location);
    }

    public boolean exists() {
        return location != null;
    }

    /** True when everything this item exposes lies inside {@code scope} (a deleted item exposes nothing). */
    public boolean within(FolderScope scope) {
        if (!exists()) return true;
        return kind == Kind.FOLDER && subtree ? scope.allowsSubtree(location) : scope.allows(location);
    }

    /** True when a file in {@code folderPath} is part of what this (folder) item exposes. */
    public boolean covers(String folderPath) {
        if (kind != Kind.FOLDER || !exists()) return false;
        if (folderPath.equals(location)) return true;
        return subtree && (location.equals("/") || folderPath.startsWith(location + "/"));
    }
}
