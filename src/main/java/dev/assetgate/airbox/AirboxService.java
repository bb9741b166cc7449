package dev.assetgate.airbox;

import dev.assetgate.access.PasswordPass;
import dev.assetgate.error.ApiError;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.Limit;
import dev.assetgate.limits.Reservation;
import dev.assetgate.sharing.PasswordHasher;
import dev.assetgate.templates.RateLimits;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Airboxes (docs/airboxes.md): their management, the public side's checks (found in the URL's
 * project → open → password proof) that turn a puid into an {@link AirboxPrincipal}, the password
 * unlock with its brute-force limits (the sharebox settings), and the totals an Airbox takes.
 *
 * <p>Totals: the files and bytes an Airbox has received are held by the counters (in-process, or
 * Redis for a cluster, exact across nodes), reserved before a file is stored and kept only when the
 * upload succeeds, like a key's byte quota. A full Airbox answers 403 AIRBOX_FULL and stores nothing.
 */
public final class AirboxService {
    /** The header of an upload into an Airbox (the Scaleflex uploader's name for it). */
    public static final String PUID_HEADER = "X-Filerobot-Airbox-Puid";
    /** The header carrying the access token of an unlocked, password-protected Airbox. */
    public static final String ACCESS_HEADER = "X-Airbox-Access";
    public static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(10);
    /** How long an Airbox's totals are kept by the counters: longer than any Airbox is expected to live. */
    private static final Duration TOTALS_KEPT = Duration.ofDays(3650);
    private static final Base64.Encoder PUID = Base64.getUrlEncoder().withoutPadding();
    private final AirboxStore store;
    private final Counters counters;
    private final PasswordHasher hasher;
    private final AirboxPass pass;
    private final Clock clock;
    private final int attemptsPerIp;
    private final int attemptsPerAirbox;
    private final SecureRandom random = new SecureRandom();

    public AirboxService(AirboxStore store, Counters counters, PasswordHasher hasher, AirboxPass pass, Clock clock,
                         int attemptsPerIp, int attemptsPerAirbox) {
        this.store = store;
        this.counters = counters;
        this.hasher = hasher;
        this.pass = pass;
        this.clock = clock;
        this.attemptsPerIp = attemptsPerIp;
        this.attemptsPerAirbox = attemptsPerAirbox;
    }

    public Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ management

    public Airbox create(String project, AirboxSpec spec, String createdBy) {
        byte[] puid = new byte[16];
        random.nextBytes(puid);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Airbox airbox = new Airbox(UUID.randomUUID().toString(), project, PUID.encodeToString(puid), spec.folder, spec.title,
                spec.message == null ? "" : spec.message, spec.password == null ? null : hasher.hash(spec.password),
                spec.startsAt, spec.endsAt, spec.maxFiles, spec.maxBytes,
                spec.allowedTypes == null ? List.of() : spec.allowedTypes, spec.form == null ? AirboxForm.EMPTY : spec.form,
                spec.active == null || spec.active, createdBy, now, now);
        store.create(airbox);
        return airbox;
    }

    public List<Airbox> list(String project) {
        return store.list(project);
    }

    public Airbox find(String project, String uuid) {
        return store.find(project, uuid).orElseThrow(() -> ApiError.AIRBOX_NOT_FOUND.with("no Airbox " + uuid + " in this project"));
    }

    public Airbox update(Airbox current, AirboxSpec changes) {
        Instant startsAt = changes.has("starts_at") ? changes.startsAt : current.startsAt();
        Instant endsAt = changes.has("ends_at") ? changes.endsAt : current.endsAt();
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiError.INVALID_PARAMETER.with("ends_at must be after starts_at");
        }
        String passwordHash = current.passwordHash();
        if (changes.has("password")) passwordHash = changes.password == null ? null : hasher.hash(changes.password);
        Airbox updated = new Airbox(current.uuid(), current.project(), current.puid(),
                changes.has("folder") ? changes.folder : current.folder(),
                changes.has("title") ? changes.title : current.title(),
                changes.has("message") ? (changes.message == null ? "" : changes.message) : current.message(),
                passwordHash, startsAt, endsAt,
                changes.has("max_files") ? changes.maxFiles : current.maxFiles(),
                changes.has("max_bytes") ? changes.maxBytes : current.maxBytes(),
                changes.has("allowed_types") ? changes.allowedTypes : current.allowedTypes(),
                changes.has("form") ? changes.form : current.form(),
                changes.has("active") ? changes.active : current.active(),
                current.createdBy(), current.createdAt(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return store.update(updated).orElseThrow(() -> ApiError.AIRBOX_NOT_FOUND.with("no Airbox " + current.uuid() + " in this project"));
    }

    public void delete(String project, String uuid) {
        if (!store.delete(project, uuid)) throw ApiError.AIRBOX_NOT_FOUND.with("no Airbox " + uuid + " in this project");
    }

    // ------------------------------------------------------------------ public side

    /**
     * The Airbox of {@code puid} in the project of the URL, open now; an unknown puid and one of
     * another project answer the same (AIRBOX_NOT_FOUND). Closed (inactive, not open yet, ended):
     * AIRBOX_CLOSED.
     */
    public Airbox open(String project, String puid) {
        Airbox airbox = (puid == null || puid.isBlank() || puid.length() > 64 ? java.util.Optional.<Airbox>empty() : store.findByPuid(puid.trim()))
                .filter(a -> a.project().equals(project))
                .orElseThrow(() -> ApiError.AIRBOX_NOT_FOUND.with("no Airbox with this link").reason("airbox_unknown"));
        switch (airbox.state(clock.instant())) {
            case INACTIVE -> throw ApiError.AIRBOX_CLOSED.with("this Airbox is deactivated").reason("airbox_inactive");
            case SCHEDULED -> throw ApiError.AIRBOX_CLOSED.with("this Airbox opens at " + airbox.startsAt())
                    .reason("airbox_not_open_yet");
            case ENDED -> throw ApiError.AIRBOX_CLOSED.with("this Airbox closed at " + airbox.endsAt()).reason("airbox_ended");
            case OPEN -> { }
        }
        return airbox;
    }

    /**
     * The upload principal of an open Airbox; a protected one needs a valid access token from
     * {@link #unlock} (none or a stale one: AIRBOX_PASSWORD_REQUIRED). Nothing is counted here.
     */
    public AirboxPrincipal principal(String project, String puid, String accessToken) {
        Airbox airbox = open(project, puid);
        if (airbox.passwordProtected() && !pass.valid(airbox, accessToken, clock.instant())) {
            throw ApiError.AIRBOX_PASSWORD_REQUIRED.with(accessToken == null
                    ? "this Airbox is protected by a password" : "the Airbox access token is not valid (expired, or the password changed)")
                    .reason("airbox_password_required");
        }
        return new AirboxPrincipal(airbox);
    }

    /**
     * Checks the password of a protected Airbox and mints an access token. Every check counts, right
     * or wrong, against the attempts per source IP and per Airbox (10 minutes), so a full window is
     * refused (429) before anything is hashed. An unprotected Airbox needs no unlock: null.
     */
    public PasswordPass.Token unlock(Airbox airbox, String password, InetAddress client) {
        if (!airbox.passwordProtected()) return null;
        if (password == null || password.isEmpty()) {
            throw ApiError.AIRBOX_PASSWORD_REQUIRED.with("send the Airbox's password").reason("airbox_password_required");
        }
        String ip = client == null ? "unknown" : client.getHostAddress();
        Counters.Decision d = counters.acquire(List.of(
                Limit.perWindow("airbox.password_per_ip", "airbox-pw-ip:" + ip, attemptsPerIp, ATTEMPT_WINDOW),
                Limit.perWindow("airbox.password_per_airbox", "airbox-pw:" + airbox.uuid(), attemptsPerAirbox, ATTEMPT_WINDOW)));
        if (!d.allowed()) {
            throw RateLimits.refused(d, "too many password attempts: " + d.refusedBy().name() + " = " + d.refusedBy().max()
                    + " per " + ATTEMPT_WINDOW.toMinutes() + " minutes");
        }
        if (!hasher.verify(password, airbox.passwordHash())) {
            throw ApiError.AIRBOX_PASSWORD_INVALID.with("wrong password for this Airbox").reason("airbox_password_invalid");
        }
        return pass.mint(airbox, clock.instant());
    }

    // ------------------------------------------------------------------ totals

    /** Reserves one file against the Airbox's {@code max_files}; full: 403 AIRBOX_FULL, nothing held. */
    public Reservation reserveFile(Airbox airbox) {
        if (airbox.maxFiles() == null) return Reservation.nothing();
        return reserve(Limit.total("airbox.max_files", "airbox-files:" + airbox.uuid(), airbox.maxFiles(), TOTALS_KEPT),
                "this Airbox has received the most files it takes (" + airbox.maxFiles() + ")");
    }

    /** Reserves one file's {@code bytes} against the Airbox's {@code max_bytes}; full: 403 AIRBOX_FULL. */
    public Reservation reserveBytes(Airbox airbox, long bytes) {
        if (airbox.maxBytes() == null) return Reservation.nothing();
        return reserve(Limit.total("airbox.max_bytes", "airbox-bytes:" + airbox.uuid(), airbox.maxBytes(), TOTALS_KEPT).costing(bytes),
                "this file of " + bytes + " bytes does not fit in what the Airbox still takes (at most " + airbox.maxBytes() + " bytes in total)");
    }

    private Reservation reserve(Limit limit, String message) {
        Reservation r = counters.reserve(List.of(limit));
        if (!r.allowed()) throw ApiError.AIRBOX_FULL.with(message, "Rule: " + limit.name()).reason("limit:" + limit.name());
        return r;
    }
}
