package dev.assetgate.console;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;

import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.SessionStore;
import dev.assetgate.store.SessionStore.StoredSession;
import dev.assetgate.templates.SassCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Console sessions: an API key holding CONFIG_LIST or CONFIG_CHANGE is exchanged once for a random
 * 256-bit session id (the cookie), so the key itself never stays in the browser. Only
 * HMAC(server secret, id) is stored; the CSRF token is HMAC(server secret, "csrf:" + id), derived
 * again on every request rather than stored. Every use re-reads the key from the catalog: a
 * deactivated, expired or deleted key ends its sessions at once.
 */
public final class SessionService {
    public static final String COOKIE = "assetgate_session";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** The idle clock is moved at most this often per session: a write per request would serialise reads. */
    private static final Duration MAX_TOUCH_INTERVAL = Duration.ofSeconds(15);
    private final SessionStore store;
    private final ApiKeyService keys;
    private final SecretKeySpec macKey;
    private final Clock clock;
    private final Duration idle;
    private final Duration max;
    private final Duration touchInterval;
    private final SecureRandom random = new SecureRandom();

    public SessionService(SessionStore store, ApiKeyService keys, byte[] serverSecret, Clock clock, Duration idle, Duration max) {
        this.store = store;
        this.keys = keys;
        this.macKey = new SecretKeySpec(serverSecret, "HmacSHA256");
        this.clock = clock;
        this.idle = idle;
        this.max = max;
        Duration quarter = idle.dividedBy(4);
        this.touchInterval = quarter.compareTo(MAX_TOUCH_INTERVAL) < 0 ? quarter : MAX_TOUCH_INTERVAL;
    }

    /** A new session and its id (the cookie value, known only to the browser from now on). */
    public record Opened(String id, ConsoleSession session) {}

    /**
     * Signs in with an API secret key; 401 for an unknown, inactive or expired key, 403 for a SASS key
     * or a key holding neither CONFIG_LIST nor CONFIG_CHANGE.
     */
    public Opened open(String presentedKey) {
        return open(signInKey(presentedKey));
    }

    /** The first half of a sign-in: the presented key verified (401 unknown/inactive/expired, 403 a SASS key). */
    public ApiKeyRecord signInKey(String presentedKey) {
        if (SassCodec.looksLikeSass(presentedKey)) {
            throw ApiError.PERMISSION_DENIED.with("the console needs an API secret key, not a SASS key");
        }
        return keys.authenticate(presentedKey);
    }

    /** The second half: a session for a verified key holding CONFIG_LIST or CONFIG_CHANGE (else 403). */
    public Opened open(ApiKeyRecord key) {
        Decider.manage(key, Need.any(CONFIG_LIST, CONFIG_CHANGE));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = B64.encodeToString(bytes);
        Instant now = clock.instant();
        Instant endsAt = now.plus(max);
        if (key.expiresAt() != null && key.expiresAt().isBefore(endsAt)) endsAt = key.expiresAt();
        StoredSession stored = new StoredSession(hash(id), key.id(), now, now, endsAt);
        store.create(stored);
        return new Opened(id, live(id, stored, key, now));
    }

    /** The live session of a cookie value; 401 SESSION_EXPIRED when unknown, ended, idle too long or its key is no longer valid. */
    public ConsoleSession resolve(String id) {
        if (!wellFormed(id)) throw ended("the session is not valid");
        String hash = hash(id);
        StoredSession stored = store.find(hash)
                .filter(s -> MessageDigest.isEqual(s.idHash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> ended("the session has ended"));
        Instant now = clock.instant();
        if (!now.isBefore(stored.endsAt()) || !now.isBefore(stored.lastSeenAt().plus(idle))) {
            store.delete(hash);
            throw ended("the session has expired");
        }
        Optional<ApiKeyRecord> key = keys.stillValid(stored.keyId())
                .filter(k -> k.permissions().has(CONFIG_LIST) || k.permissions().has(CONFIG_CHANGE));
        if (key.isEmpty()) {
            store.delete(hash);
            throw ended("the key of this session is no longer valid (deleted, deactivated, expired or without CONFIG_LIST/CONFIG_CHANGE)");
        }
        if (!now.isBefore(stored.lastSeenAt().plus(touchInterval))) {
            store.touch(hash, now);
            stored = new StoredSession(hash, stored.keyId(), stored.createdAt(), now, stored.endsAt());
        }
        return live(id, stored, key.get(), stored.lastSeenAt());
    }

    /** Refuses a state change whose X-CSRF-Token is missing or wrong (constant-time compare). */
    public void checkCsrf(ConsoleSession session, String presented) {
        if (presented == null || !MessageDigest.isEqual(presented.trim().getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.CSRF_TOKEN_INVALID.with("a change made with the console session needs its X-CSRF-Token header");
        }
    }

    /** Ends the session on the server (signing out). */
    public void end(ConsoleSession session) {
        store.delete(session.idHash());
    }

    /** Deletes sessions that have ended; the hourly sweep calls it. */
    public int sweep() {
        Instant now = clock.instant();
        return store.deleteExpired(now, now.minus(idle));
    }

    /** Seconds the cookie may live: up to the session's absolute end (the server enforces the idle timeout). */
    public long cookieMaxAge(ConsoleSession session) {
        return Math.max(0, Duration.between(clock.instant(), session.endsAt()).getSeconds());
    }

    private ConsoleSession live(String id, StoredSession stored, ApiKeyRecord key, Instant lastSeen) {
        Instant idleEnd = lastSeen.plus(idle);
        Instant expiresAt = idleEnd.isBefore(stored.endsAt()) ? idleEnd : stored.endsAt();
        return new ConsoleSession(stored.idHash(), key, B64.encodeToString(mac("csrf:" + id)), expiresAt, stored.endsAt());
    }

    private static ApiException ended(String message) {
        return ApiError.SESSION_EXPIRED.with(message);
    }

    private String hash(String id) {
        return HexFormat.of().formatHex(mac("session:" + id));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 43 base64url characters (256 bits), checked before any hashing. */
    private static boolean wellFormed(String id) {
        if (id == null || id.length() != 43) return false;
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (!(Character.isLetterOrDigit(ch) && ch < 128) && ch != '-' && ch != '_') return false;
        }
        return true;
    }
}
