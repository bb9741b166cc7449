package dev.assetgate.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a single-use upload policy fixes about its one file beyond folder, size cap and type: the exact
 * name (null: any), the least size, and the metadata and tags the file gets whatever the uploader sent
 * (the policy's values win). {@code rule} names the policy in every refusal's hint.
 */
public record UploadTerms(String name, long minBytes, ObjectNode meta, List<String> tags, String rule) {
    /** Nothing fixed (every upload but one made with a policy). */
    public static final UploadTerms NONE = new UploadTerms(null, 0, null, List.of(), null);

    public UploadTerms {
        tags = List.copyOf(tags);
    }

    public boolean isNone() {
        return this == NONE;
    }
}
