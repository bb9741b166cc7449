package dev.assetgate.approvals;

/**
 * What decides a request: {@code all} (every approver approves), {@code any} (one approval is
 * enough) or a quorum of {@code n} approvals. One rule covers rejection for all three: a request is
 * REJECTED as soon as the approvals it needs can no longer be reached, i.e. when more approvers
 * rejected than the rule can spare. Under {@code all} that is the first rejection; under {@code any}
 * the last approver's rejection; under a quorum of n out of m, rejection number m - n + 1.
 */
public record ApprovalRule(Kind kind, int quorum) {
    public enum Kind { ALL, ANY, QUORUM }

    public static final ApprovalRule ALL = new ApprovalRule(Kind.ALL, 0);
    public static final ApprovalRule ANY = new ApprovalRule(Kind.ANY, 0);

    public static ApprovalRule quorumOf(int n) {
        return new ApprovalRule(Kind.QUORUM, n);
    }

    /** Approvals needed among {@code approvers} named approvers. */
    public int required(int approvers) {
        return switch (kind) {
            case ALL -> approvers;
            case ANY -> 1;
            case QUORUM -> quorum;
        };
    }

    /** The status of a request with these counts: APPROVED, REJECTED, or still PENDING. */
    public ApprovalStatus outcome(int approvers, int approved, int rejected) {
        int needed = required(approvers);
        if (approved >= needed) return ApprovalStatus.APPROVED;
        if (approvers - rejected < needed) return ApprovalStatus.REJECTED;
        return ApprovalStatus.PENDING;
    }

    /** The stored name: all, any or quorum. */
    public String storedName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ApprovalRule stored(String name, Integer quorum) {
        return switch (name) {
            case "all" -> ALL;
            case "any" -> ANY;
            case "quorum" -> quorumOf(quorum == null ? 1 : quorum);
            default -> throw new IllegalStateException("unknown stored approval rule " + name);
        };
    }
}
