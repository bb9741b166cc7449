package dev.assetgate.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.UploadTerms;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.Json;
import java.util.LinkedHashSet;
import java.util.List;

/** What a single-use upload policy fixes about its one file: the exact name (if it names one), the least size, and metadata and tags that win over the uploader's. */
record PolicyTerms(UploadPolicy policy) implements UploadTerms {
    @Override
    public String storedName(String folder, String name) {
        if (policy.name() != null && !policy.name().equals(name)) {
            throw ApiError.FOLDER_NOT_ALLOWED.with("'" + AssetPaths.join(folder, name) + "' is not the path the upload policy names",
                    "Rule: " + rule() + " path " + AssetPaths.join(folder, policy.name())).reason("outside_upload_policy");
        }
        return name;
    }

    /** The uploader's metadata with the policy's fields put over it: the uploader cannot change them. */
    @Override
    public ObjectNode meta(ObjectNode given) {
        if (policy.meta() == null) return given;
        ObjectNode merged = given == null ? Json.object() : given.deepCopy();
        merged.setAll(policy.meta().deepCopy());
        return merged;
    }

    /** The uploader's tags and the policy's, each once. */
    @Override
    public List<String> tags(List<String> given) {
        if (policy.tags().isEmpty()) return given;
        LinkedHashSet<String> all = new LinkedHashSet<>(given);
        all.addAll(policy.tags());
        return List.copyOf(all);
    }

    @Override
    public long minBytes() {
        return policy.minBytes();
    }

    @Override
    public String rule() {
        return policy.rule();
    }
}
