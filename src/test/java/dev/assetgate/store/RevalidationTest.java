package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a cache rereads the catalog, and who waits for it (a hanging read must not queue every request). */
class RevalidationTest {
    private final AtomicLong now = new AtomicLong();
    private final Revalidation revalidation = new Revalidation(Duration.ofSeconds(1), now::get);

    @Test
    void checksFirstThenAtMostOncePerIntervalAndAfterEachAnnouncement() {
        AtomicInteger checks = new AtomicInteger();
        revalidation.ifDue(checks::incrementAndGet);
        revalidation.ifDue(checks::incrementAndGet);
        assertThat(checks).hasValue(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        revalidation.ifDue(checks::incrementAndGet);
        assertThat(checks).hasValue(2);
        revalidation.announce();
        revalidation.ifDue(checks::incrementAndGet);
        assertThat(checks).hasValue(3);
    }

    @Test
    void whileACheckHangsALookupDueByTheIntervalAnswersAtOnceButOneAfterAnAnnouncementWaits() throws Exception {
        revalidation.ifDue(() -> {});
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> hanging = CompletableFuture.runAsync(() -> revalidation.ifDue(() -> {
            inside.countDown();
            await(release); // a catalog that does not answer
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        AtomicInteger skipped = new AtomicInteger();
        CompletableFuture.runAsync(() -> revalidation.ifDue(skipped::incrementAndGet)).get(5, TimeUnit.SECONDS);
        assertThat(skipped).as("the cache answered; no second read queued behind the first").hasValue(0);

        revalidation.announce(); // a change made here: the next lookup must see it, so it waits its turn
        AtomicInteger checked = new AtomicInteger();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> revalidation.ifDue(checked::incrementAndGet));
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        release.countDown();
        waiting.get(5, TimeUnit.SECONDS);
        hanging.get(5, TimeUnit.SECONDS);
        assertThat(checked).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
