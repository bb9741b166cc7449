package dev.assetgate.access;

import dev.assetgate.assets.UploadLimit;

/**
 * Proof that one upload into a folder passed every check, counted limits included, and the most
 * bytes it may have. Only {@link Access#admitUpload} creates one.
 */
public final class UploadGrant {
    private final FolderGrant folder;
    private final UploadLimit limit;

    UploadGrant(FolderGrant folder, UploadLimit limit) {
        this.folder = folder.require(FolderGrant.Reach.WRITE);
        this.limit = limit;
    }

    public String project() {
        return folder.project();
    }

    public String folder() {
        return folder.path();
    }

    public UploadLimit limit() {
        return limit;
    }
}
