package dev.assetgate.approvals;

import java.time.Instant;
import java.util.Locale;

/**
 * A named approver of one request and their vote (null until they vote). Approvers are plain
 * names or e-mail addresses: there are no user accounts, so a vote names the approver it is cast
 * for, matched ignoring case; {@code votedBy} records the key that cast it.
 */
public record Approver(String name, Decision decision, String comment, Instant votedAt, String votedBy) {
    public static Approver named(String name) {
        return new Approver(name, null, null, null, null);
    }

    /** The matching key: the name in lower case. */
    public String key() {
        return keyOf(name);
    }

    public static String keyOf(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public boolean voted() {
        return decision != null;
    }
}
