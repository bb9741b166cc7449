package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.audit.MinuteCount;
import dev.assetgate.store.jdbc.JdbcAuditStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link AuditStore} contract, and the {@link AuditLog} on top of it (bounded queue, counts
 * that several nodes add up); every catalog engine runs it (see the subclasses).
 */
abstract class AuditStoreContract extends StoreContract {
    private JdbcAuditStore store;
    private String company;

    @BeforeEach
    void stores() {
        store = new JdbcAuditStore(db);
        company = uniqueToken("company-"); // events name their company; no row is needed, and no other test sees these
    }

    private AuditEvent event(String kind, String project, String key, Instant at) {
        return new AuditEvent(UUID.randomUUID().toString(), at, kind, company, project, key, null, null, "127.0.0.1", null,
                "GET", "/x", "{\"n\":1}");
    }

    private AuditFilter filter(Set<String> reachable, String project, String key, String kind, Instant from, Instant to,
                               AuditFilter.Cursor after, int limit) {
        return new AuditFilter(company, reachable, project, key, kind, from, to, after, limit);
    }

    private List<String> kinds(List<AuditStore.StoredEvent> found) {
        return found.stream().map(e -> e.event().kind()).toList();
    }

    @Test
    void eventsAreFilteredByVisibilityProjectKeyKindAndTime() {
        Instant t = clock.instant();
        store.append(List.of(event("key.created", "a", "k1", t), event("key.deleted", "b", "k1", t.plusSeconds(1)),
                event("template.created", "a", "k2", t.plusSeconds(2)), event("session.signed_in", null, "k2", t.plusSeconds(3)),
                event("keys.odd", "a", "k1", t.plusSeconds(4))));
        assertThat(kinds(store.find(filter(null, null, null, null, null, null, null, 100))))
                .containsExactly("keys.odd", "session.signed_in", "template.created", "key.deleted", "key.created");
        assertThat(kinds(store.find(filter(Set.of("a"), null, null, null, null, null, null, 100))))
                .as("a project key: its projects only, no company-level events").containsExactly("keys.odd", "template.created", "key.created");
        assertThat(store.find(filter(Set.of(), null, null, null, null, null, null, 100))).isEmpty();
        assertThat(kinds(store.find(filter(null, "b", null, null, null, null, null, 100)))).containsExactly("key.deleted");
        assertThat(kinds(store.find(filter(null, null, "k2", null, null, null, null, 100)))).containsExactly("session.signed_in", "template.created");
        assertThat(kinds(store.find(filter(null, null, null, "key", null, null, null, 100)))).containsExactly("key.deleted", "key.created");
        assertThat(kinds(store.find(filter(null, null, null, "key.created", null, null, null, 100)))).containsExactly("key.created");
        assertThat(kinds(store.find(filter(null, null, null, null, t.plusSeconds(1), t.plusSeconds(3), null, 100))))
                .as("from inclusive, to exclusive").containsExactly("template.created", "key.deleted");
        assertThat(store.find(new AuditFilter(uniqueToken("other-"), null, null, null, null, null, null, null, 100))).isEmpty();
    }

    @Test
    void pagesContinueAfterTheCursorEvenWhenEventsShareAMillisecond() {
        Instant t = clock.instant();
        List<AuditEvent> same = new ArrayList<>();
        for (int i = 0; i < 7; i++) same.add(event("key.created", "p", "k", t));
        store.append(same);
        List<String> seen = new ArrayList<>();
        AuditFilter.Cursor cursor = null;
        int pages = 0;
        do {
            List<AuditStore.StoredEvent> page = store.find(filter(null, null, null, null, null, null, cursor, 3));
            page.forEach(e -> seen.add(e.event().id()));
            AuditStore.StoredEvent last = page.isEmpty() ? null : page.get(page.size() - 1);
            cursor = page.size() < 3 ? null : AuditFilter.Cursor.decode(new AuditFilter.Cursor(last.event().at(), last.seq()).encode());
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(same.stream().map(AuditEvent::id).toList());
    }

    @Test
    void minuteCountsAddUpAcrossWritersAndProjects() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        store.addMinutes(List.of(new MinuteCount(company, "a", minute, 5, 1), new MinuteCount(company, "", minute, 2, 2)));
        store.addMinutes(List.of(new MinuteCount(company, "a", minute, 3, 3), new MinuteCount(company, "b", minute.plusSeconds(60), 4, 0)));
        List<MinuteCount> a = store.minutes(company, Set.of("a"), minute, minute.plusSeconds(120));
        assertThat(a).hasSize(1);
        assertThat(a.get(0).requests()).isEqualTo(8);
        assertThat(a.get(0).refusals()).isEqualTo(4);
        List<MinuteCount> all = store.minutes(company, null, minute, minute.plusSeconds(120));
        assertThat(all).extracting(MinuteCount::minute).containsExactly(minute, minute.plusSeconds(60));
        assertThat(all.get(0).requests()).isEqualTo(10);
        assertThat(all.get(1).requests()).isEqualTo(4);
        assertThat(store.minutes(company, Set.of(), minute, minute.plusSeconds(120))).isEmpty();
    }

    @Test
    void pruneDeletesOnlyWhatIsOlder() {
        Instant t = clock.instant();
        AuditEvent old = event("key.created", "p", "k", t.minus(Duration.ofDays(100)));
        AuditEvent recent = event("key.created", "p", "k", t.minus(Duration.ofDays(1)));
        store.append(List.of(old, recent));
        store.addMinutes(List.of(new MinuteCount(company, "p", t.minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.MINUTES), 1, 0)));
        store.prune(t.minus(Duration.ofDays(90)));
        assertThat(store.find(filter(null, null, null, null, null, null, null, 100))).extracting(e -> e.event().id())
                .containsExactly(recent.id());
        assertThat(store.minutes(company, null, t.minus(Duration.ofDays(200)), t)).isEmpty();
    }

    @Test
    void aFullQueueDropsAndCountsEventsInsteadOfWaiting() {
        AuditLog log = AuditLog.unscheduled(store, clock, () -> company, 3);
        for (int i = 0; i < 5; i++) log.entry("request.refused", company).project("q").rule("UNAUTHORIZED").record();
        assertThat(log.dropped()).isEqualTo(2);
        log.flush();
        assertThat(store.find(filter(null, "q", null, null, null, null, null, 100))).hasSize(3);
        for (int i = 0; i < 3; i++) log.entry("request.refused", company).project("q").record();
        assertThat(log.dropped()).as("room again after a flush").isEqualTo(2);
        log.close();
        assertThat(store.find(filter(null, "q", null, null, null, null, null, 100))).as("close writes what is queued").hasSize(6);
    }

    @Test
    void eventsArrivingFasterThanTheQueueHoldsPerSecondAreWrittenNotDropped() throws Exception {
        // 4,000 events in 0.8 s into a queue of 2,000: a writer that only woke every second dropped about 2,000;
        // one woken at 500 waiting has 300 ms to write them before the queue is full
        AuditLog log = AuditLog.withCapacity(store, clock, () -> company, 2_000);
        for (int burst = 0; burst < 40; burst++) {
            for (int i = 0; i < 100; i++) log.entry("sass_key.minted", company).project("burst").record();
            Thread.sleep(20);
        }
        assertThat(log.dropped()).isZero();
        log.close();
        int found = 0;
        AuditFilter.Cursor after = null;
        for (List<AuditStore.StoredEvent> page; !(page = store.find(filter(null, "burst", null, null, null, null, after, 500))).isEmpty(); ) {
            found += page.size();
            AuditStore.StoredEvent last = page.get(page.size() - 1);
            after = new AuditFilter.Cursor(last.event().at(), last.seq());
        }
        assertThat(found).isEqualTo(4_000);
    }

    @Test
    void twoNodesCountingTheSameMinuteAddUp() {
        AuditLog one = AuditLog.unscheduled(store, clock, () -> company, 10);
        AuditLog two = AuditLog.unscheduled(store, clock, () -> company, 10);
        for (int i = 0; i < 3; i++) one.count(company, "n", false);
        one.count(company, "n", true);
        two.count(company, "n", true);
        one.flush();
        two.flush();
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<MinuteCount> counted = one.perMinute(company, Set.of("n"), minute.minusSeconds(120), minute.plusSeconds(60));
        assertThat(counted).hasSize(3).extracting(MinuteCount::requests).containsExactly(0L, 0L, 5L);
        assertThat(counted.get(2).refusals()).isEqualTo(2);
        one.close();
        two.close();
    }
}
