package dev.assetgate.store;

import java.time.Instant;

/**
 * The one use of each single-use upload policy, shared by every node through the catalog. A claim is
 * atomic (a unique policy id): of any number of concurrent uploads with one policy, exactly one claims it.
 */
public interface UploadPolicyUses {
    /** Claims the policy for an upload now starting; false when it is claimed or used already. */
    boolean claim(String policyId, String project, String signerKeyId, Instant at, Instant expiresAt);

    /** The claimed upload succeeded: the policy is spent for good. */
    void markUsed(String policyId, Instant at);

    /** The claimed upload failed or was refused: the claim goes, the policy may be used again. */
    void release(String policyId);

    /** Deletes the uses of policies that expired before {@code before}; how many went. */
    int forgetExpiredBefore(Instant before);
}
