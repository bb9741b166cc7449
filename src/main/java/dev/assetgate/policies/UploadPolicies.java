package dev.assetgate.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.Permission;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.limits.Reservation;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.store.UploadPolicyUses;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Single-use upload policies (docs/upload-policies.md): an API key signs the terms of one upload; a
 * browser presents the token instead of a key. Loading a token checks, in order: signature, expiry,
 * project, and that the signing key still exists, is active and may still upload into the project.
 * The one use is a row in the catalog claimed when the upload is admitted and kept only if it succeeds.
 */
public final class UploadPolicies {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadPolicies.class);
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/(\\*|[a-z0-9][a-z0-9.+-]*)");
    private static final int MAX_TAGS = 50;
    public static final long DEFAULT_SECONDS = 600;
    private final UploadPolicyCodec codec;
    private final UploadPolicyUses uses;
    private final ApiKeyService keys;
    private final ProjectStore projects;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration maxLifetime;
    private final BiFunction<String, ObjectNode, ObjectNode> metaCheck;

    /** {@code metaCheck}: the project's metadata model, applied to a policy's metadata when it is signed. */
    public UploadPolicies(UploadPolicyCodec codec, UploadPolicyUses uses, ApiKeyService keys, ProjectStore projects, AuditLog audit,
                          Clock clock, Duration maxLifetime, BiFunction<String, ObjectNode, ObjectNode> metaCheck) {
        this.codec = codec;
        this.uses = uses;
        this.keys = keys;
        this.projects = projects;
        this.audit = audit;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
        this.metaCheck = metaCheck;
    }

    /** What a backend asks to sign: exactly one of {@code path} (one file) and {@code folder} (anywhere below it). */
    public record Terms(String path, String folder, Long minBytes, Long maxBytes, List<String> allowedTypes, Long expiresIn,
                        ObjectNode meta, List<String> tags) {}

    public record Signed(UploadPolicy policy, String token) {}

    /**
     * Signs a policy for {@code signer}, which the route already found holding FILE_UPLOAD on
     * {@code project} (and writing anywhere in it: API keys have no folder scope). Bad terms: 400, and
     * nothing is recorded.
     */
    public Signed sign(ApiKeyRecord signer, Project project, Terms t) {
        if ((t.path() == null) == (t.folder() == null)) {
            throw ApiError.INVALID_PARAMETER.with("give exactly one of path (one file) and folder (any file below it)");
        }
        String folder;
        String name = null;
        if (t.path() != null) {
            if (!t.path().startsWith("/") || t.path().endsWith("/")) throw ApiError.INVALID_PARAMETER.with("path must be an absolute file path like /incoming/a.jpg");
            String[] split = AssetPaths.split(t.path());
            folder = split[0];
            name = split[1];
        } else {
            folder = AssetPaths.folder(t.folder());
        }
        long min = t.minBytes() == null ? 0 : t.minBytes();
        if (t.maxBytes() == null) throw ApiError.INVALID_PARAMETER.with("max_bytes is required: a policy always caps the size");
        long max = t.maxBytes();
        if (min < 0 || max < 1 || min > max) throw ApiError.INVALID_PARAMETER.with("need 0 <= min_bytes <= max_bytes and max_bytes >= 1, not " + min + ".." + max);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < t.allowedTypes().size(); i++) {
            String type = t.allowedTypes().get(i).trim().toLowerCase(Locale.ROOT);
            if (!MIME_TYPE.matcher(type).matches()) {
                throw ApiError.INVALID_PARAMETER.with("allowed_types[" + i + "]: '" + t.allowedTypes().get(i) + "' is not a MIME type",
                        "Write types as type/subtype or type/*, e.g. image/png, image/*, application/pdf.");
            }
            types.add(type);
        }
        long seconds = t.expiresIn() == null ? Math.min(DEFAULT_SECONDS, maxLifetime.toSeconds()) : t.expiresIn();
        if (seconds < 1 || seconds > maxLifetime.toSeconds()) {
            throw ApiError.INVALID_PARAMETER.with("expires_in must be 1.." + maxLifetime.toSeconds() + " seconds, not " + seconds,
                    "Policies are short-lived: the server caps them at upload-policy-max-seconds.");
        }
        if (t.tags().size() > MAX_TAGS) throw ApiError.INVALID_PARAMETER.with("tags: at most " + MAX_TAGS);
        ObjectNode meta = t.meta() == null ? null : metaCheck.apply(project.token(), t.meta());
        Instant now = clock.instant();
        UploadPolicy policy = new UploadPolicy("upol_" + UUID.randomUUID().toString().replace("-", ""), project.token(), signer.id(),
                folder, name, min, max, types, now, now.plusSeconds(seconds), meta, t.tags());
        String token = codec.sign(policy);
        if (token.length() > UploadPolicyCodec.MAX_LENGTH) {
            throw ApiError.INVALID_PARAMETER.with("the policy is too large to travel in a header (" + token.length() + " > "
                    + UploadPolicyCodec.MAX_LENGTH + " characters)", "Give it less metadata or fewer tags.");
        }
        return new Signed(policy, token);
    }

    /**
     * The principal of an upload presenting {@code token} on project {@code projectToken}; refused
     * (401) when forged, expired, for another project, or its signing key may no longer upload there.
     */
    public UploadPolicyPrincipal load(String token, String projectToken) {
        UploadPolicy policy = codec.verify(token.trim());
        if (!clock.instant().isBefore(policy.expiresAt())) {
            throw ApiError.UPLOAD_POLICY_EXPIRED.with("upload policy " + policy.id() + " expired at " + policy.expiresAt())
                    .reason("upload_policy_expired");
        }
        if (!policy.project().equals(projectToken)) {
            throw ApiError.UPLOAD_POLICY_INVALID.with("upload policy " + policy.id() + " is for another project").reason("upload_policy_other_project");
        }
        boolean signerMayUpload = keys.stillValid(policy.signer())
                .filter(k -> k.permissions().has(Permission.FILE_UPLOAD))
                .filter(k -> projects.find(projectToken).filter(k::reaches).isPresent())
                .isPresent();
        if (!signerMayUpload) {
            throw ApiError.UPLOAD_POLICY_INVALID.with("the key that signed upload policy " + policy.id()
                    + " is deleted, deactivated or expired, or may no longer upload into this project").reason("upload_policy_signer_gone");
        }
        return new UploadPolicyPrincipal(policy);
    }

    /**
     * Deletes the uses of policies that expired over an hour ago; the hourly sweep calls it. Such a row
     * decides nothing any more: an expired policy is refused at its expiry check, before any claim (the
     * hour covers clocks that differ between nodes). When each was used stays in the audit trail.
     */
    public int sweep() {
        return uses.forgetExpiredBefore(clock.instant().minus(Duration.ofHours(1)));
    }

    /**
     * Claims the policy's one use for an upload being admitted: refused (409) when another upload claimed
     * or used it. Kept (and recorded in the audit trail) when the upload succeeds, given back otherwise.
     */
    Reservation claim(UploadPolicy policy, InetAddress client) {
        if (!uses.claim(policy.id(), policy.project(), policy.signer(), clock.instant(), policy.expiresAt())) {
            throw ApiError.UPLOAD_POLICY_USED.with("upload policy " + policy.id() + " was used already (or another upload is using it)",
                    "Rule: " + policy.rule() + " admits one upload. Ask the backend for a new policy.").reason("upload_policy_used");
        }
        return Reservation.heldBy(policy.id(), keep -> {
            try {
                if (keep) uses.markUsed(policy.id(), clock.instant());
                else uses.release(policy.id());
            } catch (RuntimeException e) {
                // the claim stays: the policy is spent without (another) upload, never used twice (fail closed)
                LOG.warn("could not settle the claim of upload policy {}: {}", policy.id(), e.toString());
            }
            if (keep) used(policy, client);
        });
    }

    private void used(UploadPolicy policy, InetAddress client) {
        try {
            String company = projects.find(policy.project()).map(Project::companyId).orElse(audit.defaultCompanyId());
            audit.entry("upload_policy.used", company).project(policy.project()).key(policy.signer()).ip(client.getHostAddress())
                    .detail("policy", policy.id()).record();
        } catch (RuntimeException e) {
            // the audit trail never changes the answer
        }
    }
}
