package dev.assetgate.assets;

/** The most bytes one file may have, and the rule that says so (named in the 413 refusal). */
public record UploadLimit(long bytes, String rule) {
    /** No limit of the key's own: the server's max-upload-bytes applies. */
    public static final UploadLimit UNLIMITED = new UploadLimit(Long.MAX_VALUE, "max-upload-bytes");
}
