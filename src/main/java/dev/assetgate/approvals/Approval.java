package dev.assetgate.approvals;

import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One approval request: the files it asks about, the named approvers with their votes, the rule
 * that turns votes into an outcome, an optional message and due date, and its status. Changes
 * return a new value; the store writes it back under a lock.
 */
public record Approval(
        String uuid,
        String project,
        ApprovalStatus status,
        ApprovalRule rule,
        String message,
        Instant dueDate,
        List<String> fileUuids,
        List<Approver> approvers,
        String requestedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    public Approval {
        fileUuids = List.copyOf(fileUuids);
        approvers = List.copyOf(approvers);
    }

    public int approvedCount() {
        return (int) approvers.stream().filter(a -> a.decision() == Decision.APPROVE).count();
    }

    public int rejectedCount() {
        return (int) approvers.stream().filter(a -> a.decision() == Decision.REJECT).count();
    }

    public int requiredApprovals() {
        return rule.required(approvers.size());
    }

    /** A PENDING request whose due date has passed (reported, nothing else happens). */
    public boolean overdue(Instant now) {
        return status == ApprovalStatus.PENDING && dueDate != null && now.isAfter(dueDate);
    }

    /**
     * Records one approver's vote and applies the rule. Refused when the request is closed (409),
     * when {@code approver} is not named on it (403), or when they have voted already (409): a vote
     * is final. Voting after the due date is allowed; the due date only reports.
     */
    public Approval withVote(String approver, Decision decision, String comment, String votedBy, Instant now) {
        if (status.closed()) {
            throw ApiError.APPROVAL_CLOSED.with("approval " + uuid + " is " + status + ": it takes no more votes");
        }
        String key = Approver.keyOf(approver);
        List<Approver> next = new ArrayList<>();
        boolean found = false;
        for (Approver a : approvers) {
            if (a.key().equals(key)) {
                if (a.voted()) {
                    throw ApiError.ALREADY_VOTED.with(a.name() + " has already voted (" + a.decision().wire() + ") on approval " + uuid);
                }
                next.add(new Approver(a.name(), decision, comment, now, votedBy));
                found = true;
            } else {
                next.add(a);
            }
        }
        if (!found) {
            throw ApiError.NOT_AN_APPROVER.with("'" + approver + "' is not an approver of approval " + uuid);
        }
        Approval voted = new Approval(uuid, project, status, rule, message, dueDate, fileUuids, next, requestedBy, createdAt, now, null);
        ApprovalStatus outcome = rule.outcome(next.size(), voted.approvedCount(), voted.rejectedCount());
        return voted.withStatus(outcome, now);
    }

    /** Cancels a PENDING request; a decided or cancelled one is refused (409). */
    public Approval cancelled(Instant now) {
        if (status.closed()) {
            throw ApiError.APPROVAL_CLOSED.with("approval " + uuid + " is " + status + " and cannot be cancelled");
        }
        return withStatus(ApprovalStatus.CANCELLED, now);
    }

    private Approval withStatus(ApprovalStatus next, Instant now) {
        return new Approval(uuid, project, next, rule, message, dueDate, fileUuids, approvers, requestedBy, createdAt, now,
                next.closed() ? now : null);
    }
}
