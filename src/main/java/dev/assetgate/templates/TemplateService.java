package dev.assetgate.templates;

import dev.assetgate.access.Channel;
import dev.assetgate.access.ChannelRule;
import dev.assetgate.access.Denial;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.NetworkRule;
import dev.assetgate.access.OriginList;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.InvalidationFeed;
import dev.assetgate.limits.Limit;
import dev.assetgate.limits.Reservation;
import dev.assetgate.net.GeoIp;
import dev.assetgate.store.Revalidation;
import dev.assetgate.store.ApiKeyRecord;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import dev.assetgate.metrics.ServerMetrics;

/**
 * Security Templates and the SASS keys minted from them.
 *
 * <p>A key follows its template's current rules: an edit applies to every live key on the next
 * request (here at once, elsewhere through the feed or the revalidation below). Only deactivation,
 * deletion, "revoke all keys", the revocation of the one key, and for a key minted inline the end of
 * the API key that minted it, end a key before its expiry.
 *
 * <p>Templates are cached compiled ({@link TemplatePolicy}). A change made through this service
 * updates the cache at once, so revocation on this node takes effect on the next request, and is
 * announced on the {@link InvalidationFeed} so every other node drops the entry (or rereads the
 * revoked keys) as soon as the message arrives. As the fallback when a message is lost (Redis down,
 * a node reconnecting, a process without the feed), the cache is revalidated against the catalog's
 * versions at most every {@link #REVALIDATE} — no database read per request, and never more than
 * about a second of staleness.
 */
public final class TemplateService implements io.micrometer.core.instrument.binder.MeterBinder {
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
    /** No-op until {@link #bindTo} (a service built without metrics, as in some tests). */
    private volatile io.micrometer.core.instrument.Counter cacheHits = cacheCounter(ServerMetrics.NONE, "hit");
    private volatile io.micrometer.core.instrument.Counter cacheMisses = cacheCounter(ServerMetrics.NONE, "miss");
    private volatile Set<TemplateStore.RevokedKey> revoked = Set.of();
    private final Revalidation revalidation;

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
        // the server's clock, not real time: tests freeze it to show that only the feed told a node
        this.revalidation = new Revalidation(REVALIDATE, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
        feed.subscribe(this::invalidated);
    }

    // ------------------------------------------------------------------ management

    /** Creates a template; its permissions can only be a subset of what the creator holds. */
    public SecurityTemplate create(String project, TemplateSpec spec, PermissionSet creator, String createdBy, boolean inline) {
        requireWithin(spec, creator);
        byte[] id = new byte[16];
        random.nextBytes(id);
        Instant now = clock.instant();
        SecurityTemplate t = new SecurityTemplate("SECU_" + HexFormat.of().withUpperCase().formatHex(id), project, 1, 1, inline, false,
                spec, now, now);
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

    /**
     * Replaces a template's rules; live keys follow them from the next request. Deactivating ends
     * every key minted so far (re-activating does not bring them back).
     */
    public SecurityTemplate update(String project, String id, TemplateSpec spec, PermissionSet caller) {
        get(project, id);
        requireWithin(spec, caller);
        return changed(store.update(id, spec, !spec.active()), id);
    }

    /** Ends every key minted from the template so far; the template itself keeps minting new ones. */
    public SecurityTemplate revokeAllKeys(String project, String id) {
        get(project, id);
        return changed(store.endKeys(id), id);
    }

    private SecurityTemplate changed(Optional<SecurityTemplate> updated, String id) {
        SecurityTemplate t = updated.orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + id));
        cache.put(id, TemplatePolicy.compile(t)); // this node: the next request sees the new rules
        feed.publish(id);
        return t;
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
     * An API key changed; {@code ended}: it was deleted or deactivated. The keys it minted inline are
     * then refused from the next request on this node, and on the others as soon as they hear of it
     * or revalidate (their templates' minter is gone). Deactivation ends them for good: re-activating
     * the API key does not bring them back. Callers: every place that changes an API key.
     */
    public void apiKeyChanged(String apiKeyId, boolean ended) {
        if (ended) store.endInlineKeys(apiKeyId);
        String message = InvalidationFeed.API_KEY_PREFIX + apiKeyId;
        invalidated(message);
        feed.publish(message);
    }

    /**
     * A change announced on the feed (by any node, this one included): drop the template's entry and
     * revalidate against the catalog on the next request, which also rereads the revoked keys. The
     * revalidation catches an entry reloaded from the catalog just before the change committed.
     */
    private void invalidated(String message) {
        if (!message.startsWith(InvalidationFeed.KEY_PREFIX) && !message.startsWith(InvalidationFeed.API_KEY_PREFIX)) cache.remove(message);
        revalidation.announce();
    }

    private static void requireWithin(TemplateSpec spec, PermissionSet creator) {
        if (!creator.covers(spec.permissions())) {
            throw ApiError.PERMISSION_DENIED.with("a template cannot hold permissions its creator lacks",
                    "Ask for a subset of: " + creator.names());
        }
    }

    // ------------------------------------------------------------------ the key exchange

    public record Minted(String key, SassClaims claims, TemplatePolicy policy) {}

    /** GET /{token}/key/{id}: checks the template, its start, the caller's channel and network, then mints a key. */
    public Minted exchange(String project, String templateId, InetAddress client, Channel channel) {
        TemplatePolicy policy = current(templateId)
                .filter(p -> p.template().project().equals(project) && !p.template().inline())
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + templateId + " in project " + project,
                        "Check the template id (SECU_...) and the project token."));
        if (!policy.template().active()) {
            throw ApiError.TEMPLATE_INACTIVE.with("security template " + templateId + " is deactivated").reason("template_inactive");
        }
        notBeforeStart(policy.spec(), clock.instant());
        if (policy.usesSubject()) { // its scopes name a user: the anonymous exchange has none to give (fail closed)
            throw ApiError.PERMISSION_DENIED.with("security template " + templateId + " has {sub} in a folder scope: its keys are per-user keys",
                    "Rule: " + subjectRule(policy) + ". A backend mints them: POST /" + project + "/key/" + templateId + " {\"sub\": ...}")
                    .reason("subject_required");
        }
        Denial channelDenial = ChannelRule.deny(policy.spec().httpsOnly(), policy.origins(), channel);
        if (channelDenial != null) throw channelDenial.refusal();
        checkNetwork(policy, client);
        // per (template, source IP): one busy template does not use up another's exchanges from a shared NAT
        Long own = policy.spec().exchangeLimitPerSourceIp();
        long max = own != null ? own : exchangesPerMinute;
        String ip = client == null ? "unknown" : client.getHostAddress();
        Counters.Decision d = counters.acquire(List.of(Limit.perWindow(own != null ? "exchange.limit_per_source_ip" : "key_exchange_per_ip",
                "exchange:" + templateId + ":" + ip, max, Duration.ofMinutes(1))));
        if (!d.allowed()) {
            throw RateLimits.refused(d, "key exchange: at most " + max + " keys per minute per source IP from this template");
        }
        return mint(policy, null, null);
    }

    /** The scope that names {@code {sub}}, for a refusal's hint. */
    private static String subjectRule(TemplatePolicy policy) {
        return policy.uploadScope().usesSubject() ? "upload.dir_scope" : "listing.dir_scope";
    }

    /**
     * POST /{token}/key/{template}: a backend (an API key with CONFIG_CHANGE) mints a key of the
     * template for one end user, {@code subject} (checked by {@link Subject#check}), signed into the
     * key. The template's permissions must be within the API key's, and the key never outlives it.
     * The browser's rules (origins, IP ranges, HTTPS) are not checked here — the backend is not the
     * browser — but on every request the key makes.
     */
    public Minted mintForSubject(String project, String templateId, String subject, ApiKeyRecord caller) {
        Subject.check(subject);
        TemplatePolicy policy = current(templateId)
                .filter(p -> p.template().project().equals(project) && !p.template().inline())
                .orElseThrow(() -> ApiError.SECURITY_TEMPLATE_NOT_FOUND.with("no security template " + templateId + " in project " + project));
        if (!policy.template().active()) {
            throw ApiError.TEMPLATE_INACTIVE.with("security template " + templateId + " is deactivated").reason("template_inactive");
        }
        notBeforeStart(policy.spec(), clock.instant());
        requireWithin(policy.spec(), caller.permissions());
        return mint(policy, caller.expiresAt(), subject);
    }

    /** The allowed origins of a template of the project (none for an unknown one): the exchange's CORS answer follows them. */
    public OriginList allowedOrigins(String project, String templateId) {
        return current(templateId).filter(p -> p.template().project().equals(project) && !p.template().inline())
                .map(TemplatePolicy::origins).orElse(OriginList.ANY);
    }

    /**
     * POST /{token}/key: a key with inline rules, never wider than the calling API key and never
     * living longer; it is recorded so the operator can list and revoke it, and it dies with that key.
     */
    public Minted mintInline(String project, TemplateSpec spec, ApiKeyRecord caller) {
        if (spec.uploadDirScope().stream().anyMatch(d -> d.contains(FolderScope.SUBJECT))
                || spec.listingDirScope().stream().anyMatch(d -> d.contains(FolderScope.SUBJECT))) {
            throw ApiError.INVALID_PARAMETER.with("an inline key has no subject: {sub} may not appear in its folder scopes",
                    "Use a template with {sub} and POST /" + project + "/key/{template} {\"sub\": ...}");
        }
        SecurityTemplate inline = create(project, spec, caller.permissions(), caller.id(), true);
        Minted minted = mint(TemplatePolicy.compile(inline), caller.expiresAt(), null);
        SassClaims c = minted.claims();
        store.recordInlineKey(new TemplateStore.InlineKey(c.keyId(), inline.id(), project, caller.id(), c.issuedAt(), c.expiresAt()),
                clock.instant().minus(leeway));
        return minted;
    }

    /** Mints a key from a template, expiring by {@code notAfter} when given, for {@code subject} when given. */
    private Minted mint(TemplatePolicy policy, Instant notAfter, String subject) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // claims carry whole seconds
        byte[] id = new byte[12];
        random.nextBytes(id);
        SecurityTemplate t = policy.template();
        Instant expires = now.plusSeconds(t.spec().expireSeconds());
        if (notAfter != null && notAfter.isBefore(expires)) expires = notAfter.truncatedTo(ChronoUnit.SECONDS);
        SassClaims claims = new SassClaims("sk_" + HexFormat.of().formatHex(id), t.project(), t.id(), t.version(), now, expires, subject);
        return new Minted(codec.mint(claims), claims, policy);
    }

    /** A key minted inline, and whether it was revoked by its id. */
    public record InlineKeyState(TemplateStore.InlineKey key, boolean revoked) {}

    /** The inline keys an API key minted that can still be used (not yet expired). */
    public List<InlineKeyState> inlineKeys(String apiKeyId) {
        Instant now = clock.instant();
        revalidate(now);
        Set<TemplateStore.RevokedKey> gone = revoked;
        return store.inlineKeys(apiKeyId, now.minus(leeway)).stream()
                .map(k -> new InlineKeyState(k, gone.contains(new TemplateStore.RevokedKey(k.project(), k.keyId())))).toList();
    }

    /** Whether a server holds a GeoIP database: without one, a template's country list refuses every request. */
    public boolean geoIpConfigured() {
        return geoIp.configured();
    }

    /**
     * Whether a key of template {@code t}, minted at {@code keyVersion} (null: not known), is refused
     * by a revocation: its id revoked, the template deactivated or all its keys revoked since.
     */
    public boolean revoked(SecurityTemplate t, String keyId, Long keyVersion) {
        revalidate(clock.instant());
        if (revoked.contains(new TemplateStore.RevokedKey(t.project(), keyId)) || !t.active()) return true;
        return keyVersion != null && !t.keeps(keyVersion);
    }

    /** Revokes one key an API key minted inline; a key it did not mint answers like an unknown one. */
    public TemplateStore.InlineKey revokeInlineKey(String apiKeyId, String keyId) {
        TemplateStore.InlineKey key = inlineKeys(apiKeyId).stream().map(InlineKeyState::key).filter(k -> k.keyId().equals(keyId))
                .findFirst().orElseThrow(() -> ApiError.KEY_NOT_FOUND.with("no live SASS key " + keyId + " minted by key " + apiKeyId));
        revokeKey(key.project(), keyId);
        return key;
    }

    // ------------------------------------------------------------------ verification

    /**
     * Verifies a SASS key: signature, expiry (with leeway), project, revocation (key revoked; template
     * deleted or deactivated, or all its keys revoked, since minting; the API key that minted it
     * inline gone) and the template's current validity. Network and scopes are checked per action.
     * Each refusal names its internal reason for the audit trail.
     */
    public SassPrincipal verify(String token, String project) {
        return verify(signed(token), project);
    }

    /** The claims of a key this server signed (forged or malformed: 401); nothing else is checked yet. */
    public SassClaims signed(String token) {
        return codec.verify(token);
    }

    /** {@link #verify(String, String)} of claims already {@link #signed}. */
    public SassPrincipal verify(SassClaims claims, String project) {
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt().plus(leeway))) {
            throw ApiError.KEY_EXPIRED.with("the SASS key expired at " + claims.expiresAt(), "Obtain a new key from the security template.")
                    .reason("expired");
        }
        if (!claims.project().equals(project)) {
            throw ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + project + "'").reason("other_project");
        }
        revalidate(now);
        if (revoked.contains(new TemplateStore.RevokedKey(claims.project(), claims.keyId()))) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked").reason("revoked_by_id");
        }
        TemplatePolicy policy = current(claims.templateId()).orElseThrow(() ->
                ApiError.UNAUTHORIZED.with("the SASS key was revoked: its security template was deleted").reason("template_deleted"));
        SecurityTemplate t = policy.template();
        if (t.minterGone()) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked: the API key that minted it was deleted, deactivated or has expired")
                    .reason("api_key_gone");
        }
        if (!t.active()) {
            throw ApiError.UNAUTHORIZED.with("the SASS key was revoked: its security template is deactivated").reason("template_inactive");
        }
        if (!t.keeps(claims.templateVersion())) {
            throw t.inline() ? ApiError.UNAUTHORIZED.with("the SASS key was revoked: the API key that minted it was deactivated")
                    .reason("api_key_gone")
                    : ApiError.UNAUTHORIZED.with("the SASS key was revoked: the keys of its security template were revoked",
                    "Obtain a new key from the security template.").reason("template_keys_revoked");
        }
        notBeforeStart(t.spec(), now); // starts_at moved later since minting: the key waits too
        Instant byCurrentRules = claims.issuedAt().plusSeconds(t.spec().expireSeconds());
        if (now.isAfter(byCurrentRules.plus(leeway))) { // the template's validity was shortened since minting
            throw ApiError.KEY_EXPIRED.with("the SASS key expired at " + byCurrentRules + " under its template's current key_validity",
                    "Obtain a new key from the security template.").reason("template_validity_shortened");
        }
        return new SassPrincipal(claims, policy);
    }

    /** key_validity.starts_at: before it, the template mints nothing and its keys are refused. */
    private static void notBeforeStart(TemplateSpec spec, Instant now) {
        if (spec.startsAt() != null && now.isBefore(spec.startsAt())) {
            throw ApiError.KEY_NOT_YET_VALID.with("the security template's keys are valid from " + spec.startsAt(),
                    "Rule: key_validity.starts_at").reason("not_started");
        }
    }

    /**
     * Reserves one upload against the key's limits, all or nothing: per key per minute, per source IP
     * per minute across every key of the template (a fresh key does not reset it), and per key in
     * total. Refused → 429 naming the rule; nothing is counted then. The caller commits the
     * reservation when the upload succeeded and releases it when it failed.
     */
    public Reservation admitUpload(SassPrincipal p, InetAddress client) {
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
        return reserve(limits, "upload limit reached");
    }

    /**
     * Reserves {@code bytes} (one upload's declared size) against the key's byte quotas, all or
     * nothing: {@code upload.bytes_per_period} in a sliding window and {@code upload.max_bytes} for the
     * key's life. Refused → 429 naming the rule; settled like {@link #admitUpload}.
     */
    public Reservation admitUploadBytes(SassPrincipal p, long bytes) {
        ByteQuota q = p.policy().spec().uploadBytes();
        String key = p.claims().keyId();
        List<Limit> limits = new java.util.ArrayList<>();
        if (q.bytesPerPeriod() != null) {
            limits.add(Limit.perWindow("upload.bytes_per_period", "up-bytes:" + key, q.bytesPerPeriod(),
                    Duration.ofSeconds(q.periodSeconds())).costing(bytes));
        }
        if (q.maxBytes() != null) {
            limits.add(Limit.total("upload.max_bytes", "up-bytes-total:" + key, q.maxBytes(), keyLife(p)).costing(bytes));
        }
        return reserve(limits, "upload byte quota reached: this upload of " + bytes + " bytes does not fit");
    }

    /** Reserves one listing or search call against {@code listing.max} (per key, in total); settled like {@link #admitUpload}. */
    public Reservation admitListing(SassPrincipal p) {
        Long max = p.policy().spec().listingMax();
        return reserve(max == null ? List.of() : List.of(Limit.total("listing.max", "list-total:" + p.claims().keyId(), max, keyLife(p))),
                "listing limit reached");
    }

    private Reservation reserve(List<Limit> limits, String message) {
        Reservation r = counters.reserve(limits);
        if (!r.allowed()) {
            Counters.Decision d = r.decision();
            throw RateLimits.refused(d, message + ": " + d.refusedBy().name() + " = " + d.refusedBy().max());
        }
        return r;
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

    /** The compiled-template cache behind every SASS key check: lookups by result, and its size. */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        this.cacheHits = cacheCounter(registry, "hit");
        this.cacheMisses = cacheCounter(registry, "miss");
        io.micrometer.core.instrument.Gauge.builder("assetgate.templates.cache.size", cache, Map::size)
                .description("Compiled security templates held by this node").register(registry);
    }

    private static io.micrometer.core.instrument.Counter cacheCounter(io.micrometer.core.instrument.MeterRegistry registry, String result) {
        return io.micrometer.core.instrument.Counter.builder("assetgate.templates.cache").tag("result", result)
                .description("Compiled security template lookups of SASS key checks: hit (cached) or miss (read from the catalog)")
                .register(registry);
    }

    private Optional<TemplatePolicy> current(String id) {
        revalidate(clock.instant());
        TemplatePolicy cached = cache.get(id);
        if (cached != null) {
            cacheHits.increment();
            return Optional.of(cached);
        }
        cacheMisses.increment();
        Optional<TemplatePolicy> loaded = store.find(id).map(TemplatePolicy::compile);
        loaded.ifPresent(p -> cache.put(id, p));
        return loaded;
    }

    /** Drops cache entries whose version changed in the catalog (another process edited them), rereads the revoked keys. */
    private void revalidate(Instant now) {
        revalidation.ifDue(() -> {
            Map<String, Long> versions = store.versions();
            cache.entrySet().removeIf(e -> !Long.valueOf(e.getValue().template().version()).equals(versions.get(e.getKey())));
            revoked = Set.copyOf(store.revokedKeys(now));
        });
    }
}
