package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.access.FolderScope;
import dev.assetgate.approvals.Approval;
import dev.assetgate.approvals.ApprovalQuery;
import dev.assetgate.approvals.ApprovalRule;
import dev.assetgate.approvals.ApprovalStatus;
import dev.assetgate.approvals.ApprovalStore.LatestApproval;
import dev.assetgate.approvals.Approver;
import dev.assetgate.approvals.Decision;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.FileQuery.SortField;
import dev.assetgate.store.jdbc.JdbcApprovalStore;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.approvals.ApprovalStore} contract; every catalog engine runs it (see the subclasses). */
abstract class ApprovalStoreContract extends StoreContract {
    private JdbcAssetCatalog catalog;
    private JdbcApprovalStore approvals;
    private String p;

    @BeforeEach
    void fresh() {
        catalog = new JdbcAssetCatalog(db, clock);
        approvals = new JdbcApprovalStore(db);
        p = newProject();
    }

    private String file(String project, String folder, String name) {
        return catalog.insertFile(AssetCatalogContract.file(project, folder, name, "text/plain", 1, clock.instant())).uuid();
    }

    private String file(String folder, String name) {
        return file(p, folder, name);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Approval approval(String project, ApprovalRule rule, List<String> files, String... approvers) {
        return new Approval(UUID.randomUUID().toString(), project, ApprovalStatus.PENDING, rule, null, null, files,
                List.of(approvers).stream().map(Approver::named).toList(), "key_test", now(), now(), null);
    }

    private Approval stored(ApprovalRule rule, List<String> files, String... approvers) {
        Approval a = approval(p, rule, files, approvers);
        approvals.create(a);
        clock.advance(Duration.ofMillis(1));
        return a;
    }

    private Approval find(String uuid) {
        return approvals.find(p, uuid, FolderScope.ANY).orElseThrow(() -> new AssertionError("no approval " + uuid));
    }

    private ApprovalQuery query() {
        return new ApprovalQuery(Set.of(), null, null, null, clock.instant(), FolderScope.ANY, 100, 0);
    }

    private List<String> uuids(ApprovalQuery q) {
        return approvals.list(p, q).items().stream().map(Approval::uuid).toList();
    }

    private List<String> search(String q) {
        return catalog.listFiles(p, new FileQuery("/", true, SearchParser.parse(q), null, SortField.NAME, false, 100, 0, FolderScope.ANY))
                .items().stream().map(FileRecord::name).toList();
    }

    private static void assertFails(ApiError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    private static FolderScope scope(String... entries) {
        return FolderScope.parse(List.of(entries), "test");
    }

    @Test
    void aRequestIsStoredWithEverythingItSaysInOrder() {
        String b = file("/docs", "b.txt");
        String a = file("/docs", "a.txt");
        Instant due = now().plus(Duration.ofDays(3));
        Approval asked = new Approval(UUID.randomUUID().toString(), p, ApprovalStatus.PENDING, ApprovalRule.quorumOf(2),
                "please check", due, List.of(b, a),
                List.of(Approver.named("Zoe@Example.com"), Approver.named("alice"), Approver.named("Bob")), "key_me", now(), now(), null);
        approvals.create(asked);

        assertThat(find(asked.uuid())).isEqualTo(asked);
        assertThat(approvals.find(p, UUID.randomUUID().toString(), FolderScope.ANY)).isEmpty();
        assertThat(approvals.find(newProject(), asked.uuid(), FolderScope.ANY)).as("another project's request").isEmpty();
        Approval any = stored(ApprovalRule.ANY, List.of(a), "x");
        assertThat(find(any.uuid()).rule()).isEqualTo(ApprovalRule.ANY);
        assertThat(find(any.uuid()).dueDate()).isNull();
    }

    @Test
    void aFileThatIsNotInTheProjectStoresNothing() {
        String mine = file("/docs", "a.txt");
        String theirs = file(newProject(), "/docs", "b.txt");
        assertFails(ApiError.FILE_NOT_FOUND, () -> approvals.create(approval(p, ApprovalRule.ALL, List.of(mine, theirs), "alice")));
        assertFails(ApiError.FILE_NOT_FOUND, () -> approvals.create(approval(p, ApprovalRule.ALL,
                List.of(mine, UUID.randomUUID().toString()), "alice")));
        assertThat(approvals.list(p, query()).total()).isZero();
        assertThat(approvals.latestForFiles(p, List.of(mine))).isEmpty();
    }

    @Test
    void changeStoresStatusVotesAndTimesAndAFailedChangeLeavesTheRequestAsItWas() {
        String f = file("/docs", "a.txt");
        Approval a = stored(ApprovalRule.ALL, List.of(f), "alice", "bob");
        Instant at = clock.advance(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);

        Approval voted = approvals.change(p, a.uuid(), FolderScope.ANY, cur -> cur.withVote("ALICE", Decision.APPROVE, "fine", "key_v", at));
        assertThat(voted.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(voted.approvers().get(0)).isEqualTo(new Approver("alice", Decision.APPROVE, "fine", at, "key_v"));
        assertThat(voted.approvers().get(1).voted()).isFalse();
        assertThat(voted.updatedAt()).isEqualTo(at);
        assertThat(find(a.uuid())).isEqualTo(voted);

        assertFails(ApiError.ALREADY_VOTED, () -> approvals.change(p, a.uuid(), FolderScope.ANY,
                cur -> cur.withVote("alice", Decision.REJECT, null, "key_v", at)));
        assertFails(ApiError.NOT_AN_APPROVER, () -> approvals.change(p, a.uuid(), FolderScope.ANY,
                cur -> cur.withVote("carol", Decision.APPROVE, null, "key_v", at)));
        assertThat(find(a.uuid())).isEqualTo(voted);

        Approval decided = approvals.change(p, a.uuid(), FolderScope.ANY, cur -> cur.withVote("bob", Decision.REJECT, null, "key_w", at));
        assertThat(decided.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(decided.closedAt()).isEqualTo(at);
        assertFails(ApiError.APPROVAL_CLOSED, () -> approvals.change(p, a.uuid(), FolderScope.ANY, cur -> cur.cancelled(at)));
        assertThat(find(a.uuid())).isEqualTo(decided);

        assertFails(ApiError.APPROVAL_NOT_FOUND, () -> approvals.change(p, UUID.randomUUID().toString(), FolderScope.ANY, cur -> cur));
        assertFails(ApiError.APPROVAL_NOT_FOUND, () -> approvals.change(newProject(), a.uuid(), FolderScope.ANY, cur -> cur));
    }

    @Test
    void listingsFilterByStatusFileApproverAndOverdueNewestFirstWithTotals() {
        String f1 = file("/docs", "a.txt");
        String f2 = file("/docs", "b.txt");
        Approval first = stored(ApprovalRule.ALL, List.of(f1), "alice");
        Approval second = stored(ApprovalRule.ANY, List.of(f1, f2), "Bob@Example.com", "alice");
        Approval third = stored(ApprovalRule.ALL, List.of(f2), "carol");
        approvals.change(p, third.uuid(), FolderScope.ANY, cur -> cur.cancelled(now()));
        Approval dueSoon = new Approval(UUID.randomUUID().toString(), p, ApprovalStatus.PENDING, ApprovalRule.ALL, null,
                now().plus(Duration.ofHours(1)), List.of(f2), List.of(Approver.named("dave")), "key_test", now(), now(), null);
        approvals.create(dueSoon);

        assertThat(uuids(query())).containsExactly(dueSoon.uuid(), third.uuid(), second.uuid(), first.uuid());
        assertThat(uuids(new ApprovalQuery(Set.of(ApprovalStatus.CANCELLED), null, null, null, now(), FolderScope.ANY, 100, 0)))
                .containsExactly(third.uuid());
        assertThat(uuids(new ApprovalQuery(Set.of(ApprovalStatus.CANCELLED, ApprovalStatus.PENDING), f1, null, null, now(),
                FolderScope.ANY, 100, 0))).containsExactly(second.uuid(), first.uuid());
        assertThat(uuids(new ApprovalQuery(Set.of(), null, "bob@example.COM", null, now(), FolderScope.ANY, 100, 0)))
                .containsExactly(second.uuid());
        assertThat(uuids(new ApprovalQuery(Set.of(), null, null, true, now(), FolderScope.ANY, 100, 0))).isEmpty();
        Instant later = now().plus(Duration.ofHours(2));
        assertThat(uuids(new ApprovalQuery(Set.of(), null, null, true, later, FolderScope.ANY, 100, 0))).containsExactly(dueSoon.uuid());
        assertThat(uuids(new ApprovalQuery(Set.of(), null, null, false, later, FolderScope.ANY, 100, 0)))
                .containsExactly(third.uuid(), second.uuid(), first.uuid());

        Page<Approval> page = approvals.list(p, new ApprovalQuery(Set.of(), null, null, null, now(), FolderScope.ANY, 2, 1));
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items()).extracting(Approval::uuid).containsExactly(third.uuid(), second.uuid());
        assertThat(page.items().get(1).fileUuids()).containsExactly(f1, f2);
        assertThat(approvals.list(newProject(), query()).total()).isZero();
    }

    @Test
    void aScopeSeesOnlyRequestsWhoseFilesAreAllInsideIt() {
        String in = file("/team/a", "in.txt");
        String exact = file("/team", "top.txt");
        String out = file("/private", "out.txt");
        Approval inside = stored(ApprovalRule.ALL, List.of(in, exact), "alice");
        Approval mixed = stored(ApprovalRule.ALL, List.of(in, out), "alice");
        Approval outside = stored(ApprovalRule.ALL, List.of(out), "alice");
        FolderScope team = scope("/team/*");

        assertThat(approvals.find(p, inside.uuid(), team)).isPresent();
        assertThat(approvals.find(p, mixed.uuid(), team)).isEmpty();
        assertThat(approvals.find(p, outside.uuid(), team)).isEmpty();
        assertThat(approvals.find(p, inside.uuid(), scope("/team"))).as("/team alone leaves /team/a out").isEmpty();
        assertThat(approvals.find(p, outside.uuid(), scope("/team/*", "/*"))).as("/* is everything").isPresent();
        assertThat(uuids(new ApprovalQuery(Set.of(), null, null, null, now(), team, 100, 0))).containsExactly(inside.uuid());
        assertThat(approvals.list(p, new ApprovalQuery(Set.of(), null, null, null, now(), team, 100, 0)).total()).isEqualTo(1);
        assertThat(uuids(new ApprovalQuery(Set.of(), null, null, null, now(), scope("/team/*", "/private"), 100, 0)))
                .containsExactly(outside.uuid(), mixed.uuid(), inside.uuid());
        assertFails(ApiError.APPROVAL_NOT_FOUND, () -> approvals.change(p, mixed.uuid(), team, cur -> cur.cancelled(now())));
        assertThat(find(mixed.uuid()).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(approvals.change(p, inside.uuid(), team, cur -> cur.cancelled(now())).status()).isEqualTo(ApprovalStatus.CANCELLED);

        // The scope is judged on where the files are now: moving a file out hides the request.
        catalog.moveFiles(p, List.of(exact), "/elsewhere");
        assertThat(approvals.find(p, inside.uuid(), team)).isEmpty();
    }

    @Test
    void eachFileReportsItsLatestRequest() {
        String f1 = file("/docs", "a.txt");
        String f2 = file("/docs", "b.txt");
        String none = file("/docs", "c.txt");
        stored(ApprovalRule.ALL, List.of(f1, f2), "alice");
        Approval newer = stored(ApprovalRule.ALL, List.of(f2), "bob");
        approvals.change(p, newer.uuid(), FolderScope.ANY, cur -> cur.withVote("bob", Decision.APPROVE, null, "k", now()));
        Approval onF1 = find(uuids(new ApprovalQuery(Set.of(), f1, null, null, now(), FolderScope.ANY, 1, 0)).get(0));

        assertThat(approvals.latestForFiles(p, List.of(f1, f2, none)))
                .containsEntry(f1, new LatestApproval(onF1.uuid(), ApprovalStatus.PENDING, null))
                .containsEntry(f2, new LatestApproval(newer.uuid(), ApprovalStatus.APPROVED, null))
                .doesNotContainKey(none);
        assertThat(approvals.latestForFiles(newProject(), List.of(f1))).isEmpty();
        assertThat(approvals.latestForFiles(p, List.of())).isEmpty();
    }

    @Test
    void deletedFilesLeaveTheirRequestsAndARequestWithoutFilesGoes() {
        String a = file("/docs", "a.txt");
        String b = file("/docs", "b.txt");
        String c = file("/docs/sub", "c.txt");
        Approval both = stored(ApprovalRule.ALL, List.of(a, b), "alice");
        Approval onlyA = stored(ApprovalRule.ALL, List.of(a), "alice");
        Approval inSub = stored(ApprovalRule.ALL, List.of(c), "alice");

        catalog.deleteFiles(p, List.of(a));
        assertThat(find(both.uuid()).fileUuids()).containsExactly(b);
        assertThat(approvals.find(p, onlyA.uuid(), FolderScope.ANY)).isEmpty();

        catalog.deleteFolders(p, List.of(catalog.folderByPath(p, "/docs/sub").orElseThrow().uuid()));
        assertThat(approvals.find(p, inSub.uuid(), FolderScope.ANY)).isEmpty();
        assertThat(uuids(query())).containsExactly(both.uuid());

        projects.delete(p);
        assertThat(approvals.find(p, both.uuid(), FolderScope.ANY)).isEmpty();
    }

    @Test
    void searchByApprovalStatusUsesEachFilesLatestRequest() {
        String pending = file("/docs", "pending.txt");
        String approved = file("/docs", "approved.txt");
        String cancelled = file("/docs", "cancelled.txt");
        file("/docs", "never.txt");
        stored(ApprovalRule.ALL, List.of(pending), "alice");
        Approval old = stored(ApprovalRule.ALL, List.of(approved), "alice");
        approvals.change(p, old.uuid(), FolderScope.ANY, cur -> cur.cancelled(now()));
        Approval yes = stored(ApprovalRule.ANY, List.of(approved), "Bob");
        approvals.change(p, yes.uuid(), FolderScope.ANY, cur -> cur.withVote("bob", Decision.APPROVE, null, "k", now()));
        Approval no = stored(ApprovalRule.ALL, List.of(cancelled), "carol");
        approvals.change(p, no.uuid(), FolderScope.ANY, cur -> cur.cancelled(now()));

        assertThat(search("approval_status:PENDING")).containsExactly("pending.txt");
        assertThat(search("approval_status:approved")).containsExactly("approved.txt");
        assertThat(search("approval_status:CANCELED")).containsExactly("cancelled.txt");
        assertThat(search("approval_status:PENDING,CANCELLED")).containsExactly("cancelled.txt", "pending.txt");
        assertThat(search("-approval_status:PENDING")).containsExactly("approved.txt", "cancelled.txt", "never.txt");
        assertThat(search("approval_status:REJECTED")).isEmpty();
        assertThat(search("approval_status:nonsense")).isEmpty();
        assertThat(search("approval_status:empty")).containsExactly("never.txt");
        assertThat(search("approval_status:non-empty")).containsExactly("approved.txt", "cancelled.txt", "pending.txt");
        assertThat(search("approval_status:PENDING,APPROVED name:pend")).containsExactly("pending.txt");
        assertThat(search("task_approver:ALICE")).containsExactly("pending.txt");
        assertThat(search("task_approver:bob")).containsExactly("approved.txt");
        assertThat(search("task_approver:\"nobody\"")).isEmpty();
    }

    @Test
    void concurrentVotesOnOneRequestAreNeverLost() throws Exception {
        String f = file("/docs", "a.txt");
        int voters = 6;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < voters; i++) names.add("voter" + i);
        Approval a = stored(ApprovalRule.ALL, List.of(f), names.toArray(String[]::new));
        ExecutorService pool = Executors.newFixedThreadPool(voters);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Approval>> votes = new ArrayList<>();
            for (String name : names) {
                votes.add(pool.submit(() -> {
                    start.await();
                    return approvals.change(p, a.uuid(), FolderScope.ANY, cur -> cur.withVote(name, Decision.APPROVE, null, "k", now()));
                }));
            }
            start.countDown();
            for (Future<Approval> v : votes) v.get();
        } finally {
            pool.shutdownNow();
        }
        Approval done = find(a.uuid());
        assertThat(done.approvedCount()).isEqualTo(voters);
        assertThat(done.status()).as("the last vote saw every other one").isEqualTo(ApprovalStatus.APPROVED);
    }
}
