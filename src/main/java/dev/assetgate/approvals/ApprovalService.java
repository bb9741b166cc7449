package dev.assetgate.approvals;

import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderScope;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Approval requests on files: creation with its validation, votes, cancellation, listings and the
 * per-file summary shown in file objects. It knows nothing of HTTP or keys; callers have checked the
 * permission and that the files are inside their scope.
 */
public final class ApprovalService {
    private final ApprovalStore store;
    private final Clock clock;

    public ApprovalService(ApprovalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stores a new PENDING request (due date in the future); FILE_NOT_FOUND, storing nothing, for a file not in the project. */
    /** Requests approval of files the caller may read: a grant for each file of the request, in its order. */
    public Approval request(String project, ApprovalRequest request, List<FileGrant> files, String requestedBy) {
        if (!files.stream().map(FileGrant::uuid).toList().equals(request.fileUuids())) {
            throw new IllegalStateException("no grant for every file of the approval request");
        }
        Instant now = clock.instant();
        if (request.dueDate() != null && request.dueDate().isBefore(now)) {
            throw ApiError.INVALID_PARAMETER.with("due_date " + request.dueDate() + " is in the past");
        }
        Approval approval = new Approval(UUID.randomUUID().toString(), project, ApprovalStatus.PENDING, request.rule(),
                request.message(), request.dueDate(), request.fileUuids(), request.approvers().stream().map(Approver::named).toList(),
                requestedBy, now, now, null);
        store.create(approval);
        return get(project, approval.uuid(), FolderScope.ANY);
    }

    /** The request, if it exists and every one of its files is inside {@code scope}; else APPROVAL_NOT_FOUND. */
    public Approval get(String project, String uuid, FolderScope scope) {
        return store.find(project, uuid, scope).orElseThrow(() -> notFound(uuid));
    }

    public Page<Approval> list(String project, ApprovalQuery query) {
        return store.list(project, query);
    }

    /** One named approver's vote; the rule may close the request (see {@link Approval#withVote}). */
    public Approval vote(String project, String uuid, FolderScope scope, String approver, Decision decision, String comment,
                         String votedBy) {
        ApprovalRequest.checkLength(comment, "comment");
        return store.change(project, uuid, scope, current -> current.withVote(approver, decision, comment, votedBy, clock.instant()));
    }

    public Approval cancel(String project, String uuid, FolderScope scope) {
        return store.change(project, uuid, scope, current -> current.cancelled(clock.instant()));
    }

    /** What file objects show: each file's latest request, in the order asked. */
    public Map<String, FileApproval> latestForFiles(String project, Collection<String> fileUuids) {
        if (fileUuids.isEmpty()) return Map.of();
        Instant now = clock.instant();
        Map<String, FileApproval> out = new LinkedHashMap<>();
        store.latestForFiles(project, fileUuids).forEach((file, latest) -> out.put(file, summary(latest, now)));
        return out;
    }

    /** The summary of a file's latest request read elsewhere (file details read it with the file); null for none. */
    public FileApproval summary(ApprovalStore.LatestApproval latest) {
        return latest == null ? null : summary(latest, clock.instant());
    }

    private static FileApproval summary(ApprovalStore.LatestApproval latest, Instant now) {
        return new FileApproval(latest.approvalUuid(), latest.status(), latest.dueDate(),
                latest.status() == ApprovalStatus.PENDING && latest.dueDate() != null && now.isAfter(latest.dueDate()));
    }

    /** A file's approval summary: its latest request. */
    public record FileApproval(String approvalUuid, ApprovalStatus status, Instant dueDate, boolean overdue) {}

    static RuntimeException notFound(String uuid) {
        return ApiError.APPROVAL_NOT_FOUND.with("no approval with uuid " + uuid);
    }
}
