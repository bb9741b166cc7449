package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareItem;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcShareStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.sharing.ShareStore} contract; every catalog engine runs it (see the subclasses). */
abstract class ShareStoreContract extends StoreContract {
    private JdbcShareStore shares;
    private JdbcAssetCatalog catalog;
    private String p;

    @BeforeEach
    void fresh() {
        shares = new JdbcShareStore(db);
        catalog = new JdbcAssetCatalog(db, clock);
        p = newProject();
    }

    private FileRecord put(String project, String folder, String name) {
        return catalog.insertFile(AssetCatalogContract.file(project, folder, name, "text/plain", 1, clock.instant()));
    }

    private Share share(String project, String title, List<ShareItem> items, Long maxUses) {
        Instant now = clock.instant();
        return new Share(UUID.randomUUID().toString(), project, uniqueToken("puid"), title, "about " + title,
                now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                true, maxUses, 0, items, "key_test", now, now);
    }

    @Test
    void createFindListAndFindByPuidWithItemsWhereTheyAreNow() {
        FileRecord file = put(p, "/docs", "a.txt");
        Folder folder = catalog.createFolder(p, "/docs/sub");
        Share first = share(p, "first", List.of(ShareItem.file(file.uuid()), ShareItem.folder(folder.uuid(), true)), 5L);
        shares.create(first);
        clock.advance(Duration.ofSeconds(1));
        Share second = share(p, "second", List.of(ShareItem.folder(folder.uuid(), false)), null);
        shares.create(second);
        Share elsewhere = share(newProject(), "elsewhere", List.of(ShareItem.file(file.uuid())), null);
        shares.create(elsewhere);

        Share found = shares.find(p, first.uuid()).orElseThrow();
        assertThat(found.items()).containsExactly(ShareItem.file(file.uuid()).at("/docs"), ShareItem.folder(folder.uuid(), true).at("/docs/sub"));
        assertThat(found).usingRecursiveComparison().ignoringFields("items").isEqualTo(first);
        assertThat(shares.findByPuid(first.puid())).contains(found);
        assertThat(shares.find(p, elsewhere.uuid())).as("another project's share").isEmpty();
        assertThat(shares.find(p, "no-such-share")).isEmpty();
        assertThat(shares.findByPuid("no-such-puid")).isEmpty();
        assertThat(shares.list(p)).extracting(Share::uuid).containsExactly(first.uuid(), second.uuid());
        // a file of this project named by another project's share is not resolved there
        assertThat(shares.find(elsewhere.project(), elsewhere.uuid()).orElseThrow().items()).containsExactly(ShareItem.file(file.uuid()));
    }

    @Test
    void noDatesNoPasswordAndNoLimitRoundTripAsNull() {
        FileRecord file = put(p, "/", "root.txt");
        Instant now = clock.instant();
        Share open = new Share(UUID.randomUUID().toString(), p, uniqueToken("puid"), "open", "", null, null, null, false, null, 0,
                List.of(ShareItem.file(file.uuid())), "key_test", now, now);
        shares.create(open);
        Share found = shares.find(p, open.uuid()).orElseThrow();
        assertThat(found).usingRecursiveComparison().ignoringFields("items").isEqualTo(open);
        assertThat(found.items()).containsExactly(ShareItem.file(file.uuid()).at("/"));
    }

    @Test
    void itemsFollowMovesAndRenamesAndDisappearWhenDeleted() {
        FileRecord file = put(p, "/a", "f.txt");
        Folder folder = catalog.createFolder(p, "/b/c");
        Share s = share(p, "moving", List.of(ShareItem.file(file.uuid()), ShareItem.folder(folder.uuid(), true)), null);
        shares.create(s);

        catalog.moveFiles(p, List.of(file.uuid()), "/elsewhere");
        catalog.relocateFolder(p, folder.uuid(), "/b/renamed");
        assertThat(shares.find(p, s.uuid()).orElseThrow().items())
                .containsExactly(ShareItem.file(file.uuid()).at("/elsewhere"), ShareItem.folder(folder.uuid(), true).at("/b/renamed"));

        catalog.deleteFiles(p, List.of(file.uuid()));
        catalog.deleteFolders(p, List.of(folder.uuid()));
        List<ShareItem> gone = shares.find(p, s.uuid()).orElseThrow().items();
        assertThat(gone).containsExactly(ShareItem.file(file.uuid()), ShareItem.folder(folder.uuid(), true));
        assertThat(gone).noneMatch(ShareItem::exists);
    }

    @Test
    void updateReplacesFieldsAndItemsButKeepsPuidUsesAndCreation() {
        FileRecord a = put(p, "/", "a.txt");
        FileRecord b = put(p, "/", "b.txt");
        Share s = share(p, "before", List.of(ShareItem.file(a.uuid())), 3L);
        shares.create(s);
        assertThat(shares.consumeUse(p, s.uuid())).isTrue();
        Instant later = clock.advance(Duration.ofMinutes(5));

        Share changed = new Share(s.uuid(), p, "ignored-puid", "after", "new text", null, later.plus(Duration.ofDays(9)), null, false, 10L,
                0, List.of(ShareItem.file(b.uuid()), ShareItem.file(a.uuid())), "someone-else", later, later);
        Share updated = shares.update(changed).orElseThrow();

        assertThat(updated.puid()).isEqualTo(s.puid());
        assertThat(updated.uses()).isEqualTo(1);
        assertThat(updated.createdAt()).isEqualTo(s.createdAt());
        assertThat(updated.createdBy()).isEqualTo("key_test");
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.title()).isEqualTo("after");
        assertThat(updated.description()).isEqualTo("new text");
        assertThat(updated.startsAt()).isNull();
        assertThat(updated.expiresAt()).isEqualTo(later.plus(Duration.ofDays(9)));
        assertThat(updated.passwordHash()).isNull();
        assertThat(updated.download()).isFalse();
        assertThat(updated.maxUses()).isEqualTo(10L);
        assertThat(updated.items()).containsExactly(ShareItem.file(b.uuid()).at("/"), ShareItem.file(a.uuid()).at("/"));
        assertThat(shares.find(p, s.uuid())).contains(updated);

        Share missing = new Share("no-such-share", p, "x", "t", "", null, null, null, true, null, 0, List.of(), "k", later, later);
        assertThat(shares.update(missing)).isEmpty();
        Share otherProject = new Share(s.uuid(), newProject(), "x", "t", "", null, null, null, true, null, 0, List.of(), "k", later, later);
        assertThat(shares.update(otherProject)).as("a share is changed only in its own project").isEmpty();
        assertThat(shares.find(p, s.uuid())).contains(updated);
    }

    @Test
    void usesAreCountedUpToTheLimitAndWithoutOneForever() {
        FileRecord file = put(p, "/", "f.txt");
        Share limited = share(p, "limited", List.of(ShareItem.file(file.uuid())), 2L);
        Share unlimited = share(p, "unlimited", List.of(ShareItem.file(file.uuid())), null);
        shares.create(limited);
        shares.create(unlimited);

        assertThat(shares.consumeUse(p, limited.uuid())).isTrue();
        assertThat(shares.consumeUse(p, limited.uuid())).isTrue();
        assertThat(shares.consumeUse(p, limited.uuid())).isFalse();
        assertThat(shares.find(p, limited.uuid()).orElseThrow().uses()).isEqualTo(2);
        for (int i = 0; i < 5; i++) assertThat(shares.consumeUse(p, unlimited.uuid())).isTrue();
        assertThat(shares.find(p, unlimited.uuid()).orElseThrow().uses()).isEqualTo(5);
        assertThat(shares.consumeUse(p, "no-such-share")).isFalse();
        assertThat(shares.consumeUse(newProject(), unlimited.uuid())).as("only in its own project").isFalse();
    }

    @Test
    void concurrentUsesNeverPassTheLimit() throws Exception {
        FileRecord file = put(p, "/", "f.txt");
        Share s = share(p, "race", List.of(ShareItem.file(file.uuid())), 5L);
        shares.create(s);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Callable<Boolean> use = () -> {
                    start.await();
                    return shares.consumeUse(p, s.uuid());
                };
                results.add(pool.submit(use));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) if (r.get()) admitted++;
            assertThat(admitted).isEqualTo(5);
            assertThat(shares.find(p, s.uuid()).orElseThrow().uses()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteRemovesTheShareAndItsItemsAndADeletedProjectTakesItsShares() {
        FileRecord file = put(p, "/", "f.txt");
        Share s = share(p, "doomed", List.of(ShareItem.file(file.uuid())), null);
        shares.create(s);
        assertThat(shares.delete(newProject(), s.uuid())).as("only in its own project").isFalse();
        assertThat(shares.delete(p, s.uuid())).isTrue();
        assertThat(shares.delete(p, s.uuid())).isFalse();
        assertThat(shares.find(p, s.uuid())).isEmpty();
        assertThat(shares.findByPuid(s.puid())).isEmpty();
        int leftItems = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT count(*) FROM share_items WHERE share_uuid = ?")) {
                ps.setString(1, s.uuid());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(leftItems).isZero();

        String gone = newProject();
        FileRecord other = put(gone, "/", "g.txt");
        Share kept = share(gone, "with its project", List.of(ShareItem.file(other.uuid())), null);
        shares.create(kept);
        projects.delete(gone);
        assertThat(shares.findByPuid(kept.puid())).isEmpty();
    }
}
