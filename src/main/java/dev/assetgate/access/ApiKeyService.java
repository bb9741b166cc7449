package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.ApiKeyStore;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.security.SecureRandom;

/**
 * API secret keys: creation (never stronger than the creator), verification on every request,
 * and management. Verification reads the key through the store, which in the server is a
 * {@link dev.assetgate.store.CachedApiKeyStore}: a key deactivated, narrowed or deleted through this
 * node is refused on its very next request, anywhere else within a second. Expiry is checked here
 * against the clock on every request, cached or not.
 */
public final class ApiKeyService {
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private final ApiKeyStore keys;
    private final ProjectStore projects;
    private final KeyHasher hasher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyStore keys, ProjectStore projects, KeyHasher hasher, Clock clock) {
        this.keys = keys;
        this.projects = projects;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Verifies a presented key; throws UNAUTHORIZED (unknown, malformed, inactive) or KEY_EXPIRED. */
    public ApiKeyRecord authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            throw ApiError.UNAUTHORIZED.with("missing X-Filerobot-Key header").reason("key_missing");
        }
        String candidate = presented.trim();
        if (!KeyHasher.looksLikeKey(candidate)) {
            throw ApiError.UNAUTHORIZED.with("the key is not valid").reason("key_malformed");
        }
        String hash = hasher.hash(candidate);
        Optional<ApiKeyStore.StoredKey> stored = keys.findByHash(hash);
        if (stored.isEmpty() || !KeyHasher.sameHash(stored.get().secretHash(), hash)) {
            throw ApiError.UNAUTHORIZED.with("the key is not valid").reason("api_key_unknown");
        }
        if (!stored.get().key().active()) {
            throw ApiError.UNAUTHORIZED.with("the key is not valid").reason("api_key_inactive"); // same answer: the wire tells nothing
        }
        ApiKeyRecord key = stored.get().key();
        Instant now = clock.instant();
        if (key.expiredAt(now)) {
            throw ApiError.KEY_EXPIRED.with("the key expired at " + key.expiresAt()).reason("api_key_expired");
        }
        if (key.lastUsedAt() == null || key.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            keys.touch(key.id(), now); // at most once a minute: a write per request would serialise all reads
        }
        return key;
    }

    /**
     * The key behind a console session, re-read from the catalog now: empty when it was deleted,
     * deactivated or has expired, so a session never outlives what its key may do.
     */
    public Optional<ApiKeyRecord> stillValid(String id) {
        Instant now = clock.instant();
        Optional<ApiKeyRecord> key = keys.find(id).filter(ApiKeyRecord::active).filter(k -> !k.expiredAt(now));
        key.ifPresent(k -> {
            if (k.lastUsedAt() == null || k.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) keys.touch(k.id(), now);
        });
        return key;
    }

    /**
     * Creates a key. {@code creator} is the key making the call over HTTP, or empty for the operator
     * at the command line; a creator can only hand out what it holds itself.
     */
    public CreatedKey create(NewKey spec, String companyId, Optional<ApiKeyRecord> creator) {
        // The no-escalation check runs first: otherwise "unknown project" (400) versus "not yours" (403)
        // would let a project-scoped key probe which project tokens exist.
        creator.ifPresent(c -> requireNotStronger(c, spec));
        validate(spec, companyId, true, true);
        String secret = hasher.newSecret();
        byte[] id = new byte[8];
        random.nextBytes(id);
        ApiKeyRecord record = new ApiKeyRecord("key_" + HexFormat.of().formatHex(id), companyId, KeyHasher.hint(secret),
                spec.description(), spec.permissions(), spec.companyWide(),
                spec.companyWide() ? Set.of() : new LinkedHashSet<>(spec.projects()),
                true, spec.expiresAt(), clock.instant(), null);
        keys.create(record, hasher.hash(secret));
        return new CreatedKey(record, secret);
    }

    /** Keys the caller may see and manage: those of its company that are not stronger than itself. */
    public List<ApiKeyRecord> visibleTo(Optional<ApiKeyRecord> caller, String companyId) {
        return keys.list(companyId).stream().filter(k -> caller.map(c -> !strongerThan(k, c)).orElse(true)).toList();
    }

    /** Finds a key the caller may manage; a key it may not see answers exactly like an unknown one. */
    public ApiKeyRecord visible(String id, Optional<ApiKeyRecord> caller, String companyId) {
        return keys.find(id)
                .filter(k -> k.companyId().equals(companyId))
                .filter(k -> caller.map(c -> !strongerThan(k, c)).orElse(true))
                .orElseThrow(() -> ApiError.KEY_NOT_FOUND.with("no key with id " + id));
    }

    public ApiKeyRecord update(ApiKeyRecord current, NewKey changed, boolean active, Optional<ApiKeyRecord> caller) {
        caller.ifPresent(c -> requireNotStronger(c, changed)); // first, for the same reason as in create
        // Only what changes is validated: an expired key, or one whose only project was deleted, can
        // still be deactivated or re-described without first being "fixed".
        boolean scopeChanged = changed.companyWide() != current.companyWide() || !changed.projects().equals(current.projects());
        boolean expiryChanged = !java.util.Objects.equals(changed.expiresAt(), current.expiresAt());
        validate(changed, current.companyId(), scopeChanged, expiryChanged);
        ApiKeyRecord updated = new ApiKeyRecord(current.id(), current.companyId(), current.secretHint(), changed.description(),
                changed.permissions(), changed.companyWide(), changed.companyWide() ? Set.of() : new LinkedHashSet<>(changed.projects()),
                active, changed.expiresAt(), current.createdAt(), current.lastUsedAt());
        keys.update(updated);
        return updated;
    }

    public void delete(ApiKeyRecord key) {
        keys.delete(key.id());
    }

    /** After {@link ProjectStore#delete}: the keys scoped to the project lost it. */
    public void projectDeleted(String token) {
        keys.projectDeleted(token);
    }

    private void validate(NewKey spec, String companyId, boolean checkScope, boolean checkExpiry) {
        if (spec.description() == null || spec.description().isBlank()) {
            throw ApiError.INVALID_PARAMETER.with("description is required");
        }
        if (spec.description().length() > 500) {
            throw ApiError.INVALID_PARAMETER.with("description is longer than 500 characters");
        }
        if (checkScope) {
            validateScope(spec, companyId);
        }
        if (checkExpiry && spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant())) {
            throw ApiError.INVALID_PARAMETER.with("expires_at is in the past");
        }
    }

    private void validateScope(NewKey spec, String companyId) {
        if (spec.companyWide() == !spec.projects().isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("a key is either company-wide or valid for a list of projects: give exactly one");
        }
        for (String token : spec.projects()) {
            Project project = projects.find(token)
                    .orElseThrow(() -> ApiError.INVALID_PARAMETER.with("projects: unknown project '" + token + "'"));
            if (!project.companyId().equals(companyId)) {
                throw ApiError.INVALID_PARAMETER.with("projects: unknown project '" + token + "'");
            }
        }
    }

    private static void requireNotStronger(ApiKeyRecord caller, NewKey spec) {
        if (!caller.permissions().covers(spec.permissions())) {
            throw ApiError.PERMISSION_DENIED.with("a key cannot grant permissions it does not hold",
                    "Ask for a subset of the calling key's permissions: " + caller.permissions().names());
        }
        if (spec.companyWide() && !caller.companyWide()) {
            throw ApiError.PERMISSION_DENIED.with("only a company-wide key can create or widen a company-wide key");
        }
        if (!caller.companyWide() && !caller.projects().containsAll(spec.projects())) {
            throw ApiError.PERMISSION_DENIED.with("a key cannot reach projects the calling key does not reach",
                    "Calling key's projects: " + caller.projects());
        }
        if (caller.expiresAt() != null && (spec.expiresAt() == null || spec.expiresAt().isAfter(caller.expiresAt()))) {
            throw ApiError.PERMISSION_DENIED.with("a key cannot outlive the calling key (expires " + caller.expiresAt() + ")",
                    "Give an expires_at no later than the calling key's.");
        }
    }

    /** True when {@code key} holds anything {@code caller} does not: more permissions, projects or lifetime. */
    static boolean strongerThan(ApiKeyRecord key, ApiKeyRecord caller) {
        if (!caller.permissions().covers(key.permissions())) return true;
        if (key.companyWide() && !caller.companyWide()) return true;
        if (!caller.companyWide() && !caller.projects().containsAll(key.projects())) return true;
        return caller.expiresAt() != null && (key.expiresAt() == null || key.expiresAt().isAfter(caller.expiresAt()));
    }
}
