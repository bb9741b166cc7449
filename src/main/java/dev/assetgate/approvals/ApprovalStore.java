package dev.assetgate.approvals;

import dev.assetgate.access.FolderScope;
import dev.assetgate.store.Page;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Port: approval requests with their files, approvers and votes. A request is visible through a
 * folder scope only when every one of its files is inside that scope. Deleting a file removes it
 * from its requests, and a request left without files is deleted with it.
 */
public interface ApprovalStore {

    /** Stores a new request; FILE_NOT_FOUND, with nothing stored, when a file is not in the project. */
    void create(Approval approval);

    Optional<Approval> find(String project, String uuid, FolderScope scope);

    /** Requests matching the query, newest first. */
    Page<Approval> list(String project, ApprovalQuery query);

    /**
     * Applies {@code change} to the current request while no other change can run on it, and stores
     * what it returns (status, votes, times). APPROVAL_NOT_FOUND when the request does not exist or is
     * not visible through {@code scope}; whatever {@code change} throws leaves the request as it was.
     */
    Approval change(String project, String uuid, FolderScope scope, UnaryOperator<Approval> change);

    /** The latest request of each given file that has one (file uuid → request). */
    Map<String, LatestApproval> latestForFiles(String project, Collection<String> fileUuids);

    record LatestApproval(String approvalUuid, ApprovalStatus status, Instant dueDate) {}
}
