package dev.assetgate.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The signed terms of one upload (docs/upload-policies.md): where (an exact path: {@code folder} and
 * {@code name}; or anywhere under {@code folder} when {@code name} is null), how large (bytes, both
 * ends included), which types (sniffed from the bytes; empty: any), until when, and the metadata and
 * tags the file gets. {@code signer} is the id of the API key that signed it: the policy lives only
 * while that key may still upload there.
 */
public record UploadPolicy(String id, String project, String signer, String folder, String name, long minBytes, long maxBytes,
                           List<String> allowedTypes, Instant issuedAt, Instant expiresAt, ObjectNode meta, List<String> tags) {
    public UploadPolicy {
        allowedTypes = List.copyOf(allowedTypes);
        tags = List.copyOf(tags);
    }

    /** How refusals name the policy in their hint. */
    public String rule() {
        return "upload policy " + id;
    }

    /** The upload scope entry the policy reaches: its folder, or its folder and everything below it. */
    public String scopeEntry() {
        if (name != null) return folder;
        return folder.equals("/") ? "/*" : folder + "/*";
    }
}
