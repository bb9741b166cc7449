package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shelves under url.cdn's and file details' memory: freshness, drops, the race with a drop, the bound. */
class ProjectShelvesTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final List<String> letGo = new ArrayList<>();
    private final ProjectShelves<String, String> shelves = new ProjectShelves<>(3, (gone, by) -> letGo.add(gone + "->" + by), now::get);

    /** A load that counts itself and answers "value-N". */
    private Optional<String> find(String project, String key) {
        return shelves.find(project, key, before -> Optional.of(key + "-" + loads.incrementAndGet()));
    }

    @Test
    void anEntryIsFreshForASecondThenLoadedAgainWithWhatWasHeld() {
        assertThat(find("p", "a")).contains("a-1");
        now.addAndGet(ProjectShelves.FRESH_NANOS - 1);
        assertThat(find("p", "a")).as("still fresh").contains("a-1");
        now.addAndGet(1);
        List<String> given = new ArrayList<>();
        assertThat(shelves.find("p", "a", before -> {
            given.add(before);
            return Optional.of("a-2");
        })).contains("a-2");
        assertThat(given).as("the load sees the stale value").containsExactly("a-1");
        assertThat(letGo).as("the replaced value is let go, with what replaced it").containsExactly("a-1->a-2");
        assertThat(shelves.size()).isEqualTo(1);
    }

    @Test
    void nothingIsHeldForAKeyTheLoadFindsNothingFor() {
        assertThat(shelves.find("p", "ghost", before -> Optional.empty())).isEmpty();
        assertThat(shelves.size()).isZero();

        find("p", "a");
        now.addAndGet(ProjectShelves.FRESH_NANOS);
        assertThat(shelves.find("p", "a", before -> Optional.empty())).as("gone since").isEmpty();
        assertThat(shelves.size()).isZero();
        assertThat(letGo).containsExactly("a-1->null");
    }

    @Test
    void aDropForgetsItsProjectOnly() {
        find("p", "a");
        find("q", "a");
        shelves.drop("p");
        assertThat(find("p", "a")).as("read again at once").contains("a-3");
        assertThat(find("q", "a")).as("another project keeps its own").contains("a-2");
        assertThat(letGo).containsExactly("a-1->null");
        shelves.drop("never-held"); // nothing to do
    }

    @Test
    void aValueLoadedWhileItsProjectWasDroppedIsAnsweredButNotKept() {
        // the change commits, and is told, between the read of the catalog and the keeping of its result
        assertThat(shelves.find("p", "a", before -> {
            shelves.drop("p");
            return Optional.of("stale");
        })).contains("stale");
        assertThat(shelves.size()).as("nobody finds what the change made stale").isZero();
        assertThat(letGo).containsExactly("stale->null");
        assertThat(find("p", "a")).as("the next request reads the catalog again").contains("a-1");
    }

    @Test
    void pastItsBoundItStartsOver() {
        find("p", "a");
        find("p", "b");
        find("q", "c");
        assertThat(shelves.size()).isEqualTo(3);
        find("r", "d"); // one more than the bound: everything goes, this one too
        assertThat(shelves.size()).isZero();
        assertThat(letGo).containsExactlyInAnyOrder("a-1->null", "b-2->null", "c-3->null", "d-4->null");
        assertThat(find("p", "a")).as("read again").contains("a-5");
        assertThat(shelves.size()).isEqualTo(1);
    }
}
