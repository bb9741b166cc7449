package dev.assetgate.approvals;

import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a caller asks for when requesting an approval, validated on construction (each failure names
 * its field): at least one file, 1 to 100 distinct approvers (names or e-mail addresses, compared
 * ignoring case), a quorum between 1 and the number of approvers, texts of bounded length.
 */
public record ApprovalRequest(List<String> fileUuids, List<String> approvers, ApprovalRule rule, Instant dueDate, String message) {
    public static final int MAX_APPROVERS = 100;
    public static final int MAX_APPROVER_LENGTH = 254; // the longest e-mail address
    public static final int MAX_TEXT_LENGTH = 2000;

    public ApprovalRequest {
        if (fileUuids.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("files_uuids must list at least one file");
        }
        fileUuids = List.copyOf(fileUuids);
        approvers = validApprovers(approvers);
        if (rule.kind() == ApprovalRule.Kind.QUORUM && (rule.quorum() < 1 || rule.quorum() > approvers.size())) {
            throw ApiError.INVALID_PARAMETER.with("rule.quorum must be between 1 and the number of approvers ("
                    + approvers.size() + "), got " + rule.quorum());
        }
        checkLength(message, "message");
    }

    private static List<String> validApprovers(List<String> given) {
        if (given.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("approvers must name at least one approver");
        }
        if (given.size() > MAX_APPROVERS) {
            throw ApiError.INVALID_PARAMETER.with("approvers names more than " + MAX_APPROVERS + " approvers");
        }
        List<String> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i).trim();
            if (name.isEmpty() || name.length() > MAX_APPROVER_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
                throw ApiError.INVALID_PARAMETER.with("approvers[" + i + "] must be a name or e-mail address of 1 to "
                        + MAX_APPROVER_LENGTH + " characters without control characters");
            }
            if (!keys.add(Approver.keyOf(name))) {
                throw ApiError.INVALID_PARAMETER.with("approvers[" + i + "]: '" + name + "' is named twice");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** Free texts (message, vote comments) are bounded. */
    public static void checkLength(String value, String field) {
        if (value != null && value.length() > MAX_TEXT_LENGTH) {
            throw ApiError.INVALID_PARAMETER.with(field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
    }
}
