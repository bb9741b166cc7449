package dev.assetgate.sharing;

import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.PasswordPass;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.limits.Counters;
import dev.assetgate.limits.Limit;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Page;
import dev.assetgate.templates.RateLimits;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Shareboxes: their management (the caller has been authorised and scope-checked by the HTTP layer)
 * and their public side, which has no key: opening a share by its public id (anything but an active
 * share is "not found"), the password check with its brute-force limits, the live contents, the
 * membership test for downloads and the counting of uses. Knows nothing of HTTP.
 *
 * <p>Password attempts: every check of a presented password counts, right or wrong, against a
 * sliding 10-minute window per source IP (over all shares) and per share (over all sources); both
 * are counted before the hash is computed, atomically through the {@link Counters} port (exact across
 * nodes with Redis), so a refused attempt costs no hashing and a full window refuses even the right
 * password. A right password yields an access token ({@link ShareAccess}), so one visit spends one attempt.
 */
public final class ShareService {
    /** Files listed per shared folder in a public reading (the download route serves every member). */
    public static final int MAX_FILES_PER_FOLDER = 1000;
    public static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(10);
    private static final Base64.Encoder PUID = Base64.getUrlEncoder().withoutPadding();

    private final ShareStore store;
    private final AssetCatalog catalog;
    private final Counters counters;
    private final PasswordHasher hasher;
    private final ShareAccess access;
    private final Clock clock;
    private final int attemptsPerIp;
    private final int attemptsPerShare;
    private final SecureRandom random = new SecureRandom();

    public ShareService(ShareStore store, AssetCatalog catalog, Counters counters, PasswordHasher hasher, ShareAccess access,
                        Clock clock, int attemptsPerIp, int attemptsPerShare) {
        this.store = store;
        this.catalog = catalog;
        this.counters = counters;
        this.hasher = hasher;
        this.access = access;
        this.clock = clock;
        this.attemptsPerIp = attemptsPerIp;
        this.attemptsPerShare = attemptsPerShare;
    }

    public Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ management

    /** The items with their current location; an unknown file or folder of the project is a 404 naming it. */
    public List<ShareItem> locate(String project, List<ShareItem> items) {
        List<ShareItem> located = new ArrayList<>();
        for (ShareItem item : items) {
            if (item.kind() == ShareItem.Kind.FILE) {
                FileRecord file = catalog.file(project, item.uuid())
                        .orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + item.uuid()));
                located.add(item.at(file.folderPath()));
            } else {
                Folder folder = catalog.folderByUuid(project, item.uuid())
                        .orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("no folder with uuid " + item.uuid()));
                located.add(item.at(folder.path()));
            }
        }
        return located;
    }

    /**
     * Creates a share of items the caller may read: {@code readable} holds a grant for where each item
     * is, in order (the items are located again here, so one moved since cannot slip through).
     */
    public Share create(String project, ShareSpec spec, List<FolderGrant> readable, String createdBy) {
        List<ShareItem> located = granted(locate(project, spec.items), readable); // stored with where each item is (its origin)
        checkDates(spec.startsAt, spec.expiresAt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] puid = new byte[16];
        random.nextBytes(puid);
        Share share = new Share(UUID.randomUUID().toString(), project, PUID.encodeToString(puid), spec.title,
                spec.description == null ? "" : spec.description, spec.startsAt, spec.expiresAt,
                spec.password == null ? null : hasher.hash(spec.password), spec.download == null || spec.download, spec.maxUses, 0,
                located, createdBy, now, now);
        store.create(share);
        return find(project, share.uuid());
    }

    private static List<ShareItem> granted(List<ShareItem> located, List<FolderGrant> readable) {
        if (located.size() != readable.size()) throw new IllegalStateException("no grant for every shared item");
        for (int i = 0; i < located.size(); i++) {
            ShareItem item = located.get(i);
            FolderGrant grant = readable.get(i).require(item.kind() == ShareItem.Kind.FOLDER && item.subtree()
                    ? FolderGrant.Reach.READ_SUBTREE : FolderGrant.Reach.READ);
            if (!grant.path().equals(item.location())) throw new IllegalStateException("the grant is for " + grant.path() + ", not " + item.location());
        }
        return located;
    }

    public Share find(String project, String uuid) {
        return store.find(project, uuid).orElseThrow(() -> notFound());
    }

    public List<Share> list(String project) {
        return store.list(project);
    }

    /** Applies the members the body names; {@code items} replaces every item. */
    /** Changes a share; new items need a grant each, as for {@link #create}. */
    public Share update(Share current, ShareSpec changes, List<FolderGrant> readable) {
        List<ShareItem> items = changes.has("items") ? granted(locate(current.project(), changes.items), readable) : current.items();
        Instant startsAt = changes.has("starts_at") ? changes.startsAt : current.startsAt();
        Instant expiresAt = changes.has("expires_at") ? changes.expiresAt : current.expiresAt();
        checkDates(startsAt, expiresAt);
        String passwordHash = current.passwordHash();
        if (changes.has("password")) passwordHash = changes.password == null ? null : hasher.hash(changes.password);
        Share updated = new Share(current.uuid(), current.project(), current.puid(),
                changes.has("title") ? changes.title : current.title(),
                changes.has("description") ? changes.description : current.description(),
                startsAt, expiresAt, passwordHash,
                changes.has("download") ? changes.download : current.download(),
                changes.has("max_uses") ? changes.maxUses : current.maxUses(),
                current.uses(),
                items,
                current.createdBy(), current.createdAt(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return store.update(updated).orElseThrow(() -> notFound());
    }

    public void delete(String project, String uuid) {
        if (!store.delete(project, uuid)) throw notFound();
    }

    private static void checkDates(Instant startsAt, Instant expiresAt) {
        if (startsAt != null && expiresAt != null && !expiresAt.isAfter(startsAt)) {
            throw ApiError.INVALID_PARAMETER.with("expires_at must be later than starts_at");
        }
    }

    // ------------------------------------------------------------------ public side

    /** The share behind a public id, if it is active; anything else (unknown, other project, expired, not yet active, used up) is one answer. */
    public Share open(String project, String puid) {
        Instant now = clock.instant();
        return store.findByPuid(puid)
                .filter(s -> s.project().equals(project))
                .filter(s -> s.state(now) == Share.State.ACTIVE)
                .orElseThrow(() -> notFound());
    }

    /**
     * Lets the caller in: an unprotected share needs nothing (empty); a protected one a valid access
     * token (returned as it is) or the right password (a fresh token). Refusals: 401 without a password,
     * 429 when an attempt limit is full (nothing hashed), 401 for a wrong password.
     */
    public Optional<PasswordPass.Token> authorise(Share share, String token, String password, InetAddress client) {
        if (!share.passwordProtected()) return Optional.empty();
        Instant now = clock.instant();
        Optional<PasswordPass.Token> held = access.check(share, token, now);
        if (held.isPresent()) return held;
        if (password == null || password.isEmpty()) {
            throw ApiError.SHARE_PASSWORD_REQUIRED.with("this share is protected by a password");
        }
        String ip = client == null ? "unknown" : client.getHostAddress();
        Counters.Decision d = counters.acquire(List.of(
                Limit.perWindow("share.password_per_ip", "share-pw-ip:" + ip, attemptsPerIp, ATTEMPT_WINDOW),
                Limit.perWindow("share.password_per_share", "share-pw:" + share.uuid(), attemptsPerShare, ATTEMPT_WINDOW)));
        if (!d.allowed()) {
            throw RateLimits.refused(d, "too many password attempts: " + d.refusedBy().name() + " = " + d.refusedBy().max()
                    + " per " + ATTEMPT_WINDOW.toMinutes() + " minutes");
        }
        if (!hasher.verify(password, share.passwordHash())) {
            throw ApiError.SHARE_PASSWORD_INVALID.with("wrong password for this share");
        }
        return Optional.of(access.mint(share, now));
    }

    /** A file as the share shows it: through a shared folder ({@code folder}, with its path below it) or shared itself. */
    public record SharedFile(FileRecord file, Folder folder, String relativeFolder) {}

    /** A shared folder with the totals of what it exposes now and whether the listing was cut at {@link #MAX_FILES_PER_FOLDER}. */
    public record SharedFolder(Folder folder, boolean subtree, long filesCount, long bytes, boolean truncated) {}

    public record Contents(List<SharedFile> files, List<SharedFolder> folders) {}

    /** What the share shows now: its files, and the live contents of its folders; each file once. */
    public Contents contents(Share share) {
        List<SharedFile> files = new ArrayList<>();
        List<SharedFolder> folders = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ShareItem item : share.items()) {
            if (!item.exists()) continue;
            if (item.kind() == ShareItem.Kind.FILE) {
                catalog.file(share.project(), item.uuid()).filter(f -> seen.add(f.uuid()))
                        .ifPresent(f -> files.add(new SharedFile(f, null, "/")));
                continue;
            }
            Optional<Folder> found = catalog.folderByUuid(share.project(), item.uuid());
            if (found.isEmpty()) continue;
            Folder folder = found.get();
            Page<FileRecord> page = catalog.listFiles(share.project(), new FileQuery(folder.path(), item.subtree(), List.of(), null,
                    FileQuery.SortField.NAME, false, MAX_FILES_PER_FOLDER, 0, FolderScope.ANY));
            folders.add(new SharedFolder(folder, item.subtree(), page.total(), page.totalBytes(), page.total() > page.items().size()));
            for (FileRecord f : page.items()) {
                if (seen.add(f.uuid())) files.add(new SharedFile(f, folder, relative(folder.path(), f.folderPath())));
            }
        }
        return new Contents(files, folders);
    }

    private static String relative(String base, String folderPath) {
        if (folderPath.equals(base)) return "/";
        return base.equals("/") ? folderPath : folderPath.substring(base.length());
    }

    /** The file, if the share exposes it now (shared itself, or in a shared folder's live contents). */
    public FileRecord member(Share share, String fileUuid) {
        ApiException notMember = ApiError.FILE_NOT_FOUND.with("no such file in this share");
        FileRecord file = catalog.file(share.project(), fileUuid).orElseThrow(() -> notMember);
        for (ShareItem item : share.items()) {
            if (item.kind() == ShareItem.Kind.FILE ? item.uuid().equals(file.uuid()) && item.exists() : item.covers(file.folderPath())) {
                return file;
            }
        }
        throw notMember;
    }

    /** Counts one use (a download); a share used up meanwhile is not found. Call after every other check. */
    public void countUse(Share share) {
        if (!store.consumeUse(share.project(), share.uuid())) throw notFound();
    }

    private static ApiException notFound() {
        return ApiError.SHARE_NOT_FOUND.with("no such share");
    }
}
