package dev.assetgate.approvals;

import dev.assetgate.access.FolderScope;
import java.time.Instant;
import java.util.Set;

/**
 * A listing of approval requests: optional filters (statuses, a file, an approver, overdue or not,
 * judged at {@code now}), the caller's folder scope, and the page.
 */
public record ApprovalQuery(
        Set<ApprovalStatus> statuses,
        String fileUuid,
        String approver,
        Boolean overdue,
        Instant now,
        FolderScope scope,
        int limit,
        int offset) {

    public ApprovalQuery {
        statuses = Set.copyOf(statuses);
    }
}
