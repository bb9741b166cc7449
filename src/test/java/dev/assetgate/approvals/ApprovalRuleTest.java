package dev.assetgate.approvals;

import static dev.assetgate.approvals.ApprovalStatus.APPROVED;
import static dev.assetgate.approvals.ApprovalStatus.PENDING;
import static dev.assetgate.approvals.ApprovalStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outcome rules as a table: approvers, approvals, rejections → status. */
class ApprovalRuleTest {

    @Test
    void allNeedsEveryApprovalAndFallsAtTheFirstRejection() {
        ApprovalRule all = ApprovalRule.ALL;
        assertThat(all.outcome(3, 0, 0)).isEqualTo(PENDING);
        assertThat(all.outcome(3, 2, 0)).isEqualTo(PENDING);
        assertThat(all.outcome(3, 3, 0)).isEqualTo(APPROVED);
        assertThat(all.outcome(3, 2, 1)).isEqualTo(REJECTED);
        assertThat(all.outcome(3, 0, 1)).isEqualTo(REJECTED);
        assertThat(all.outcome(1, 1, 0)).isEqualTo(APPROVED);
        assertThat(all.required(3)).isEqualTo(3);
    }

    @Test
    void anyNeedsOneApprovalAndFallsOnlyWhenEveryoneRejected() {
        ApprovalRule any = ApprovalRule.ANY;
        assertThat(any.outcome(3, 1, 0)).isEqualTo(APPROVED);
        assertThat(any.outcome(3, 1, 2)).isEqualTo(APPROVED);
        assertThat(any.outcome(3, 0, 2)).isEqualTo(PENDING);
        assertThat(any.outcome(3, 0, 3)).isEqualTo(REJECTED);
        assertThat(any.required(3)).isEqualTo(1);
    }

    @Test
    void aQuorumOfNFallsOnceNApprovalsAreOutOfReach() {
        ApprovalRule two = ApprovalRule.quorumOf(2);
        assertThat(two.outcome(4, 1, 0)).isEqualTo(PENDING);
        assertThat(two.outcome(4, 2, 0)).isEqualTo(APPROVED);
        assertThat(two.outcome(4, 1, 2)).isEqualTo(PENDING);
        assertThat(two.outcome(4, 0, 2)).isEqualTo(PENDING);
        assertThat(two.outcome(4, 0, 3)).as("4 - 3 = 1 approver left, 2 needed").isEqualTo(REJECTED);
        assertThat(two.outcome(4, 1, 3)).isEqualTo(REJECTED);
        assertThat(ApprovalRule.quorumOf(4).outcome(4, 3, 1)).as("a quorum of everyone is 'all'").isEqualTo(REJECTED);
        assertThat(two.required(4)).isEqualTo(2);
    }

    @Test
    void storedNamesRoundTrip() {
        for (ApprovalRule rule : new ApprovalRule[] {ApprovalRule.ALL, ApprovalRule.ANY, ApprovalRule.quorumOf(3)}) {
            assertThat(ApprovalRule.stored(rule.storedName(), rule.kind() == ApprovalRule.Kind.QUORUM ? rule.quorum() : null))
                    .isEqualTo(rule);
        }
        assertThat(ApprovalStatus.parse("canceled")).contains(ApprovalStatus.CANCELLED);
        assertThat(ApprovalStatus.parse(" Pending ")).contains(PENDING);
        assertThat(ApprovalStatus.parse("PRE-APPROVED")).isEmpty();
    }
}
