package dev.assetgate.access;

import dev.assetgate.assets.ContentRule;
import dev.assetgate.assets.UploadLimit;

/**
 * Proof that one upload into a folder passed every check, counted limits included, the most
 * bytes it may have, and what its bytes may be (checked by the upload before anything is stored). Only {@link Access#admitUpload} creates one.
 */
public final class UploadGrant {
    private final FolderGrant folder;
    private final UploadLimit limit;
    private final ContentRule content;
    private final String uploadedBy;
    private final UploadTerms terms;

    UploadGrant(FolderGrant folder, UploadLimit limit, ContentRule content, String uploadedBy, UploadTerms terms) {
        this.folder = folder.require(FolderGrant.Reach.WRITE);
        this.limit = limit;
        this.content = content;
        this.uploadedBy = uploadedBy;
        this.terms = terms;
    }

    /** What the principal admitted fixes about the file: an upload policy's name, size, meta and tags, an Airbox's fresh names and form. */
    public UploadTerms terms() {
        return terms;
    }

    /** The subject of the per-user key admitted (stored as the file's {@code uploaded_by}), or null. */
    public String uploadedBy() {
        return uploadedBy;
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

    public ContentRule content() {
        return content;
    }
}
