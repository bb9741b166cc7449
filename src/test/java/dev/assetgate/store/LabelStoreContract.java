package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.access.FolderScope;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.labels.Label;
import dev.assetgate.labels.LabelDraft;
import dev.assetgate.labels.LabelFilter;
import dev.assetgate.store.FileQuery.SortField;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcLabelStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.labels.LabelStore} contract, with label searches through the catalog; every engine runs it. */
abstract class LabelStoreContract extends StoreContract {
    private JdbcLabelStore labels;
    private JdbcAssetCatalog catalog;
    private String p;

    @BeforeEach
    void freshProject() {
        labels = new JdbcLabelStore(db, clock);
        catalog = new JdbcAssetCatalog(db, clock);
        p = newProject();
    }

    private Label label(String name) {
        return labels.create(p, new LabelDraft(name, "#9580E9", "pin", false));
    }

    private FileRecord put(String folder, String name) {
        return catalog.insertFile(AssetCatalogContract.file(p, folder, name, "text/plain", 1, clock.instant()));
    }

    private static void assertFails(ApiError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    private List<String> sidsOf(FileRecord file) {
        return labels.labelsOfFiles(p, List.of(file.uuid())).getOrDefault(file.uuid(), List.of()).stream().map(Label::sid).toList();
    }

    private List<String> search(List<SearchTerm> terms) {
        FileQuery q = new FileQuery("/", true, terms, null, SortField.NAME, false, 100, 0, FolderScope.ANY);
        return catalog.listFiles(p, q).items().stream().map(FileRecord::name).toList();
    }

    // ------------------------------------------------------------------ the dictionary

    @Test
    void createFindAndListWithNamesUniquePerProjectIgnoringCase() {
        Label urgent = labels.create(p, new LabelDraft("Urgent", "#E55E58", "pin", true));
        assertThat(urgent.uuid()).isNotBlank();
        assertThat(urgent.sid()).matches("#lb[0-9a-f]{12}");
        assertThat(urgent).extracting(Label::project, Label::name, Label::color, Label::shape, Label::pinned)
                .containsExactly(p, "Urgent", "#E55E58", "pin", true);
        assertThat(urgent.createdAt()).isEqualTo(clock.instant()).isEqualTo(urgent.updatedAt());

        assertThat(labels.find(p, urgent.uuid(), "#none")).contains(urgent);
        assertThat(labels.find(p, "none", urgent.sid())).contains(urgent);
        assertThat(labels.find(newProject(), urgent.uuid(), urgent.sid())).as("another project's label").isEmpty();

        assertFails(ApiError.NAME_CONFLICT, () -> label("urgent"));
        assertFails(ApiError.NAME_CONFLICT, () -> label("URGENT"));
        String other = newProject();
        assertThat(labels.create(other, new LabelDraft("Urgent", "#000", "pin", false)).project()).isEqualTo(other);

        label("banana");
        label("Apple");
        label("cherry");
        assertThat(labels.list(p)).extracting(Label::name).as("by name, ignoring case").containsExactly("Apple", "banana", "cherry", "Urgent");
    }

    @Test
    void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        List<Callable<Label>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = i % 2 == 0 ? "Same" : "same";
            calls.add(() -> label(name));
        }
        List<Throwable> failures = new ArrayList<>();
        int winners = 0;
        for (Future<Label> f : race(calls)) {
            try {
                f.get();
                winners++;
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.error).isEqualTo(ApiError.NAME_CONFLICT)));
        assertThat(labels.list(p)).hasSize(1);
    }

    @Test
    void updateReplacesTheFieldsAndKeepsNamesUnique() {
        Label a = label("Alpha");
        label("Beta");
        Instant later = clock.advance(Duration.ofMinutes(5));
        Label changed = labels.update(p, a.uuid(), new LabelDraft("ALPHA", "#123", "star", true));
        assertThat(changed).extracting(Label::uuid, Label::sid, Label::name, Label::color, Label::shape, Label::pinned)
                .containsExactly(a.uuid(), a.sid(), "ALPHA", "#123", "star", true);
        assertThat(changed.createdAt()).isEqualTo(a.createdAt());
        assertThat(changed.updatedAt()).isEqualTo(later);

        assertFails(ApiError.NAME_CONFLICT, () -> labels.update(p, a.uuid(), new LabelDraft("beta", "#123", "pin", false)));
        assertFails(ApiError.LABEL_NOT_FOUND, () -> labels.update(p, "no-such-uuid", new LabelDraft("Gamma", "#123", "pin", false)));
        assertFails(ApiError.LABEL_NOT_FOUND, () -> labels.update(newProject(), a.uuid(), new LabelDraft("Gamma", "#123", "pin", false)));
        assertThat(labels.find(p, a.uuid(), "").orElseThrow().name()).isEqualTo("ALPHA");
    }

    @Test
    void deleteIsAllOrNothingAndDetachesTheLabelEverywhere() {
        Label a = label("A");
        Label b = label("B");
        FileRecord f = put("/docs", "f.txt");
        labels.attach(p, List.of(f.uuid()), List.of(a.uuid(), b.uuid()));

        assertFails(ApiError.LABEL_NOT_FOUND, () -> labels.delete(p, List.of(a.uuid(), "no-such-uuid")));
        assertThat(labels.list(p)).hasSize(2);
        assertThat(sidsOf(f)).containsExactlyInAnyOrder(a.sid(), b.sid());

        assertThat(labels.delete(p, List.of(a.uuid()))).extracting(Label::uuid).containsExactly(a.uuid());
        assertThat(labels.list(p)).containsExactly(b);
        assertThat(sidsOf(f)).containsExactly(b.sid());
        assertThat(labels.fileCounts(p, FolderScope.ANY)).containsOnlyKeys(b.uuid());
    }

    // ------------------------------------------------------------------ attachments

    @Test
    void attachAndDetachAreIdempotentAndAllOrNothing() {
        Label a = label("A");
        Label b = label("B");
        FileRecord f = put("/docs", "f.txt");
        FileRecord g = put("/docs", "g.txt");

        assertFails(ApiError.FILE_NOT_FOUND, () -> labels.attach(p, List.of(f.uuid(), "no-such-file"), List.of(a.uuid())));
        assertFails(ApiError.LABEL_NOT_FOUND, () -> labels.attach(p, List.of(f.uuid()), List.of(a.uuid(), "no-such-label")));
        String other = newProject();
        FileRecord foreign = catalog.insertFile(AssetCatalogContract.file(other, "/", "x.txt", "text/plain", 1, clock.instant()));
        assertFails(ApiError.FILE_NOT_FOUND, () -> labels.attach(p, List.of(foreign.uuid()), List.of(a.uuid())));
        assertFails(ApiError.LABEL_NOT_FOUND, () -> labels.attach(other, List.of(foreign.uuid()), List.of(a.uuid())));
        assertThat(labels.labelsOfFiles(p, List.of(f.uuid(), g.uuid()))).as("nothing attached").isEmpty();

        labels.attach(p, List.of(f.uuid(), g.uuid()), List.of(a.uuid(), b.uuid()));
        labels.attach(p, List.of(f.uuid()), List.of(a.uuid()));
        Map<String, List<Label>> attached = labels.labelsOfFiles(p, List.of(f.uuid(), g.uuid(), "unknown"));
        assertThat(attached).containsOnlyKeys(f.uuid(), g.uuid());
        assertThat(attached.get(f.uuid())).as("by name").containsExactly(a, b);

        assertFails(ApiError.FILE_NOT_FOUND, () -> labels.detach(p, List.of(f.uuid(), "no-such-file"), List.of(a.uuid())));
        assertThat(sidsOf(f)).containsExactly(a.sid(), b.sid());
        labels.detach(p, List.of(f.uuid()), List.of(a.uuid()));
        labels.detach(p, List.of(f.uuid()), List.of(a.uuid()));
        assertThat(sidsOf(f)).containsExactly(b.sid());
        assertThat(sidsOf(g)).containsExactly(a.sid(), b.sid());
    }

    @Test
    void labelsOfManyFilesAreReadInBatches() {
        Label a = label("A");
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            uuids.add(put("/many", "f" + i + ".txt").uuid());
        }
        labels.attach(p, uuids, List.of(a.uuid()));
        Map<String, List<Label>> attached = labels.labelsOfFiles(p, uuids);
        assertThat(attached).hasSize(520);
        assertThat(attached.values()).allSatisfy(l -> assertThat(l).containsExactly(a));
    }

    @Test
    void fileCountsCountOnlyFilesInsideTheScope() {
        Label a = label("A");
        Label b = label("B");
        label("Unused");
        FileRecord in1 = put("/in", "1.txt");
        FileRecord in2 = put("/in/sub", "2.txt");
        FileRecord out = put("/inX", "3.txt");
        labels.attach(p, List.of(in1.uuid(), in2.uuid(), out.uuid()), List.of(a.uuid()));
        labels.attach(p, List.of(out.uuid()), List.of(b.uuid()));

        assertThat(labels.fileCounts(p, FolderScope.ANY)).isEqualTo(Map.of(a.uuid(), 3L, b.uuid(), 1L));
        assertThat(labels.fileCounts(p, FolderScope.parse(List.of("/in/*"), "scope"))).isEqualTo(Map.of(a.uuid(), 2L));
        assertThat(labels.fileCounts(p, FolderScope.parse(List.of("/in"), "scope"))).isEqualTo(Map.of(a.uuid(), 1L));
        assertThat(labels.fileCounts(newProject(), FolderScope.ANY)).isEmpty();
    }

    @Test
    void deletingAFileItsFolderOrItsProjectRemovesItsAttachments() {
        Label a = label("A");
        FileRecord f = put("/docs", "f.txt");
        FileRecord g = put("/other/deep", "g.txt");
        FileRecord h = put("/", "h.txt");
        labels.attach(p, List.of(f.uuid(), g.uuid(), h.uuid()), List.of(a.uuid()));

        catalog.deleteFiles(p, List.of(f.uuid()));
        catalog.deleteFolders(p, List.of(catalog.folderByPath(p, "/other").orElseThrow().uuid()));
        assertThat(labels.fileCounts(p, FolderScope.ANY)).isEqualTo(Map.of(a.uuid(), 1L));
        assertThat(labels.labelsOfFiles(p, List.of(f.uuid(), g.uuid()))).isEmpty();

        projects.delete(p);
        assertThat(labels.list(p)).isEmpty();
        assertThat(labels.labelsOfFiles(p, List.of(h.uuid()))).isEmpty();
    }

    @Test
    void renamingOrMovingAFileKeepsItsLabels() {
        Label a = label("A");
        FileRecord f = put("/docs", "f.txt");
        labels.attach(p, List.of(f.uuid()), List.of(a.uuid()));
        catalog.renameFile(p, f.uuid(), "renamed.txt");
        catalog.moveFiles(p, List.of(f.uuid()), "/elsewhere");
        catalog.relocateFolder(p, catalog.folderByPath(p, "/elsewhere").orElseThrow().uuid(), "/moved");
        assertThat(sidsOf(f)).containsExactly(a.sid());
    }

    // ------------------------------------------------------------------ searching by label

    @Test
    void searchByLabelSidWithOrWithoutHashOrUuidWithOrAndNot() {
        Label red = label("Red");
        Label blue = label("Blue");
        FileRecord r = put("/", "r.txt");
        FileRecord b = put("/", "b.txt");
        FileRecord rb = put("/", "rb.txt");
        put("/", "none.txt");
        labels.attach(p, List.of(r.uuid(), rb.uuid()), List.of(red.uuid()));
        labels.attach(p, List.of(b.uuid(), rb.uuid()), List.of(blue.uuid()));
        String redSid = red.sid().substring(1);

        assertThat(search(SearchParser.parse("labels:" + redSid))).containsExactly("r.txt", "rb.txt");
        assertThat(search(SearchParser.parse("labels:" + red.sid().toUpperCase()))).containsExactly("r.txt", "rb.txt");
        assertThat(search(SearchParser.parse("label:" + red.uuid()))).containsExactly("r.txt", "rb.txt");
        assertThat(search(SearchParser.parse("labels:" + redSid + "," + blue.sid().substring(1)))).containsExactly("b.txt", "r.txt", "rb.txt");
        assertThat(search(SearchParser.parse("labels:" + redSid + "+labels:" + blue.sid().substring(1)))).containsExactly("rb.txt");
        assertThat(search(SearchParser.parse("-labels:" + redSid))).containsExactly("b.txt", "none.txt");
        assertThat(search(SearchParser.parse("labels:lbunknown"))).isEmpty();

        List<String> both = List.of(red.sid(), blue.sid());
        assertThat(search(LabelFilter.terms(both, null))).containsExactly("b.txt", "r.txt", "rb.txt");
        assertThat(search(LabelFilter.terms(both, "or"))).containsExactly("b.txt", "r.txt", "rb.txt");
        assertThat(search(LabelFilter.terms(both, "AND"))).containsExactly("rb.txt");
        assertThat(search(LabelFilter.terms(both, "NOT"))).containsExactly("none.txt");
    }

    // ------------------------------------------------------------------ helpers

    /** Starts the calls at the same moment from separate threads. */
    private static <T> List<Future<T>> race(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            for (Future<T> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ignored) {
                    // looked at by the caller
                }
            }
            return futures;
        } finally {
            pool.shutdownNow();
        }
    }
}
