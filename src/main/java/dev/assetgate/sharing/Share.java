package dev.assetgate.sharing;

import dev.assetgate.access.FolderScope;
import java.time.Instant;
import java.util.List;

/**
 * A sharebox: a titled, public view of files and folders at {@code /{token}/v4/share/{puid}} and
 * {@code /{token}/s/{puid}}, optionally with a password (stored only as an Argon2id hash), an
 * activation and an expiry time, downloads on or off, and a maximum number of downloads.
 */
public record Share(
        String uuid,
        String project,
        String puid,
        String title,
        String description,
        Instant startsAt,
        Instant expiresAt,
        String passwordHash,
        boolean download,
        Long maxUses,
        long uses,
        List<ShareItem> items,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public enum State { SCHEDULED, ACTIVE, EXPIRED, USED_UP }

    public boolean passwordProtected() {
        return passwordHash != null;
    }

    /** Expiry first: a share that is both expired and used up says expired. */
    public State state(Instant now) {
        if (expiresAt != null && !now.isBefore(expiresAt)) return State.EXPIRED;
        if (maxUses != null && uses >= maxUses) return State.USED_UP;
        if (startsAt != null && now.isBefore(startsAt)) return State.SCHEDULED;
        return State.ACTIVE;
    }

    /**
     * True when every item lies inside {@code scope} (a deleted one where it was): only then may a SASS
     * key of that scope see, change or delete the share, even once none of its items is left.
     */
    public boolean within(FolderScope scope) {
        if (scope.unrestricted()) return true;
        return items.stream().allMatch(i -> i.within(scope));
    }

    /** Never shows the password hash, so a share can be logged. */
    @Override
    public String toString() {
        return "Share[" + uuid + " project=" + project + " title=" + title + " items=" + items.size() + "]";
    }
}
