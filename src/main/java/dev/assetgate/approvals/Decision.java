package dev.assetgate.approvals;

import java.util.Locale;
import java.util.Optional;

/** One approver's vote. */
public enum Decision {
    APPROVE, REJECT;

    /** The wire and stored spelling: "approve" or "reject". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Decision> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "approve" -> Optional.of(APPROVE);
            case "reject" -> Optional.of(REJECT);
            default -> Optional.empty();
        };
    }
}
