package dev.assetgate.approvals;

import java.util.Locale;
import java.util.Optional;

/** The statuses of an approval request, spelled as the Filerobot widget knows them. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, CANCELLED;

    /** Case-insensitive; the American spelling CANCELED is accepted too (the widget knows both). */
    public static Optional<ApprovalStatus> parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("CANCELED")) return Optional.of(CANCELLED);
        for (ApprovalStatus s : values()) {
            if (s.name().equals(upper)) return Optional.of(s);
        }
        return Optional.empty();
    }

    public boolean closed() {
        return this != PENDING;
    }
}
