package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.collections.Collection;
import dev.assetgate.collections.CollectionDraft;
import dev.assetgate.collections.SavedQuery;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.jdbc.JdbcCollectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.collections.CollectionStore} contract; every engine runs it. */
abstract class CollectionStoreContract extends StoreContract {
    private static final SavedQuery IMAGES = new SavedQuery("brand:acme -\"draft copy\"", "/shop/shoes", false, "image/*",
            List.of("#lb000000000001", "#lb000000000002"), "AND");
    private JdbcCollectionStore collections;
    private String p;

    @BeforeEach
    void freshProject() {
        collections = new JdbcCollectionStore(db, clock);
        p = newProject();
    }

    private Collection create(String title) {
        return collections.create(p, new CollectionDraft(title, "query", "company", SavedQuery.EVERYTHING, "[]"));
    }

    private static void assertFails(ApiError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    @Test
    void createKeepsEveryFieldOfTheSavedQuery() {
        String groupby = "[{\"attribute_sys_key\":\"brand\",\"uuid\":\"c1\"}]";
        Collection c = collections.create(p, new CollectionDraft("Shoes", "filters", "private", IMAGES, groupby));
        assertThat(c.uuid()).isNotBlank();
        assertThat(c).extracting(Collection::project, Collection::title, Collection::type, Collection::visibility, Collection::query,
                Collection::groupby).containsExactly(p, "Shoes", "filters", "private", IMAGES, groupby);
        assertThat(c.createdAt()).isEqualTo(clock.instant()).isEqualTo(c.updatedAt());
        assertThat(collections.find(p, c.uuid())).contains(c);
        assertThat(collections.find(newProject(), c.uuid())).as("another project's collection").isEmpty();

        Collection all = create("All");
        assertThat(all.query()).isEqualTo(SavedQuery.EVERYTHING);
        assertThat(all.query().mime()).isNull();
        assertThat(all.query().labels()).isEmpty();
    }

    @Test
    void listIsPerProjectOldestFirst() {
        Collection first = create("B first");
        clock.advance(Duration.ofSeconds(1));
        Collection second = create("A second");
        collections.create(newProject(), new CollectionDraft("elsewhere", "query", "company", SavedQuery.EVERYTHING, "[]"));
        assertThat(collections.list(p)).containsExactly(first, second);
    }

    @Test
    void updateReplacesTheFields() {
        Collection c = create("Old");
        Instant later = clock.advance(Duration.ofMinutes(3));
        Collection changed = collections.update(p, c.uuid(), new CollectionDraft("New", "filters", "private", IMAGES, "[1]"));
        assertThat(changed).extracting(Collection::uuid, Collection::title, Collection::type, Collection::visibility, Collection::query,
                Collection::groupby).containsExactly(c.uuid(), "New", "filters", "private", IMAGES, "[1]");
        assertThat(changed.createdAt()).isEqualTo(c.createdAt());
        assertThat(changed.updatedAt()).isEqualTo(later);
        CollectionDraft any = new CollectionDraft("X", "query", "company", SavedQuery.EVERYTHING, "[]");
        assertFails(ApiError.COLLECTION_NOT_FOUND, () -> collections.update(p, "no-such-uuid", any));
        assertFails(ApiError.COLLECTION_NOT_FOUND, () -> collections.update(newProject(), c.uuid(), any));
    }

    @Test
    void deleteIsAllOrNothing() {
        Collection a = create("A");
        Collection b = create("B");
        assertFails(ApiError.COLLECTION_NOT_FOUND, () -> collections.delete(p, List.of(a.uuid(), "no-such-uuid")));
        assertThat(collections.list(p)).hasSize(2);
        assertThat(collections.delete(p, List.of(a.uuid(), b.uuid()))).extracting(Collection::uuid).containsExactly(a.uuid(), b.uuid());
        assertThat(collections.list(p)).isEmpty();
    }

    @Test
    void deletingTheProjectDeletesItsCollections() {
        Collection a = create("A");
        projects.delete(p);
        assertThat(collections.find(p, a.uuid())).isEmpty();
    }
}
