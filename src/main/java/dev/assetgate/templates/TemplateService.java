package dev.assetgate.templates;

import dev.assetgate.access.Denial;
import dev.assetgate.access.NetworkRule;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.InvalidationFeed;
import dev.assetgate.limits.Limit;
import dev.assetgate.net.GeoIp;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Security Templates and the SASS keys minted from them.
 *
 * <p>Templates are cached compiled ({@link TemplatePolicy}). A change made through this service
 * updates the cache at once, so revocation on this node takes effect on the next request, and is
 * announced on the {@link InvalidationFeed} so every other node drops the entry (or rereads the
 * revoked keys) as soon as the message arrives. As the fallback when a message is lost (Redis down,
 * a node reconnecting, a process without the feed), the cache is revalidated against the catalog's
 * versions at most every {@link #REVALIDATE} — no database read per request, and never more than
 * about a second of staleness.
 */
public final class TemplateService {
    static final Duration REVALIDATE = Duration.ofSeconds(1);
    private final TemplateStore store;
    private final SassCodec codec;
    private final Counters counters;
    private final InvalidationFeed feed;
    private final GeoIp geoIp;
    private final Clock clock;
    private final Duration leeway;
    private final long exchangesPerMinute;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TemplatePolicy> cache = new ConcurrentHashMap<>();
    private volatile Set<TemplateStore.RevokedKey> revoked = Set.of();
    private volatile Instant validatedAt = Instant.EPOCH;
    private final AtomicLong invalidations = new AtomicLong();

    public TemplateService(TemplateStore store, SassCodec codec, Counters counters, InvalidationFeed feed, GeoIp geoIp,
                           Clock clock, Duration leeway, long exchangesPerMinute) {
        this.store = store;
        this.codec = codec;
        this.counters = counters;
        this.feed = feed;
        this.geoIp = geoIp;
        this.clock = clock;
        this.leeway = leeway;
        this.exchangesPerMinute = exchangesPerMinute;
        feed.subscribe(this::invalidated);
    }

    // ------------------------------------------------------------------ management

    /** Creates a template; its permissions can only be a subset of what the creator holds. */
    public SecurityTemplate create(String project, TemplateSpec spec, PermissionSet creator, String createdBy, boolean inline) {
        requireWithin(spec, creator);
        byte[] id = new byte[16];
        random.nextBytes(id);
        Instant now = clock.instant();
        SecurityTemplate t = new SecurityTemplate("SECU_" + HexFormat.of().withUpperCase().formatHex(id), project, 1, inline, spec, now, now);
        store.create(t, createdBy);
        cache.put(t.id(), TemplatePolicy.compile(t)); // not announced: a new id is in no node's cache
        return t;
    }

    public List<SecurityTemplate> list(String project) {
        return store.list(project);
    }

    /** The template of this project; another project's template answers exactly like an unknown one. */
    public SecurityTemplate get(String project, String id) {
        return store.find(id).filter(t -> t.project().equals(project) && !t.inline())
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + id + " in project " + project));
    }

    /** A template by id alone (the CLI), inline ones excluded. */
    public SecurityTemplate get(String id) {
        return store.find(id).filter(t -> !t.inline())
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + id));
    }

    public SecurityTemplate update(String project, String id, TemplateSpec spec, PermissionSet caller) {
        get(project, id);
        requireWithin(spec, caller);
        SecurityTemplate updated = store.update(id, spec)
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + id));
        cache.put(id, TemplatePolicy.compile(updated)); // version bumped: keys minted before are refused from now on
        feed.publish(id);
        return updated;
    }

    public void delete(String project, String id) {
        get(project, id);
        store.delete(id);
        cache.remove(id);
        feed.publish(id);
    }

    /** Revokes one SASS key by its id, until it would have expired anyway (verify accepts it for the leeway after expiry too). */
    public void revokeKey(String project, String keyId) {
        store.revokeKey(keyId, project, clock.instant().plus(Duration.ofSeconds(TemplateSpec.MAX_EXPIRE_SECONDS)).plus(leeway));
        String message = InvalidationFeed.KEY_PREFIX + keyId;
        invalidated(message); // here at once: the next verification rereads the revoked keys
        feed.publish(message);
    }

    /**
     * A change announced on the feed (by any node, this one included): drop the template's entry and
     * revalidate against the catalog on the next request, which also rereads the revoked keys. The
     * revalidation catches an entry reloaded from the catalog just before the change committed.
     */
    private void invalidated(String message) {
        if (!message.startsWith(InvalidationFeed.KEY_PREFIX)) cache.remove(message);
        invalidations.incrementAndGet();
        validatedAt = Instant.EPOCH;
    }

    private static void requireWithin(TemplateSpec spec, PermissionSet creator) {
        if (!creator.covers(spec.permissions())) {
            throw ApiError.PERMISSION_DENIED.with("a template cannot hold permissions its creator lacks",
                    "Ask for a subset of: " + creator.names());
        }
    }

    // ------------------------------------------------------------------ the key exchange

    public record Minted(String key, SassClaims claims, TemplatePolicy policy) {}

    /** GET /{token}/key/{id}: checks the template and the caller's network, then mints a key. */
    public Minted exchange(String project, String templateId, InetAddress client) {
        TemplatePolicy policy = current(templateId)
                .filter(p -> p.template().project().equals(project) && !p.template().inline())
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + templateId + " in project " + project,
                        "Check the template id (SECU_...) and the project token."));
        if (!policy.template().active()) {
            throw ApiError.TEMPLATE_INACTIVE.with("security template " + templateId + " is deactivated");
        }
        checkNetwork(policy, client);
        Counters.Decision d = counters.acquire(List.of(Limit.perWindow("key_exchange_per_ip", "exchange:" + client.getHostAddress(),
                exchangesPerMinute, Duration.ofMinutes(1))));
        if (!d.allowed()) {
            throw RateLimits.refused(d, "key exchange: at most " + exchangesPerMinute + " keys per minute per source IP");
        }
        return mint(policy);
    }

    /** Mints a key from a template (the exchange, or POST /{token}/key with an inline template). */
    public Minted mint(TemplatePolicy policy) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // claims carry whole seconds
        byte[] id = new byte[12];
        random.nextBytes(id);
        SecurityTemplate t = policy.template();
        SassClaims claims = new SassClaims("sk_" + HexFormat.of().formatHex(id), t.project(), t.id(), t.version(), now,
                now.plusSeconds(t.spec().expireSeconds()));
        return new Minted(codec.mint(claims), claims, policy);
    }

    // ------------------------------------------------------------------ verification

    /**
     * Verifies a SASS key: signature, expiry (with leeway), project, revocation (template gone,
     * deactivated or changed since minting; key revoked). Network and scopes are checked per action.
     */
    public SassPrincipal verify(String token, String project) {
        SassClaims claims = codec.verify(token);
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt().plus(leeway))) {
            throw ApiError.KEY_EXPIRED.with("the SASS key expired at " + claims.expiresAt(), "Obtain a new key from the security template.");
        }
        if (!claims.project().equals(project)) {
            throw ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + project + "'");
        }
        revalidate(now);
        if (revoked.contains(new TemplateStore.RevokedKey(claims.project(), claims.keyId()))) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked");
        }
        TemplatePolicy policy = current(claims.templateId())
                .orElseThrow(() -> ApiError.UNAUTHORIZED.with("the SASS key was revoked: its security template was deleted"));
        if (!policy.template().active()) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked: its security template is deactivated");
        }
        if (policy.template().version() != claims.templateVersion()) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked: its security template changed",
                    "Obtain a new key from the security template.");
        }
        return new SassPrincipal(claims, policy);
    }

    /**
     * Counts one upload against the key's limits, all or nothing: per key per minute, per source IP
     * per minute across every key of the template (a fresh key does not reset it), and per key in
     * total. Refused → 429 naming the rule; nothing is counted then.
     */
    public void admitUpload(SassPrincipal p, InetAddress client) {
        TemplateSpec s = p.policy().spec();
        String key = p.claims().keyId();
        Duration life = keyLife(p);
        List<Limit> limits = new java.util.ArrayList<>();
        if (s.uploadLimitPerMin() != null) {
            limits.add(Limit.perWindow("upload.limit_per_min", "up-key:" + key, s.uploadLimitPerMin(), Duration.ofMinutes(1)));
        }
        if (s.uploadLimitPerSourceIp() != null) {
            limits.add(Limit.perWindow("upload.limit_per_source_ip", "up-ip:" + p.claims().templateId() + ":"
                    + (client == null ? "unknown" : client.getHostAddress()), s.uploadLimitPerSourceIp(), Duration.ofMinutes(1)));
        }
        if (s.uploadMax() != null) {
            limits.add(Limit.total("upload.max", "up-total:" + key, s.uploadMax(), life));
        }
        acquire(limits, "upload limit reached");
    }

    /** Counts one listing or search call against {@code listing.max} (per key, in total). */
    public void admitListing(SassPrincipal p) {
        Long max = p.policy().spec().listingMax();
        if (max != null) {
            acquire(List.of(Limit.total("listing.max", "list-total:" + p.claims().keyId(), max, keyLife(p))), "listing limit reached");
        }
    }

    private void acquire(List<Limit> limits, String message) {
        if (limits.isEmpty()) return;
        Counters.Decision d = counters.acquire(limits);
        if (!d.allowed()) {
            throw RateLimits.refused(d, message + ": " + d.refusedBy().name() + " = " + d.refusedBy().max());
        }
    }

    /** How long a key's counters must be kept: until it can no longer be used. */
    private Duration keyLife(SassPrincipal p) {
        Duration left = Duration.between(clock.instant(), p.claims().expiresAt().plus(leeway));
        return left.isNegative() ? Duration.ofSeconds(1) : left;
    }

    /** IP ranges, then country (fail closed: no database or no country while a list is set is a refusal). */
    public void checkNetwork(TemplatePolicy policy, InetAddress client) {
        Denial denial = NetworkRule.deny(policy.ipRanges(), policy.countries(), geoIp, client);
        if (denial != null) throw denial.refusal();
    }

    private Optional<TemplatePolicy> current(String id) {
        revalidate(clock.instant());
        TemplatePolicy cached = cache.get(id);
        if (cached != null) return Optional.of(cached);
        Optional<TemplatePolicy> loaded = store.find(id).map(TemplatePolicy::compile);
        loaded.ifPresent(p -> cache.put(id, p));
        return loaded;
    }

    /** Drops cache entries whose version changed in the catalog (another process edited them). */
    private void revalidate(Instant now) {
        if (now.isBefore(validatedAt.plus(REVALIDATE))) return;
        synchronized (this) {
            if (now.isBefore(validatedAt.plus(REVALIDATE))) return;
            long seen = invalidations.get();
            Map<String, Long> versions = store.versions();
            cache.entrySet().removeIf(e -> !Long.valueOf(e.getValue().template().version()).equals(versions.get(e.getKey())));
            revoked = Set.copyOf(store.revokedKeys(now));
            // a message that arrived while reading may announce what was just read stale: read again next time
            validatedAt = invalidations.get() == seen ? now : Instant.EPOCH;
        }
    }
}
