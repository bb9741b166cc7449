package dev.assetgate.store;

/** Files directly in a folder and in its whole subtree, with their total size. */
public record FolderCounts(long filesDirect, long filesRecursive, long bytesRecursive) {
    public static final FolderCounts EMPTY = new FolderCounts(0, 0, 0);
}
