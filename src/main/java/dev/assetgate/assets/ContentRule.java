package dev.assetgate.assets;

import java.util.List;

/**
 * What an uploaded file's bytes may be (a key's {@code upload.allowed_types}, {@code upload.max_pixels},
 * {@code upload.max_width}, {@code upload.max_height}): MIME types or {@code type/*} wildcards (empty: any
 * type) and caps on an image's size (null: none). Decided from the file's own bytes
 * ({@link ContentSniffer}), never from the client's Content-Type or the file name.
 */
public record ContentRule(List<String> allowedTypes, Long maxPixels, Long maxWidth, Long maxHeight) {
    public static final ContentRule ANY = new ContentRule(List.of(), null, null, null);

    public ContentRule {
        allowedTypes = List.copyOf(allowedTypes);
    }

    /** True when nothing is restricted: the bytes need not be looked at. */
    public boolean isAny() {
        return allowedTypes.isEmpty() && !capsImages();
    }

    public boolean capsImages() {
        return maxPixels != null || maxWidth != null || maxHeight != null;
    }

    /** True when {@code mime} (sniffed) is one of the allowed types or under one of the wildcards. */
    public boolean allowsType(String mime) {
        if (allowedTypes.isEmpty()) return true;
        for (String allowed : allowedTypes) {
            if (allowed.endsWith("/*") ? mime.startsWith(allowed.substring(0, allowed.length() - 1)) : allowed.equals(mime)) return true;
        }
        return false;
    }
}
