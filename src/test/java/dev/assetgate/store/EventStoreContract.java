package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiException;
import dev.assetgate.events.Actor;
import dev.assetgate.events.Change;
import dev.assetgate.events.ChangeEvent;
import dev.assetgate.events.EventStore;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox and the {@link EventStore}: an event commits and rolls back with its change, carries the
 * actor bound to the thread, and is found by item, kind, key, time and cursor; every engine runs it.
 */
abstract class EventStoreContract extends StoreContract {
    private JdbcAssetCatalog catalog;
    private JdbcEventStore events;

    @BeforeEach
    void stores() {
        db.useClock(clock);
        catalog = new JdbcAssetCatalog(db, clock);
        events = new JdbcEventStore(db);
    }

    private FileRecord file(String project, String folder, String name) {
        Instant now = clock.instant();
        return catalog.insertFile(new FileRecord(UUID.randomUUID().toString(), project, null, folder, name, 3, "text/plain",
                "sha", "blob-" + UUID.randomUUID(), "{}", "{}", "[]", now, now));
    }

    private static List<String> kinds(List<ChangeEvent> found) {
        return found.stream().map(ChangeEvent::kind).toList();
    }

    @Test
    void anEventCommitsWithItsChangeAndRollsBackWithIt() {
        String project = newProject();
        FileRecord a = file(project, "/", "a.txt");
        file(project, "/", "b.txt");
        catalog.renameFile(project, a.uuid(), "c.txt");
        assertThatThrownBy(() -> catalog.renameFile(project, a.uuid(), "b.txt")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> db.inTransaction(c -> {
            db.outbox().record(c, Change.of(project, "file", "renamed", a.uuid()));
            throw new IllegalStateException("the change failed after its event was written");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(kinds(events.ofItem(project, a.uuid(), 10, 0))).containsExactly("file.renamed", "file.created");
        assertThat(events.countOfItem(project, a.uuid())).isEqualTo(2);
        ChangeEvent renamed = events.ofItem(project, a.uuid(), 1, 0).get(0);
        assertThat(renamed.before()).isEqualTo("{\"name\":\"a.txt\"}");
        assertThat(renamed.after()).isEqualTo("{\"name\":\"c.txt\"}");
        assertThat(renamed.at()).isEqualTo(clock.instant());
        assertThat(renamed.companyId()).isEqualTo(projects.defaultCompany().id());
        assertThat(kinds(events.ofItem(project, a.uuid(), 1, 1))).containsExactly("file.created");
    }

    @Test
    void theActorBoundToTheThreadIsRecordedAndNothingBoundIsTheSystem() {
        String project = newProject();
        FileRecord plain = file(project, "/", "plain.txt");
        FileRecord bySass;
        try (Actor.Scope acting = Actor.acting(() -> Actor.sassKey("sass_1", "SECU_1", "203.0.113.9"))) {
            bySass = file(project, "/", "sass.txt");
        }
        ChangeEvent system = events.ofItem(project, plain.uuid(), 1, 0).get(0);
        assertThat(system.actor()).isEqualTo("system");
        assertThat(system.keyId()).isNull();
        ChangeEvent sass = events.ofItem(project, bySass.uuid(), 1, 0).get(0);
        assertThat(List.of(sass.actor(), sass.keyId(), sass.templateId(), sass.ip())).containsExactly("sass", "sass_1", "SECU_1", "203.0.113.9");
        assertThat(Actor.current()).as("the binding ended with its scope").isEqualTo(Actor.SYSTEM);
    }

    @Test
    void eventsAreFoundByProjectItemKindKeyTimeAndCursor() {
        String project = newProject();
        String other = newProject();
        Instant start = clock.instant();
        FileRecord a;
        try (Actor.Scope acting = Actor.acting(() -> Actor.apiKey("key_a", "127.0.0.1"))) {
            a = file(project, "/docs", "a.txt"); // folder.created /docs, file.created
            clock.advance(Duration.ofSeconds(1));
            catalog.renameFile(project, a.uuid(), "b.txt");
        }
        clock.advance(Duration.ofSeconds(1));
        file(other, "/", "x.txt");
        String company = projects.defaultCompany().id();
        EventStore.Query all = new EventStore.Query(company, null, project, null, null, null, null, null, null, null, 0, 100);
        assertThat(kinds(events.find(all))).containsExactly("file.renamed", "file.created", "folder.created");
        assertThat(kinds(events.find(new EventStore.Query(company, java.util.Set.of(other), null, null, null, null, null, null, null, null, 0, 100))))
                .containsExactly("file.created");
        assertThat(events.find(new EventStore.Query(company, java.util.Set.of(), null, null, null, null, null, null, null, null, 0, 100))).isEmpty();
        assertThat(kinds(events.find(new EventStore.Query(company, null, project, null, "file", null, null, null, null, null, 0, 100))))
                .containsExactly("file.renamed", "file.created");
        assertThat(kinds(events.find(new EventStore.Query(company, null, project, null, "file.created", a.uuid(), null, null, null, null, 0, 100))))
                .containsExactly("file.created");
        assertThat(kinds(events.find(new EventStore.Query(company, null, null, "key_a", null, null, java.util.Set.of("folder"), null, null, null, 0, 100))))
                .containsExactly("file.renamed", "file.created");
        assertThat(kinds(events.find(new EventStore.Query(company, null, project, null, null, null, null, start.plusSeconds(1), null, null, 0, 100))))
                .containsExactly("file.renamed");
        assertThat(kinds(events.find(new EventStore.Query(company, null, project, null, null, null, null, null, start.plusSeconds(1), null, 0, 100))))
                .containsExactly("file.created", "folder.created");
        ChangeEvent newest = events.find(all).get(0);
        ChangeEvent second = events.find(all).get(1);
        assertThat(kinds(events.find(new EventStore.Query(company, null, project, null, null, null, null, null, null, second.at(), second.seq(), 100))))
                .as("after the second").containsExactly("folder.created");
        assertThat(events.find(new EventStore.Query(company, null, project, null, null, null, null, null, null, newest.at(), newest.seq(), 1)))
                .extracting(ChangeEvent::seq).containsExactly(second.seq());
        assertThat(events.after(second.seq() - 1, 10)).extracting(ChangeEvent::seq).startsWith(second.seq());
    }
}
