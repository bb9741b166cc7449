package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.events.Change;
import dev.assetgate.store.jdbc.JdbcWebhookStore;
import dev.assetgate.webhooks.Delivery;
import dev.assetgate.webhooks.Webhook;
import dev.assetgate.webhooks.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WebhookStore} contract: dispatch fans events out to the endpoints that want them, once;
 * a claim takes only the oldest pending delivery of an item and holds it for its lease; outcomes,
 * retries, giving up and redelivery. Every engine runs it.
 */
abstract class WebhookStoreContract extends StoreContract {
    private JdbcWebhookStore store;

    @BeforeEach
    void stores() {
        db.useClock(clock);
        store = new JdbcWebhookStore(db);
        drain(); // events of other tests of the class
    }

    private void drain() {
        Instant now = clock.instant();
        while (store.dispatch(now, 500) > 0) {
            // fan out what earlier tests left
        }
        for (List<WebhookStore.Claimed> c = store.claim(now, now, 100); !c.isEmpty(); c = store.claim(now, now, 100)) {
            c.forEach(x -> store.delivered(x.delivery().id(), 200, now));
        }
    }

    private Webhook webhook(String project, List<String> events, boolean active) {
        Instant now = clock.instant();
        Webhook w = new Webhook(UUID.randomUUID().toString(), project, "https://example.com/hook", events, "", active, "salt", now, now);
        store.create(w);
        return w;
    }

    private void change(String project, String kind, String item) {
        String[] parts = kind.split("\\.");
        db.inTransaction(c -> {
            db.outbox().record(c, Change.of(project, parts[0], parts[1], item));
            return null;
        });
    }

    private List<WebhookStore.Claimed> claim() {
        Instant now = clock.instant();
        return store.claim(now, now.plusSeconds(30), 100);
    }

    @Test
    void dispatchFansEachEventOutOnceToTheActiveEndpointsThatWantIt() {
        String project = newProject();
        Webhook files = webhook(project, List.of("file"), true);
        Webhook renames = webhook(project, List.of("file.renamed"), true);
        Webhook paused = webhook(project, List.of("*"), false);
        drain(); // the webhook.created events
        change(project, "file.created", "f1");
        change(project, "file.renamed", "f1");
        change(project, "folder.created", "d1");
        assertThat(store.dispatch(clock.instant(), 500)).isEqualTo(3);
        assertThat(store.dispatch(clock.instant(), 500)).as("dispatched once").isZero();
        assertThat(store.deliveries(files.uuid(), 10, 0)).extracting(Delivery::kind).containsExactly("file.renamed", "file.created");
        assertThat(store.deliveries(renames.uuid(), 10, 0)).extracting(Delivery::kind).containsExactly("file.renamed");
        assertThat(store.deliveries(paused.uuid(), 10, 0)).isEmpty();
    }

    @Test
    void aClaimTakesTheOldestPendingDeliveryOfAnItemAndHoldsItForItsLease() {
        String project = newProject();
        Webhook hook = webhook(project, List.of("file"), true);
        drain();
        change(project, "file.created", "f1");
        change(project, "file.renamed", "f1");
        change(project, "file.created", "f2");
        store.dispatch(clock.instant(), 500);
        List<WebhookStore.Claimed> first = claim();
        assertThat(first).extracting(c -> c.event().kind() + " " + c.event().itemUuid()).containsExactly("file.created f1", "file.created f2");
        assertThat(first.get(0).webhook().uuid()).isEqualTo(hook.uuid());
        assertThat(claim()).as("held by their claim; f1's rename waits behind its creation").isEmpty();

        store.attemptFailed(first.get(0).delivery().id(), 500, "the receiver answered HTTP 500", clock.instant().plusSeconds(10));
        store.delivered(first.get(1).delivery().id(), 200, clock.instant());
        assertThat(claim()).as("f1's creation waits for its retry, its rename behind it").isEmpty();
        clock.advance(Duration.ofSeconds(11));
        List<WebhookStore.Claimed> retry = claim();
        assertThat(retry).extracting(c -> c.event().kind()).containsExactly("file.created");
        assertThat(retry.get(0).delivery().attempts()).isEqualTo(1);
        store.attemptFailed(retry.get(0).delivery().id(), null, "gave up", null);
        assertThat(claim()).as("a failed delivery no longer holds its item back").extracting(c -> c.event().kind()).containsExactly("file.renamed");

        Delivery failed = store.delivery(hook.uuid(), retry.get(0).delivery().id()).orElseThrow();
        assertThat(List.of(failed.status(), failed.attempts(), failed.lastError())).containsExactly(Delivery.FAILED, 2, "gave up");
        assertThat(store.redeliver(hook.uuid(), failed.id(), clock.instant())).isTrue();
        assertThat(store.redeliver(hook.uuid(), 987654321L, clock.instant())).isFalse();
        Delivery again = store.delivery(hook.uuid(), failed.id()).orElseThrow();
        assertThat(List.of(again.status(), again.attempts())).containsExactly(Delivery.PENDING, 0);
    }

    @Test
    void aClaimOfANodeThatDiedRunsOutAndTheDeliveryIsClaimedAgain() {
        String project = newProject();
        webhook(project, List.of("*"), true);
        drain();
        change(project, "file.created", "f1");
        store.dispatch(clock.instant(), 500);
        assertThat(claim()).hasSize(1);
        assertThat(claim()).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(claim()).as("the lease ran out").hasSize(1);
    }

    @Test
    void endpointsAreListedChangedAndDeletedWithTheirDeliveries() {
        String project = newProject();
        Webhook hook = webhook(project, List.of("file"), true);
        assertThat(store.list(project)).extracting(Webhook::uuid).containsExactly(hook.uuid());
        assertThat(store.find(newProject(), hook.uuid())).as("another project's").isEmpty();
        Webhook changed = new Webhook(hook.uuid(), project, "https://example.org/h", List.of("folder", "file.deleted"), "d", false, "salt2",
                hook.createdAt(), clock.instant());
        assertThat(store.update(changed)).hasValueSatisfying(w -> {
            assertThat(w.events()).containsExactly("folder", "file.deleted");
            assertThat(w.active()).isFalse();
            assertThat(w.salt()).isEqualTo("salt2");
        });
        assertThat(store.delete(project, hook.uuid())).isTrue();
        assertThat(store.delete(project, hook.uuid())).isFalse();
        assertThat(store.list(project)).isEmpty();
    }
}
