package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The project cache over the real SQLite catalog: what it remembers, and for how long. */
class CachedProjectStoreTest extends StoreContract {
    private final AtomicLong now = new AtomicLong();

    @Override
    protected TestCatalog openCatalog() {
        return TestCatalog.sqlite();
    }

    private CachedProjectStore cached() {
        return new CachedProjectStore(projects, now::get);
    }

    @Test
    void aChangeMadeElsewhereIsSeenOnceTheEntryIsASecondOld() {
        CachedProjectStore cache = cached();
        String token = newProject();
        assertThat(cache.find(token).orElseThrow().name()).isEqualTo("Project " + token);

        projects.rename(token, "renamed by another node"); // behind the cache's back
        now.addAndGet(CachedProjectStore.FRESH_NANOS - 1);
        assertThat(cache.find(token).orElseThrow().name()).as("still fresh").isEqualTo("Project " + token);
        now.addAndGet(1);
        assertThat(cache.find(token).orElseThrow().name()).isEqualTo("renamed by another node");

        projects.delete(token);
        now.addAndGet(CachedProjectStore.FRESH_NANOS);
        assertThat(cache.find(token)).as("deleted elsewhere").isEmpty();
    }

    @Test
    void aChangeMadeThroughItIsSeenAtOnce() {
        CachedProjectStore cache = cached();
        String token = newProject();
        cache.find(token).orElseThrow();

        assertThat(cache.rename(token, "new name")).isPresent();
        assertThat(cache.find(token).orElseThrow().name()).isEqualTo("new name");
        cache.delete(token);
        assertThat(cache.find(token)).isEmpty();
    }

    @Test
    void anUnknownTokenIsNotRemembered() {
        CachedProjectStore cache = cached();
        String token = uniqueToken("later");
        assertThat(cache.find(token)).isEmpty();
        projects.create(token, "created by the CLI", projects.defaultCompany().id()).orElseThrow();
        assertThat(cache.find(token)).as("found without waiting").isPresent();
    }
}
