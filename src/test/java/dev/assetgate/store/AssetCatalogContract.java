package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.access.FolderScope;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import dev.assetgate.metadata.MetadataService;
import dev.assetgate.store.FileQuery.SortField;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcMetadataStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link AssetCatalog} contract; every catalog engine runs it (see the subclasses). */
abstract class AssetCatalogContract extends StoreContract {
    private JdbcAssetCatalog catalog;
    private String p;

    @BeforeEach
    void freshProject() {
        catalog = new JdbcAssetCatalog(db, clock);
        metadata = null;
        p = newProject();
    }

    /** A file row as the upload path builds it; the blob key names project and path for easy checks. */
    static FileRecord file(String project, String folder, String name, String mime, long size, Instant at) {
        return file(project, folder, name, mime, size, at, "{}", "{}");
    }

    static FileRecord file(String project, String folder, String name, String mime, long size, Instant at, String meta, String tags) {
        String path = ("/".equals(folder) ? "" : folder) + "/" + name;
        return new FileRecord(UUID.randomUUID().toString(), project, null, folder, name, size, mime, "sha1-" + name,
                "blob-" + project + "-" + path, meta, "{\"w\":1}", tags, at, at);
    }

    // ------------------------------------------------------------------ group commit (issue 17)

    private static final AssetCatalog.Placement REFUSE_TAKEN_NAMES = new AssetCatalog.Placement(
            stored -> new StorageSettings(StorageSettings.SameName.REFUSE, StorageSettings.SameContent.ACCEPT,
                    stored.versionsKept(), stored.versionsDays()), FolderScope.ANY, "k");

    /**
     * Concurrent placements, started together so that they share commits: each caller gets its own
     * outcome. Of many uploads of one name exactly one is stored and the others are refused, changing
     * nothing, while the uploads of free names beside them in the same commit are all stored, each as
     * its own row with its own event naming its own actor. Rounds until a commit was shared.
     */
    @Test
    void concurrentPlacementsEachGetTheirOwnOutcomeWhenTheyShareACommit() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        db.bindTo(meters);
        var events = new dev.assetgate.store.jdbc.JdbcEventStore(db);
        int threads = 24;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10 && meters.summary("assetgate.catalog.shared.commits").max() < 2; round++) {
                String folder = "/shared" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Object>> outcomes = new ArrayList<>();
                List<FileRecord> rows = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    FileRecord row = file(p, folder, t % 2 == 0 ? "taken.txt" : "free-" + t + ".txt", "text/plain", t + 1, clock.instant());
                    rows.add(row);
                    String actor = "key-" + t;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try (dev.assetgate.events.Actor.Scope as = dev.assetgate.events.Actor.acting(() -> dev.assetgate.events.Actor.apiKey(actor, null))) {
                            return catalog.placeFile(row, REFUSE_TAKEN_NAMES);
                        } catch (ApiException e) {
                            return e;
                        }
                    }));
                }
                start.countDown();
                int storedTaken = 0;
                for (int t = 0; t < threads; t++) {
                    Object outcome = outcomes.get(t).get(30, java.util.concurrent.TimeUnit.SECONDS);
                    FileRecord row = rows.get(t);
                    if (outcome instanceof ApiException refused) {
                        assertThat(row.name()).as("only a taken name is refused").isEqualTo("taken.txt");
                        assertThat(refused.error).isEqualTo(ApiError.NAME_CONFLICT);
                        assertThat(catalog.file(p, row.uuid())).as("a refused upload left no row").isEmpty();
                        assertThat(events.countOfItem(p, row.uuid())).as("nor an event").isZero();
                        continue;
                    }
                    AssetCatalog.Placed placed = (AssetCatalog.Placed) outcome;
                    assertThat(placed.outcome()).isEqualTo(AssetCatalog.Outcome.CREATED);
                    assertThat(placed.file().uuid()).as("the caller is answered with its own row").isEqualTo(row.uuid());
                    assertThat(catalog.file(p, row.uuid()).orElseThrow().size()).isEqualTo(row.size());
                    if (row.name().equals("taken.txt")) storedTaken++;
                    List<dev.assetgate.events.ChangeEvent> own = events.ofItem(p, row.uuid(), 10, 0);
                    assertThat(own).extracting(dev.assetgate.events.ChangeEvent::kind).containsExactly("file.created");
                    assertThat(own.get(0).keyId()).as("the event names the caller").isEqualTo("key-" + t);
                }
                assertThat(storedTaken).as("one upload of the taken name is stored").isEqualTo(1);
                assertThat(catalog.listFiles(p, query(folder, false)).total()).isEqualTo(threads / 2 + 1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(meters.summary("assetgate.catalog.shared.commits").max()).as("some commit was shared").isGreaterThan(1);
    }

    private FileRecord put(String folder, String name) {
        return catalog.insertFile(file(p, folder, name, "text/plain", 1, clock.instant()));
    }

    private FileRecord put(String folder, String name, String mime, long size) {
        return catalog.insertFile(file(p, folder, name, mime, size, clock.instant()));
    }

    private Folder folder(String path) {
        return catalog.folderByPath(p, path).orElseThrow(() -> new AssertionError("no folder " + path));
    }

    private static void assertFails(ApiError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    private static FileQuery query(String folder, boolean recursive) {
        return new FileQuery(folder, recursive, List.of(), null, SortField.NAME, false, 100, 0, FolderScope.ANY);
    }

    private List<String> names(FileQuery q) {
        return catalog.listFiles(p, q).items().stream().map(FileRecord::path).toList();
    }

    private List<String> terms(SearchTerm... terms) {
        return names(new FileQuery("/", true, List.of(terms), null, SortField.NAME, false, 100, 0, FolderScope.ANY));
    }

    private List<String> search(String q) {
        return names(new FileQuery("/", true, SearchParser.parse(q), null, SortField.NAME, false, 100, 0, FolderScope.ANY));
    }

    private List<String> folderPaths(Page<Folder> page) {
        return page.items().stream().map(Folder::path).toList();
    }

    private static FolderScope scope(String... entries) {
        return FolderScope.parse(List.of(entries), "scope");
    }

    // ------------------------------------------------------------------ image facts (backfill)

    @Test
    void imagesAfterWalksImageFilesByUuidAndInfoUpdatesKeepModifiedAt() {
        FileRecord a = put("/x", "a.png", "image/png", 1);
        FileRecord b = put("/x/y", "b.jpg", "image/jpeg", 1);
        put("/x", "c.txt", "text/plain", 1);
        List<String> walked = new java.util.ArrayList<>();
        String after = "";
        for (List<FileRecord> page; !(page = catalog.imagesAfter(p, after, 1)).isEmpty(); after = page.get(0).uuid()) {
            walked.add(page.get(0).name());
        }
        assertThat(walked).containsExactlyInAnyOrder("a.png", "b.jpg");
        assertThat(catalog.imagesAfter("another", "", 10)).isEmpty();

        catalog.updateFileInfo(p, a.uuid(), "{\"img_w\":3}");
        FileRecord updated = catalog.file(p, a.uuid()).orElseThrow();
        assertThat(updated.info()).contains("\"img_w\"");
        assertThat(updated.modifiedAt()).isEqualTo(a.modifiedAt());
        assertThat(catalog.file(p, b.uuid()).orElseThrow().info()).doesNotContain("img_w");
    }

    // ------------------------------------------------------------------ folders

    @Test
    void createFolderMakesTheWholeChainAndRefusesAnExistingOne() {
        Folder c = catalog.createFolder(p, "/a/b/c");
        assertThat(c.path()).isEqualTo("/a/b/c");
        assertThat(c.name()).isEqualTo("c");
        assertThat(c.project()).isEqualTo(p);
        assertThat(c.createdAt()).isEqualTo(clock.instant());
        assertThat(folder("/a")).isNotNull();
        assertThat(folder("/a/b")).isNotNull();
        assertThat(catalog.folderByUuid(p, c.uuid())).contains(c);
        assertThat(catalog.folderByUuid(newProject(), c.uuid())).as("another project's uuid").isEmpty();

        assertFails(ApiError.NAME_CONFLICT, () -> catalog.createFolder(p, "/a/b/c"));
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.createFolder(p, "/a"));
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.createFolder(p, "/"));
        assertThat(catalog.ensureFolder(p, "/a/b/c")).isEqualTo(c);
        assertThat(catalog.ensureFolder(p, "/a/b/d").path()).isEqualTo("/a/b/d");
    }

    @Test
    void concurrentUploadsIntoTheSameNewFolderChainAllSucceed() throws Exception {
        List<Callable<FileRecord>> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "f" + i + ".txt";
            uploads.add(() -> put("/x/y/z", name));
        }
        List<Outcome<FileRecord>> outcomes = race(uploads);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).extracting(o -> o.value().folderUuid()).containsOnly(folder("/x/y/z").uuid());
        assertThat(catalog.listFiles(p, query("/x/y/z", false)).total()).isEqualTo(8);
        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, FolderScope.ANY)))
                .containsExactly("/x", "/x/y", "/x/y/z");
    }

    @Test
    void concurrentCreatesOfOneFolderOrOneFileNameHaveExactlyOneWinner() throws Exception {
        List<Callable<Folder>> folders = new ArrayList<>();
        List<Callable<FileRecord>> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            folders.add(() -> catalog.createFolder(p, "/dup/one"));
            files.add(() -> put("/same", "name.txt"));
        }
        assertOneWinnerOthersConflict(race(folders));
        assertOneWinnerOthersConflict(race(files));
        assertThat(catalog.listFiles(p, query("/same", false)).total()).isEqualTo(1);
    }

    @Test
    void listFoldersDirectRecursiveFilteredPagedAndScoped() {
        for (String path : List.of("/a/x", "/a/y/deep", "/ab/z", "/B")) {
            catalog.createFolder(p, path);
        }
        assertThat(folderPaths(catalog.listFolders(p, "/", false, null, false, 100, 0, FolderScope.ANY)))
                .as("byte order, as SQLite sorts").containsExactly("/B", "/a", "/ab");
        assertThat(folderPaths(catalog.listFolders(p, "/a", false, null, true, 100, 0, FolderScope.ANY))).containsExactly("/a/y", "/a/x");
        assertThat(folderPaths(catalog.listFolders(p, "/a", true, null, false, 100, 0, FolderScope.ANY)))
                .as("below /a, not /ab").containsExactly("/a/x", "/a/y", "/a/y/deep");
        assertThat(folderPaths(catalog.listFolders(p, "/", true, "DEE", false, 100, 0, FolderScope.ANY)))
                .as("name filter ignores case").containsExactly("/a/y/deep");
        assertThat(folderPaths(catalog.listFolders(p, "/", true, "%", false, 100, 0, FolderScope.ANY))).as("wildcards are literal").isEmpty();

        Page<Folder> page = catalog.listFolders(p, "/", true, null, false, 2, 1, FolderScope.ANY);
        assertThat(page.total()).isEqualTo(7);
        assertThat(folderPaths(page)).containsExactly("/a", "/a/x");

        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, scope("/a/*"))))
                .containsExactly("/a", "/a/x", "/a/y", "/a/y/deep");
        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, scope("/a", "/ab/z")))).containsExactly("/a", "/ab/z");
    }

    @Test
    void relocateMovesTheSubtreeAndLeavesASiblingWithTheSamePrefix() {
        catalog.createFolder(p, "/a/x/deeper");
        FileRecord inA = put("/a/x", "f.txt");
        catalog.createFolder(p, "/ab/y");
        FileRecord inAb = put("/ab", "g.txt");
        Instant moved = clock.advance(Duration.ofSeconds(10));

        Folder result = catalog.relocateFolder(p, folder("/a").uuid(), "/c/d");

        assertThat(result.path()).isEqualTo("/c/d");
        assertThat(result.updatedAt()).isEqualTo(moved);
        assertThat(catalog.folderByPath(p, "/a")).isEmpty();
        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, FolderScope.ANY)))
                .containsExactly("/ab", "/ab/y", "/c", "/c/d", "/c/d/x", "/c/d/x/deeper");
        assertThat(folderPaths(catalog.listFolders(p, "/c/d", false, null, false, 100, 0, FolderScope.ANY)))
                .as("parent paths follow").containsExactly("/c/d/x");
        assertThat(folderPaths(catalog.listFolders(p, "/c/d/x", false, null, false, 100, 0, FolderScope.ANY))).containsExactly("/c/d/x/deeper");
        assertThat(catalog.file(p, inA.uuid()).orElseThrow().path()).isEqualTo("/c/d/x/f.txt");
        assertThat(catalog.file(p, inAb.uuid()).orElseThrow().path()).isEqualTo("/ab/g.txt");

        Folder renamed = catalog.relocateFolder(p, folder("/c/d/x").uuid(), "/c/d/renamed");
        assertThat(renamed.uuid()).isEqualTo(inA.folderUuid());
        assertThat(catalog.fileByPath(p, "/c/d/renamed", "f.txt")).isPresent();
    }

    @Test
    void relocateRefusesTheRootItsOwnSubtreeAndATakenPath() {
        catalog.createFolder(p, "/a/x");
        catalog.createFolder(p, "/ab");
        String a = folder("/a").uuid();
        assertFails(ApiError.INVALID_PARAMETER, () -> catalog.relocateFolder(p, a, "/a/x/inside"));
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.relocateFolder(p, a, "/ab"));
        assertFails(ApiError.INVALID_PARAMETER, () -> catalog.relocateFolder(p, folder("/").uuid(), "/r"));
        assertFails(ApiError.FOLDER_NOT_FOUND, () -> catalog.relocateFolder(p, "no-such-uuid", "/r"));
        assertThat(catalog.relocateFolder(p, a, "/a").path()).isEqualTo("/a");
        assertThat(catalog.relocateFolder(p, a, "/ab/a").path()).as("into a sibling that shares its prefix").isEqualTo("/ab/a");
        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, FolderScope.ANY)))
                .containsExactly("/ab", "/ab/a", "/ab/a/x");
    }

    @Test
    void aSubtreeMovedWhileUploadsCreateFoldersInItLeavesNoFolderWithoutItsParent() throws Exception {
        for (int round = 0; round < 5; round++) {
            String from = "/src" + round;
            catalog.createFolder(p, from);
            String uuid = folder(from).uuid();
            String to = "/dst" + round;
            List<Callable<Object>> calls = new ArrayList<>();
            calls.add(() -> catalog.relocateFolder(p, uuid, to));
            for (int i = 0; i < 6; i++) {
                String sub = from + "/n" + i;
                calls.add(() -> put(sub, "f.txt"));
            }
            assertThat(race(calls)).allSatisfy(o -> assertThat(o.failure()).isNull());
        }
        List<String> paths = folderPaths(catalog.listFolders(p, "/", true, null, false, 1000, 0, FolderScope.ANY));
        assertThat(paths).allSatisfy(path -> {
            String parent = path.substring(0, path.lastIndexOf('/'));
            assertThat(parent.isEmpty() || paths.contains(parent)).as("parent of " + path).isTrue();
        });
        assertThat(catalog.listFiles(p, query("/", true)).items())
                .allSatisfy(f -> assertThat(paths).contains(f.folderPath()))
                .hasSize(30);
    }

    @Test
    void moveFoldersIsAllOrNothing() {
        catalog.createFolder(p, "/m1/sub");
        catalog.createFolder(p, "/m2");
        catalog.createFolder(p, "/dest/m2");
        List<String> both = List.of(folder("/m1").uuid(), folder("/m2").uuid());

        assertFails(ApiError.NAME_CONFLICT, () -> catalog.moveFolders(p, both, "/dest"));
        assertThat(catalog.folderByPath(p, "/m1/sub")).as("nothing moved").isPresent();

        List<Folder> moved = catalog.moveFolders(p, both, "/new/place");
        assertThat(moved).extracting(Folder::path).containsExactly("/new/place/m1", "/new/place/m2");
        assertThat(catalog.folderByPath(p, "/new/place/m1/sub")).isPresent();
    }

    @Test
    void deleteFoldersRemovesTheSubtreesAndReturnsTheirFiles() {
        FileRecord a = put("/a", "1.txt");
        FileRecord ax = put("/a/x", "2.txt");
        FileRecord ab = put("/ab", "3.txt");
        catalog.createFolder(p, "/a/y/empty");

        assertFails(ApiError.INVALID_PARAMETER, () -> catalog.deleteFolders(p, List.of(folder("/").uuid())));
        assertFails(ApiError.FOLDER_NOT_FOUND, () -> catalog.deleteFolders(p, List.of(folder("/a").uuid(), "no-such-uuid")));
        assertThat(catalog.file(p, a.uuid())).as("nothing deleted").isPresent();

        List<FileRecord> deleted = catalog.deleteFolders(p, List.of(folder("/a").uuid(), folder("/a/x").uuid()));

        assertThat(deleted).extracting(FileRecord::uuid).containsExactlyInAnyOrder(a.uuid(), ax.uuid());
        assertThat(deleted).extracting(FileRecord::blobKey).contains(a.blobKey(), ax.blobKey());
        assertThat(catalog.file(p, a.uuid())).isEmpty();
        assertThat(catalog.file(p, ab.uuid())).isPresent();
        assertThat(folderPaths(catalog.listFolders(p, "/", true, null, false, 100, 0, FolderScope.ANY))).containsExactly("/ab");
    }

    @Test
    void aMixedSelectionMovesOrIsDeletedWhollyOrNotAtAll() {
        FileRecord a = put("/a", "1.txt");
        FileRecord inner = put("/a/x", "2.txt");
        FileRecord other = put("/b", "3.txt");
        put("/dest", "3.txt");
        List<String> before = names(query("/", true));

        // files move first: a folder name taken at the destination, after 1.txt has moved, undoes that too
        catalog.createFolder(p, "/dest/x");
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.moveObjects(p, List.of(a.uuid()), List.of(folder("/a/x").uuid()), "/dest"));
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.moveObjects(p, List.of(other.uuid()), List.of(), "/dest"));
        assertFails(ApiError.FOLDER_NOT_FOUND, () -> catalog.moveObjects(p, List.of(a.uuid()), List.of("no-such-uuid"), "/dest"));
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.deleteObjects(p, List.of(a.uuid(), "no-such-uuid"), List.of(folder("/a/x").uuid())));
        assertThat(names(query("/", true))).as("nothing changed").isEqualTo(before);

        AssetCatalog.Selection moved = catalog.moveObjects(p, List.of(a.uuid()), List.of(folder("/a/x").uuid()), "/new");
        assertThat(moved.files()).extracting(FileRecord::path).containsExactly("/new/1.txt");
        assertThat(moved.folders()).extracting(Folder::path).containsExactly("/new/x");
        assertThat(catalog.file(p, inner.uuid()).orElseThrow().path()).isEqualTo("/new/x/2.txt");

        List<FileRecord> deleted = catalog.deleteObjects(p, List.of(other.uuid(), inner.uuid()), List.of(folder("/new/x").uuid()));
        assertThat(deleted).extracting(FileRecord::uuid).as("each file once").containsExactlyInAnyOrder(other.uuid(), inner.uuid());
        assertThat(names(query("/", true))).containsExactlyInAnyOrder("/dest/3.txt", "/new/1.txt");
    }

    @Test
    void fileTypesMetaKeysAndMetaValuesAreReadInsideTheScope() {
        catalog.insertFile(file(p, "/in", "a.png", "image/png", 1, clock.instant(), "{\"k\":[\"Red\",\"rose_1\"],\"t\":{\"en\":\"Rosy\"}}", "{}"));
        catalog.insertFile(file(p, "/in", "b.png", "image/png", 1, clock.instant(), "{\"k\":\"red\",\"n\":5}", "{}"));
        catalog.insertFile(file(p, "/out", "c.pdf", "application/pdf", 1, clock.instant(), "{\"secret\":\"red\"}", "{}"));
        FolderScope in = FolderScope.parse(List.of("/in/*"), "dir_scope");

        assertThat(catalog.fileTypes(p, FolderScope.ANY, 10)).containsExactly(new AssetCatalog.TypeCount("image/png", 2),
                new AssetCatalog.TypeCount("application/pdf", 1));
        assertThat(catalog.fileTypes(p, in, 10)).containsExactly(new AssetCatalog.TypeCount("image/png", 2));
        assertThat(catalog.fileTypes(p, FolderScope.ANY, 1)).hasSize(1);
        assertThat(catalog.metaKeys(p, FolderScope.ANY, 10)).containsExactly("k", "n", "secret", "t");
        assertThat(catalog.metaKeys(p, in, 10)).containsExactly("k", "n", "t");
        assertThat(catalog.metaValues(p, FolderScope.ANY, "k", "re", 10)).as("strings only, each once").containsExactly("Red", "red");
        assertThat(catalog.metaValues(p, FolderScope.ANY, "k", "e_", 10)).as("LIKE wildcards are literal").containsExactly("rose_1");
        assertThat(catalog.metaValues(p, FolderScope.ANY, "t", "", 10)).containsExactly("Rosy");
        assertThat(catalog.metaValues(p, FolderScope.ANY, "n", "", 10)).isEmpty();
        assertThat(catalog.metaValues(p, in, "secret", "", 10)).isEmpty();
    }

    @Test
    void countsForCountDirectAndSubtreeFilesInsideTheScope() {
        put("/a", "1.txt", "text/plain", 10);
        put("/a/x", "2.txt", "text/plain", 20);
        put("/a/x/y", "3.txt", "text/plain", 40);
        put("/ab", "4.txt", "text/plain", 80);
        put("/", "5.txt", "text/plain", 160);
        Folder root = folder("/");
        Folder a = folder("/a");
        Folder ab = folder("/ab");
        Folder x = folder("/a/x");

        Map<String, FolderCounts> counts = catalog.countsFor(p, List.of(a, ab, x), FolderScope.ANY);
        assertThat(counts.get(a.uuid())).isEqualTo(new FolderCounts(1, 3, 70));
        assertThat(counts.get(ab.uuid())).isEqualTo(new FolderCounts(1, 1, 80));
        assertThat(counts.get(x.uuid())).isEqualTo(new FolderCounts(1, 2, 60));
        assertThat(catalog.countsFor(p, List.of(root), FolderScope.ANY).get(root.uuid())).isEqualTo(new FolderCounts(1, 5, 310));

        Map<String, FolderCounts> scoped = catalog.countsFor(p, List.of(root, a), scope("/a/x/*"));
        assertThat(scoped.get(root.uuid())).isEqualTo(new FolderCounts(0, 2, 60));
        assertThat(scoped.get(a.uuid())).isEqualTo(new FolderCounts(0, 2, 60));
        assertThat(catalog.countsFor(p, List.of(), FolderScope.ANY)).isEmpty();
    }

    @Test
    void countsForAWholeLargeListingPage() {
        List<Folder> page = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            put("/big/f" + i, "x.txt", "text/plain", i);
            page.add(folder("/big/f" + i));
        }
        Map<String, FolderCounts> counts = catalog.countsFor(p, page, FolderScope.ANY);
        assertThat(counts).hasSize(250);
        for (int i = 0; i < 250; i++) {
            assertThat(counts.get(page.get(i).uuid())).isEqualTo(new FolderCounts(1, 1, i));
        }
    }

    // ------------------------------------------------------------------ per-folder counters (V11)

    /**
     * The counters kept on write equal a fresh aggregate of the files, folder by folder, and every
     * counter row belongs to a folder that still exists; listing totals and subtree counts agree.
     */
    private void assertCountersExact() {
        Map<String, List<Long>> truth = new java.util.TreeMap<>();
        Map<String, List<Long>> kept = new java.util.TreeMap<>();
        db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT d.uuid, count(f.uuid), coalesce(sum(f.size), 0) FROM folders d "
                    + "LEFT JOIN files f ON f.folder_uuid = d.uuid WHERE d.project = ? GROUP BY d.uuid")) {
                ps.setString(1, p);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) truth.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3)));
                }
            }
            try (var ps = c.prepareStatement("SELECT s.folder_uuid, s.files, s.bytes FROM folder_stats s "
                    + "JOIN folders d ON d.uuid = s.folder_uuid WHERE d.project = ?")) {
                ps.setString(1, p);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) kept.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3)));
                }
            }
            try (var ps = c.prepareStatement("SELECT count(*) FROM folder_stats s WHERE NOT EXISTS (SELECT 1 FROM folders d WHERE d.uuid = s.folder_uuid)");
                 var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("counter rows of deleted folders").isZero();
            }
            return null;
        });
        assertThat(kept).as("per-folder counters").isEqualTo(truth);
        long files = truth.values().stream().mapToLong(v -> v.get(0)).sum();
        long bytes = truth.values().stream().mapToLong(v -> v.get(1)).sum();
        Page<FileRecord> all = catalog.listFiles(p, query("/", true));
        assertThat(List.of(all.total(), all.totalBytes())).as("recursive listing totals").isEqualTo(List.of(files, bytes));
        Folder root = folder("/");
        assertThat(catalog.countsFor(p, List.of(root), FolderScope.ANY).get(root.uuid()).filesRecursive()).isEqualTo(files);
    }

    @Test
    void countersStayExactThroughUploadDeleteMoveRenameAndFolderDelete() {
        assertCountersExact();
        FileRecord a1 = put("/a", "1.txt", "text/plain", 10);
        FileRecord a2 = put("/a", "2.txt", "text/plain", 20);
        FileRecord x3 = put("/a/x", "3.txt", "text/plain", 40);
        put("/a/x/y", "4.txt", "text/plain", 80);
        FileRecord b5 = put("/b", "5.txt", "text/plain", 160);
        put("/", "6.txt", "text/plain", 320);
        assertCountersExact();
        assertThat(catalog.listFiles(p, query("/a", false)).totalBytes()).isEqualTo(30);
        assertThat(catalog.listFiles(p, query("/a", true)).totalBytes()).isEqualTo(150);

        assertFails(ApiError.NAME_CONFLICT, () -> put("/a", "1.txt", "text/plain", 1000));
        assertCountersExact(); // a refused upload counts nothing

        catalog.deleteFiles(p, List.of(a2.uuid(), b5.uuid()));
        assertCountersExact();

        catalog.moveFiles(p, List.of(a1.uuid(), x3.uuid()), "/b/new");
        assertCountersExact();
        assertThat(catalog.listFiles(p, query("/b/new", false)).total()).isEqualTo(2);
        put("/a", "3.txt", "text/plain", 1);
        FileRecord clash = put("/c", "3.txt", "text/plain", 2);
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.moveFiles(p, List.of(clash.uuid()), "/b/new"));
        assertCountersExact(); // a refused move changes nothing

        catalog.renameFile(p, a1.uuid(), "renamed.txt");
        assertCountersExact();

        catalog.relocateFolder(p, folder("/a/x").uuid(), "/a/z"); // rename of a folder with a subtree
        catalog.moveFolders(p, List.of(folder("/a").uuid()), "/b");  // subtree move
        assertCountersExact();
        assertThat(catalog.listFiles(p, query("/b/a/z/y", false)).totalBytes()).isEqualTo(80);
        assertThat(catalog.listFiles(p, query("/b", true)).totalBytes()).isEqualTo(10 + 40 + 80 + 1);

        List<FileRecord> gone = catalog.deleteFolders(p, List.of(folder("/b/a").uuid(), folder("/b/a/z").uuid()));
        assertThat(gone).hasSize(2);
        assertCountersExact();
        assertThat(catalog.listFiles(p, query("/", true)).total()).isEqualTo(4);
    }

    @Test
    void countersStayExactUnderConcurrentUploadsMovesAndDeletes() throws Exception {
        List<FileRecord> inA = new ArrayList<>();
        List<FileRecord> inB = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inA.add(put("/a", "a" + i + ".txt", "text/plain", i + 1));
            inB.add(put("/b", "b" + i + ".txt", "text/plain", 10 * (i + 1)));
        }
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            calls.add(() -> put("/a", "new" + n + ".txt", "text/plain", 100));
            calls.add(() -> put("/b", "new" + n + ".txt", "text/plain", 1000));
        }
        // moves across the same two folders in opposite directions, and deletes spanning both
        calls.add(() -> catalog.moveFiles(p, List.of(inA.get(0).uuid(), inA.get(1).uuid()), "/b"));
        calls.add(() -> catalog.moveFiles(p, List.of(inB.get(0).uuid(), inB.get(1).uuid()), "/a"));
        calls.add(() -> catalog.deleteFiles(p, List.of(inB.get(2).uuid(), inA.get(2).uuid())));
        calls.add(() -> catalog.deleteFiles(p, List.of(inA.get(3).uuid(), inB.get(3).uuid())));
        List<Outcome<Object>> outcomes = race(calls);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertCountersExact();
        assertThat(catalog.listFiles(p, query("/", true)).total()).isEqualTo(12 + 8 - 4);
    }

    @Test
    void listingTotalsOfOneFolderFollowTheScope() {
        put("/in", "1.txt", "text/plain", 5);
        put("/out", "2.txt", "text/plain", 7);
        FileQuery in = new FileQuery("/in", false, List.of(), null, SortField.NAME, false, 100, 0, scope("/in"));
        FileQuery out = new FileQuery("/out", false, List.of(), null, SortField.NAME, false, 100, 0, scope("/in"));
        FileQuery all = new FileQuery("/", true, List.of(), null, SortField.NAME, false, 100, 0, scope("/in"));
        assertThat(catalog.listFiles(p, in).totalBytes()).isEqualTo(5);
        assertThat(catalog.listFiles(p, out)).isEqualTo(new Page<FileRecord>(List.of(), 0, 0));
        assertThat(catalog.listFiles(p, all).totalBytes()).isEqualTo(5);
        assertThat(catalog.listFiles(p, query("/nowhere", false))).isEqualTo(new Page<FileRecord>(List.of(), 0, 0));
    }

    @Test
    void everySortPagesInOrderWithOffsets() {
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(1));
            put("/sorted", String.format("f%02d.%s", (i * 5) % 12, i % 2 == 0 ? "txt" : "png"), i % 2 == 0 ? "text/plain" : "image/png", (i * 7) % 12);
        }
        for (SortField sort : SortField.values()) {
            for (boolean desc : List.of(false, true)) {
                FileQuery whole = new FileQuery("/sorted", false, List.of(), null, sort, desc, 100, 0, FolderScope.ANY);
                List<FileRecord> expected = catalog.listFiles(p, whole).items();
                java.util.Comparator<FileRecord> order = switch (sort) {
                    case NAME -> java.util.Comparator.comparing(FileRecord::name);
                    case CREATED_AT -> java.util.Comparator.comparing(FileRecord::createdAt);
                    case MODIFIED_AT -> java.util.Comparator.comparing(FileRecord::modifiedAt);
                    case SIZE -> java.util.Comparator.comparingLong(FileRecord::size);
                    case TYPE -> java.util.Comparator.comparing(FileRecord::mime);
                };
                order = order.thenComparing(FileRecord::uuid);
                assertThat(expected).as(sort + (desc ? " desc" : "")).isSortedAccordingTo(desc ? order.reversed() : order).hasSize(12);
                List<FileRecord> paged = new ArrayList<>();
                for (int offset = 0; offset < 12; offset += 5) {
                    paged.addAll(catalog.listFiles(p, new FileQuery("/sorted", false, List.of(), null, sort, desc, 5, offset, FolderScope.ANY)).items());
                }
                assertThat(paged).as(sort + " pages").isEqualTo(expected);
            }
        }
    }

    @Test
    void nameSearchFollowsRenamesMovesAndDeletes() {
        FileRecord f = put("/s", "Holiday-Photo.jpg");
        put("/s", "ab.txt");
        put("/s", "say \"hi\" now.txt");
        assertThat(search("holiday-PHOTO")).as("any ASCII case").containsExactly("/s/Holiday-Photo.jpg");
        assertThat(search("ab")).as("under three characters").containsExactly("/s/ab.txt");
        assertThat(search("name:iday")).containsExactly("/s/Holiday-Photo.jpg");
        assertThat(search("ext:jpg")).containsExactly("/s/Holiday-Photo.jpg");
        assertThat(terms(new SearchTerm(null, List.of("\"hi\" n"), false, SearchTerm.Presence.ANY)))
                .as("a quote in the text").containsExactly("/s/say \"hi\" now.txt");
        assertThat(terms(new SearchTerm("name", List.of("HOLIDAY", "y \"h"), false, SearchTerm.Presence.ANY)))
                .as("values OR-ed").containsExactly("/s/Holiday-Photo.jpg", "/s/say \"hi\" now.txt");
        catalog.renameFile(p, f.uuid(), "Winter.jpg");
        assertThat(search("holiday")).isEmpty();
        assertThat(search("winter")).containsExactly("/s/Winter.jpg");
        catalog.moveFiles(p, List.of(f.uuid()), "/t");
        assertThat(search("winter")).containsExactly("/t/Winter.jpg");
        catalog.updateFileMeta(p, f.uuid(), stored -> "{\"title\":\"snowy\"}");
        assertThat(search("snowy")).containsExactly("/t/Winter.jpg");
        catalog.deleteFiles(p, List.of(f.uuid()));
        assertThat(search("winter")).isEmpty();
        assertThat(search("snowy")).isEmpty();
    }

    // ------------------------------------------------------------------ files

    @Test
    void insertFindAndRefuseATakenName() {
        FileRecord in = file(p, "/docs", "a.txt", "text/plain", 5, clock.instant(), "{\"title\":\"A\"}", "{}");
        FileRecord stored = catalog.insertFile(in);
        assertThat(stored.uuid()).isEqualTo(in.uuid());
        assertThat(stored.folderUuid()).isEqualTo(folder("/docs").uuid());
        assertThat(stored.path()).isEqualTo("/docs/a.txt");
        assertThat(stored).usingRecursiveComparison().ignoringFields("folderUuid").isEqualTo(in);
        assertThat(catalog.file(p, in.uuid())).contains(stored);
        assertThat(catalog.fileByPath(p, "/docs", "a.txt")).contains(stored);
        assertThat(catalog.fileByPath(p, "/docs", "A.txt")).as("names are case-sensitive").isEmpty();
        assertThat(catalog.file(newProject(), in.uuid())).as("another project").isEmpty();

        assertFails(ApiError.NAME_CONFLICT, () -> put("/docs", "a.txt"));
        assertThat(put("/docs", "A.txt").name()).isEqualTo("A.txt");
        assertThat(put("/other", "a.txt").path()).isEqualTo("/other/a.txt");
        assertThat(catalog.listFiles(p, query("/", true)).total()).isEqualTo(3);
    }

    @Test
    void listFilesByFolderWithRecursionPagingAndTotals() {
        put("/p", "a.txt", "text/plain", 1);
        put("/p/sub", "b.txt", "text/plain", 2);
        put("/pq", "c.txt", "text/plain", 4);
        put("/", "d.txt", "text/plain", 8);

        assertThat(names(query("/p", false))).containsExactly("/p/a.txt");
        assertThat(names(query("/p", true))).as("not /pq").containsExactly("/p/a.txt", "/p/sub/b.txt");
        assertThat(names(query("/", false))).containsExactly("/d.txt");
        assertThat(names(query("/", true))).hasSize(4);
        assertThat(names(query("/nowhere", true))).isEmpty();

        Page<FileRecord> page = catalog.listFiles(p, new FileQuery("/", true, List.of(), null, SortField.SIZE, false, 2, 1, FolderScope.ANY));
        assertThat(page.items()).extracting(FileRecord::name).containsExactly("b.txt", "c.txt");
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.totalBytes()).isEqualTo(15);
    }

    @Test
    void listFilesSortsByEachFieldInBothDirections() {
        put("/", "b.png", "image/png", 30);
        clock.advance(Duration.ofSeconds(1));
        put("/", "a.txt", "text/plain", 10);
        clock.advance(Duration.ofSeconds(1));
        put("/", "C.jpg", "image/jpeg", 20);
        Function<SortField, List<String>> asc = s -> catalog.listFiles(p,
                new FileQuery("/", false, List.of(), null, s, false, 100, 0, FolderScope.ANY)).items().stream().map(FileRecord::name).toList();
        Function<SortField, List<String>> desc = s -> catalog.listFiles(p,
                new FileQuery("/", false, List.of(), null, s, true, 100, 0, FolderScope.ANY)).items().stream().map(FileRecord::name).toList();

        assertThat(asc.apply(SortField.NAME)).as("byte order").containsExactly("C.jpg", "a.txt", "b.png");
        assertThat(desc.apply(SortField.NAME)).containsExactly("b.png", "a.txt", "C.jpg");
        assertThat(asc.apply(SortField.SIZE)).containsExactly("a.txt", "C.jpg", "b.png");
        assertThat(asc.apply(SortField.CREATED_AT)).containsExactly("b.png", "a.txt", "C.jpg");
        assertThat(desc.apply(SortField.MODIFIED_AT)).containsExactly("C.jpg", "a.txt", "b.png");
        assertThat(asc.apply(SortField.TYPE)).containsExactly("C.jpg", "b.png", "a.txt");
    }

    @Test
    void sortTiesAreBrokenByUuidSoPagesNeverOverlap() {
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uuids.add(put("/", "same" + i + ".txt", "text/plain", 7).uuid());
        }
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 5; offset += 2) {
            catalog.listFiles(p, new FileQuery("/", false, List.of(), null, SortField.SIZE, false, 2, offset, FolderScope.ANY))
                    .items().forEach(f -> paged.add(f.uuid()));
        }
        assertThat(paged).isEqualTo(uuids.stream().sorted().toList());
    }

    @Test
    void searchTermsMatchNamesMetadataTagsAndTypes() {
        catalog.insertFile(file(p, "/s", "Red-Car.jpg", "image/jpeg", 1, clock.instant(),
                "{\"color\":\"red\",\"title\":\"Fast car\",\"rating\":5,\"empty\":null}",
                "{\"en\":[{\"sid\":\"#tg1\",\"label\":\"vehicle\"}]}"));
        catalog.insertFile(file(p, "/s", "blue_boat.png", "image/png", 1, clock.instant(),
                "{\"color\":\"blue\",\"title\":\"100% boat\",\"a.b\":\"dotted\"}", "{}"));
        catalog.insertFile(file(p, "/s/docs", "notes.txt", "text/plain", 1, clock.instant()));

        assertThat(search("car")).as("name or metadata, any case").containsExactly("/s/Red-Car.jpg");
        assertThat(search("FAST")).containsExactly("/s/Red-Car.jpg");
        assertThat(search("name:boat")).containsExactly("/s/blue_boat.png");
        assertThat(search("name:fast")).as("name only").isEmpty();
        assertThat(search("ext:png")).containsExactly("/s/blue_boat.png");
        assertThat(search("type:image")).containsExactly("/s/Red-Car.jpg", "/s/blue_boat.png");
        assertThat(search("#vehicle")).containsExactly("/s/Red-Car.jpg");
        assertThat(search("tag:boat")).isEmpty();
        assertThat(search("color:red")).containsExactly("/s/Red-Car.jpg");
        assertThat(search("color:red,blue")).as("values are OR-ed").containsExactly("/s/Red-Car.jpg", "/s/blue_boat.png");
        assertThat(search("color:red+title:boat")).as("terms are AND-ed").isEmpty();
        assertThat(search("rating:5")).as("a number").containsExactly("/s/Red-Car.jpg");
        assertThat(search("-color:red")).as("NOT: a file without the key is not red either")
                .containsExactly("/s/blue_boat.png", "/s/docs/notes.txt");
        assertThat(search("color:-red")).containsExactly("/s/blue_boat.png", "/s/docs/notes.txt");
        assertThat(search("color:empty")).containsExactly("/s/docs/notes.txt");
        assertThat(search("empty:empty")).as("JSON null is empty").hasSize(3);
        assertThat(search("color:non-empty")).containsExactly("/s/Red-Car.jpg", "/s/blue_boat.png");
        assertThat(search("-color:non-empty")).containsExactly("/s/docs/notes.txt");
        assertThat(search("%")).as("LIKE wildcards are literal").containsExactly("/s/blue_boat.png");
        assertThat(search("_")).containsExactly("/s/blue_boat.png");
        assertThat(search("a.b:dotted")).as("a key with a dot is one literal key").containsExactly("/s/blue_boat.png");
        assertThat(search("a:dotted")).isEmpty();
    }

    @Test
    void mimeFiltersByTypeOrExactValue() {
        put("/", "a.png", "image/png", 1);
        put("/", "b.jpg", "image/jpeg", 1);
        put("/", "c.txt", "text/plain", 1);
        put("/", "d.bin", "imagery/x", 1);
        Function<String, List<String>> mime = m -> names(new FileQuery("/", false, List.of(), m, SortField.NAME, false, 100, 0, FolderScope.ANY));
        assertThat(mime.apply("image/*")).containsExactly("/a.png", "/b.jpg");
        assertThat(mime.apply("image")).containsExactly("/a.png", "/b.jpg");
        assertThat(mime.apply("IMAGE/PNG")).containsExactly("/a.png");
        assertThat(mime.apply("video/*")).isEmpty();
    }

    @Test
    void listFilesNeverReturnsFilesOutsideTheScope() {
        put("/p", "1.txt");
        put("/p/sub", "2.txt");
        put("/pq", "3.txt");
        put("/", "4.txt");
        Function<FolderScope, List<String>> within = s -> names(new FileQuery("/", true, List.of(), null, SortField.NAME, false, 100, 0, s));
        assertThat(within.apply(scope("/p/*"))).containsExactly("/p/1.txt", "/p/sub/2.txt");
        assertThat(within.apply(scope("/p"))).containsExactly("/p/1.txt");
        assertThat(within.apply(scope("/pq", "/p/sub/*"))).containsExactly("/p/sub/2.txt", "/pq/3.txt");
        assertThat(within.apply(scope("/*"))).hasSize(4);
        assertThat(catalog.listFiles(p, new FileQuery("/", true, List.of(), null, SortField.NAME, false, 100, 0, scope("/p"))).totalBytes())
                .isEqualTo(1);
    }

    @Test
    void renameFileKeepsNamesUniqueInTheFolder() {
        FileRecord a = put("/r", "a.txt");
        put("/r", "b.txt");
        Instant later = clock.advance(Duration.ofSeconds(3));
        FileRecord renamed = catalog.renameFile(p, a.uuid(), "c.txt");
        assertThat(renamed.name()).isEqualTo("c.txt");
        assertThat(renamed.modifiedAt()).isEqualTo(later);
        assertThat(renamed.createdAt()).isEqualTo(a.createdAt());
        assertFails(ApiError.NAME_CONFLICT, () -> catalog.renameFile(p, a.uuid(), "b.txt"));
        assertThat(catalog.renameFile(p, a.uuid(), "c.txt")).isEqualTo(renamed);
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.renameFile(p, "no-such-uuid", "x"));
    }

    @Test
    void moveFilesCreatesTheDestinationAndIsAllOrNothing() {
        FileRecord a = put("/from", "a.txt");
        FileRecord b = put("/from", "b.txt");
        put("/taken", "b.txt");

        assertFails(ApiError.NAME_CONFLICT, () -> catalog.moveFiles(p, List.of(a.uuid(), b.uuid()), "/taken"));
        assertThat(catalog.file(p, a.uuid()).orElseThrow().folderPath()).as("nothing moved").isEqualTo("/from");
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.moveFiles(p, List.of(a.uuid(), "no-such-uuid"), "/to"));

        List<FileRecord> moved = catalog.moveFiles(p, List.of(a.uuid(), b.uuid()), "/to/new");
        assertThat(moved).extracting(FileRecord::path).containsExactly("/to/new/a.txt", "/to/new/b.txt");
        assertThat(catalog.moveFiles(p, List.of(a.uuid()), "/to/new")).extracting(FileRecord::path).containsExactly("/to/new/a.txt");
    }

    @Test
    void deleteFilesReturnsTheRowsAndIsAllOrNothing() {
        FileRecord a = put("/d", "a.txt");
        FileRecord b = put("/d", "b.txt");
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.deleteFiles(p, List.of(a.uuid(), "no-such-uuid")));
        assertThat(catalog.file(p, a.uuid())).isPresent();
        assertThat(catalog.deleteFiles(p, List.of(a.uuid(), b.uuid()))).extracting(FileRecord::blobKey)
                .containsExactly(a.blobKey(), b.blobKey());
        assertThat(catalog.listFiles(p, query("/d", false)).total()).isZero();
        assertThat(catalog.folderByPath(p, "/d")).as("the folder stays").isPresent();
    }

    @Test
    void metadataAndTagUpdatesReplaceTheJsonAndAreSearchable() {
        FileRecord a = put("/m", "a.txt");
        Instant later = clock.advance(Duration.ofSeconds(1));
        FileRecord meta = catalog.updateFileMeta(p, a.uuid(), stored -> "{\"color\":\"green\"}");
        assertThat(meta.meta()).isEqualTo("{\"color\":\"green\"}");
        assertThat(meta.modifiedAt()).isEqualTo(later);
        FileRecord tagged = catalog.updateFileTags(p, a.uuid(), stored -> "{\"en\":[{\"sid\":\"#tgx\",\"label\":\"leaf\"}]}");
        assertThat(tagged.tags()).contains("leaf");
        assertThat(search("color:green+#leaf")).containsExactly("/m/a.txt");
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.updateFileMeta(p, "no-such-uuid", stored -> "{}"));
        assertFails(ApiError.FILE_NOT_FOUND, () -> catalog.updateFileTags(p, "no-such-uuid", stored -> "{}"));
    }

    // ------------------------------------------------------------------ search over the metadata model

    private MetadataService metadata;

    private MetadataService metadata() {
        if (metadata == null) metadata = new MetadataService(new JdbcMetadataStore(db), clock);
        return metadata;
    }

    private void defineField(String json) {
        try {
            metadata().create(p, Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A search as GET files runs it: parsed, then typed by the project's metadata model. */
    private List<String> typedSearch(String q) {
        return names(new FileQuery("/", true, metadata().searchTerms(p, q), null, SortField.NAME, false, 100, 0, FolderScope.ANY));
    }

    private void putWithMeta(String name, String meta) {
        catalog.insertFile(file(p, "/t", name, "text/plain", 1, clock.instant(), meta, "{}"));
    }

    /** Files a (rating 9), b (10), c (2.5) and d (no meta), with every field type of the model. */
    private void typedFixture() {
        defineField("{\"key\":\"rating\",\"label\":\"Rating\",\"type\":\"numeric\"}");
        defineField("{\"key\":\"shot\",\"label\":\"Shot\",\"type\":\"date\"}");
        defineField("{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\","
                + "\"options\":[{\"api_slug\":\"red\",\"label\":\"Crimson\"},{\"api_slug\":\"blue\",\"label\":\"Blue\"}]}");
        defineField("{\"key\":\"sizes\",\"label\":\"Sizes\",\"type\":\"multi-select\",\"options\":[{\"api_slug\":\"s\",\"label\":\"S\"},"
                + "{\"api_slug\":\"m\",\"label\":\"M\"},{\"api_slug\":\"l\",\"label\":\"L\"}]}");
        defineField("{\"key\":\"approved\",\"label\":\"Approved\",\"type\":\"boolean\"}");
        defineField("{\"key\":\"keywords\",\"label\":\"Keywords\",\"type\":\"tags\"}");
        defineField("{\"key\":\"caption\",\"label\":\"Caption\",\"type\":\"text\",\"localized\":true}");
        putWithMeta("a.txt", "{\"rating\":9,\"shot\":\"2024-01-15\",\"color\":\"red\",\"sizes\":[\"s\",\"m\"],\"approved\":true,"
                + "\"keywords\":[\"Summer\",\"beach\"],\"caption\":{\"en\":\"Sunny day\",\"fr\":\"Jour ensoleill\u00e9\"}}");
        putWithMeta("b.txt", "{\"rating\":10,\"shot\":\"2024-02-01T10:00:00Z\",\"color\":\"blue\",\"sizes\":[\"l\"],\"approved\":false,"
                + "\"keywords\":[\"winter\"],\"caption\":{\"en\":\"Snow\"}}");
        putWithMeta("c.txt", "{\"rating\":2.5,\"shot\":\"2023-12-31\",\"sizes\":[],\"keywords\":[]}");
        putWithMeta("d.txt", "{}");
    }

    private static List<String> files(String... names) {
        return java.util.Arrays.stream(names).map(n -> "/t/" + n + ".txt").toList();
    }

    @Test
    void numericFieldsCompareAsNumbers() {
        typedFixture();
        assertThat(typedSearch("rating>9")).as("10 > 9 (as text, \"10\" < \"9\")").isEqualTo(files("b"));
        assertThat(typedSearch("rating:>9")).isEqualTo(files("b"));
        assertThat(typedSearch("rating>=9")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("rating<10")).isEqualTo(files("a", "c"));
        assertThat(typedSearch("rating<=2.5")).isEqualTo(files("c"));
        assertThat(typedSearch("rating>-1")).isEqualTo(files("a", "b", "c"));
        assertThat(typedSearch("rating:10")).as("equals, not contains").isEqualTo(files("b"));
        assertThat(typedSearch("rating:1")).isEmpty();
        assertThat(typedSearch("rating:9,10")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("rating:\"2..9\"")).as("a range, bounds included").isEqualTo(files("a", "c"));
        assertThat(typedSearch("-rating>5")).as("NOT: files without a rating are not above 5 either").isEqualTo(files("c", "d"));
        assertThat(typedSearch("rating!=10")).isEqualTo(files("a", "c", "d"));
        assertThat(typedSearch("rating:abc")).as("a value that cannot be a number matches nothing").isEmpty();
        assertThat(typedSearch("rating>2024-01-01")).isEmpty();
        assertThat(typedSearch("rating:empty")).isEqualTo(files("d"));
    }

    @Test
    void dateFieldsCompareAsTimeAndADayMeansTheWholeDay() {
        typedFixture();
        assertThat(typedSearch("shot>2024-01-15")).as("after that day").isEqualTo(files("b"));
        assertThat(typedSearch("shot>=2024-01-15")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("shot<2024-01-01")).isEqualTo(files("c"));
        assertThat(typedSearch("shot<=2024-02-01")).as("up to the end of that day").isEqualTo(files("a", "b", "c"));
        assertThat(typedSearch("shot:2024-02-01")).as("on that day").isEqualTo(files("b"));
        assertThat(typedSearch("shot:\"2024-01-01..2024-01-31\"")).isEqualTo(files("a"));
        assertThat(typedSearch("shot>2024-02-01T09:00:00Z")).isEqualTo(files("b"));
        assertThat(typedSearch("shot<2024-02-01T09:00:00Z")).isEqualTo(files("a", "c"));
        assertThat(typedSearch("shot:2024-02-01T10:00:00Z")).isEqualTo(files("b"));
        assertThat(typedSearch("shot:2024-02-01T09:00:00-01:00")).as("a moment in another zone is the same moment").isEqualTo(files("b"));
        assertThat(typedSearch("shot:2024-13-45")).isEmpty();
    }

    @Test
    void selectBooleanTagAndLocalizedFieldsMatchByTheirType() {
        typedFixture();
        assertThat(typedSearch("color:red")).isEqualTo(files("a"));
        assertThat(typedSearch("color:crimson")).as("by label, any case").isEqualTo(files("a"));
        assertThat(typedSearch("color:re")).as("an option is equal, never a substring").isEmpty();
        assertThat(typedSearch("color:blue,red")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("-color:red")).isEqualTo(files("b", "c", "d"));
        assertThat(typedSearch("color:purple")).isEmpty();
        assertThat(typedSearch("color:empty")).isEqualTo(files("c", "d"));
        assertThat(typedSearch("color:non-empty")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("sizes:m")).isEqualTo(files("a"));
        assertThat(typedSearch("sizes:l,s")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("sizes:empty")).as("an empty list is empty").isEqualTo(files("c", "d"));
        assertThat(typedSearch("approved:true")).isEqualTo(files("a"));
        assertThat(typedSearch("approved:no")).isEqualTo(files("b"));
        assertThat(typedSearch("-approved:true")).isEqualTo(files("b", "c", "d"));
        assertThat(typedSearch("keywords:summer")).as("a word of the list, any case").isEqualTo(files("a"));
        assertThat(typedSearch("keywords:sum")).isEmpty();
        assertThat(typedSearch("keywords:non-empty")).isEqualTo(files("a", "b"));
        assertThat(typedSearch("caption:sunny")).as("text in any language").isEqualTo(files("a"));
        assertThat(typedSearch("caption:ensoleill")).isEqualTo(files("a"));
        assertThat(typedSearch("caption:fr")).as("language codes are not text").isEmpty();
        assertThat(typedSearch("caption:=snow")).as(":= is equal, not contains").isEqualTo(files("b"));
        assertThat(typedSearch("caption:=sno")).isEmpty();
        assertThat(typedSearch("rating>9+color:blue")).isEqualTo(files("b"));
        assertThat(typedSearch("rating>9 color:red")).isEmpty();
        assertThat(typedSearch("rating>abc")).as("not a comparison: a word, found nowhere").isEmpty();
    }

    @Test
    void withoutAModelComparisonsStillCompareNumbersAndDates() {
        putWithMeta("n9.txt", "{\"n\":9,\"when\":\"2024-03-01\"}");
        putWithMeta("n10.txt", "{\"n\":10,\"when\":\"2024-04-01T00:00:00Z\"}");
        putWithMeta("text.txt", "{\"n\":\"100\",\"when\":\"soon\"}");
        assertThat(typedSearch("n>9")).as("only JSON numbers are numbers").containsExactly("/t/n10.txt");
        assertThat(search("n>9")).containsExactly("/t/n10.txt");
        assertThat(typedSearch("when<2024-04-01")).containsExactly("/t/n9.txt");
        assertThat(typedSearch("n:10")).as("free-form ':' is still contains").containsExactly("/t/n10.txt", "/t/text.txt");
    }

    @Test
    void tagSearchMatchesWholeLabelsInAnyLanguageOrASid() {
        catalog.insertFile(file(p, "/g", "car.jpg", "image/jpeg", 1, clock.instant(), "{}",
                "{\"en\":[{\"sid\":\"#tg01\",\"label\":\"Vehicle\"},{\"sid\":\"#tg02\",\"label\":\"summer sale\"}]}"));
        catalog.insertFile(file(p, "/g", "auto.jpg", "image/jpeg", 1, clock.instant(), "{}",
                "{\"de\":[{\"sid\":\"#tg03\",\"label\":\"Fahrzeug\"}]}"));
        catalog.insertFile(file(p, "/g", "van.jpg", "image/jpeg", 1, clock.instant(), "{}",
                "{\"en\":[{\"sid\":\"#tg04\",\"label\":\"vehicles\"}]}"));
        assertThat(search("#vehicle")).containsExactly("/g/car.jpg");
        assertThat(search("#VEHICLE")).as("ASCII case ignored").containsExactly("/g/car.jpg");
        assertThat(search("#veh")).as("a whole label, not a prefix").isEmpty();
        assertThat(search("#\"summer sale\"")).containsExactly("/g/car.jpg");
        assertThat(search("#fahrzeug")).as("any language").containsExactly("/g/auto.jpg");
        assertThat(search("#tg04")).as("by sid").containsExactly("/g/van.jpg");
        assertThat(search("tags:vehicle,fahrzeug")).containsExactly("/g/auto.jpg", "/g/car.jpg");
        assertThat(search("-#vehicle")).containsExactly("/g/auto.jpg", "/g/van.jpg");
        assertThat(search("#%")).as("LIKE wildcards are literal").isEmpty();
    }

    /**
     * An edit gets the stored JSON as it is inside the writing transaction, the row locked: edits of one
     * file or folder made together each build on the other's (none is lost, on PostgreSQL too).
     */
    @Test
    void editsMadeTogetherEachReadWhatTheOthersWrote() throws Exception {
        FileRecord a = put("/race", "a.txt");
        Folder race = folder("/race");
        int edits = 8;
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            String key = "k" + i;
            calls.add(() -> catalog.updateFileMeta(p, a.uuid(), stored -> withKey(stored, key)));
            calls.add(() -> catalog.updateFileTags(p, a.uuid(), stored -> withKey(stored, key)));
            calls.add(() -> catalog.updateFolderMeta(p, race.uuid(), stored -> withKey(stored, key)));
        }
        assertThat(race(calls)).allSatisfy(o -> assertThat(o.failure()).isNull());
        FileRecord now = catalog.file(p, a.uuid()).orElseThrow();
        for (String json : List.of(now.meta(), now.tags(), folder("/race").meta())) {
            assertThat(Json.parseStored(json).size()).as(json).isEqualTo(edits);
        }
    }

    private static String withKey(String stored, String key) {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parseStored(stored);
        return Json.write(json.put(key, true));
    }

    @Test
    void editsThatChangeNothingAreNotWritten() {
        FileRecord a = catalog.updateFileMeta(p, put("/same", "a.txt").uuid(), stored -> "{\"x\":1,\"y\":2}");
        Folder same = catalog.updateFolderMeta(p, folder("/same").uuid(), stored -> "{\"x\":1}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(catalog.updateFileMeta(p, a.uuid(), stored -> "{\"y\":2,\"x\":1}").modifiedAt()).as("members in another order")
                .isEqualTo(a.modifiedAt());
        assertThat(catalog.updateFileTags(p, a.uuid(), stored -> "").modifiedAt()).as("empty reads as {}").isEqualTo(a.modifiedAt());
        assertThat(catalog.updateFolderMeta(p, same.uuid(), stored -> stored).updatedAt()).isEqualTo(same.updatedAt());
        assertThat(catalog.file(p, a.uuid()).orElseThrow().meta()).as("the stored text stays").isEqualTo("{\"x\":1,\"y\":2}");
    }

    @Test
    void folderMetaIsReplacedWhole() {
        put("/fm", "a.txt");
        Folder fm = folder("/fm");
        Instant later = clock.advance(Duration.ofSeconds(2));
        Folder changed = catalog.updateFolderMeta(p, fm.uuid(), stored -> "{\"owner\":\"ops\"}");
        assertThat(changed.meta()).isEqualTo("{\"owner\":\"ops\"}");
        assertThat(changed.updatedAt()).isEqualTo(later);
        assertThat(folder("/fm").meta()).isEqualTo("{\"owner\":\"ops\"}");
        assertFails(ApiError.FOLDER_NOT_FOUND, () -> catalog.updateFolderMeta(p, "no-such-uuid", stored -> "{}"));
        assertFails(ApiError.FOLDER_NOT_FOUND, () -> catalog.updateFolderMeta(newProject(), fm.uuid(), stored -> "{}"));
        assertThat(folder("/fm").meta()).isEqualTo("{\"owner\":\"ops\"}");
    }

    // ------------------------------------------------------------------ tags

    @Test
    void ensureTagsGivesOneStableSidPerLabelAndLanguage() throws Exception {
        Map<String, String> first = catalog.ensureTags(p, "en", List.of("red", "blue"));
        assertThat(first.keySet()).containsExactly("red", "blue");
        assertThat(first.values()).allSatisfy(sid -> assertThat(sid).startsWith("#tg")).doesNotHaveDuplicates();
        assertThat(catalog.ensureTags(p, "en", List.of("red"))).containsEntry("red", first.get("red"));
        String rouge = catalog.ensureTags(p, "fr", List.of("red")).get("red");
        assertThat(rouge).isNotEqualTo(first.get("red"));
        assertThat(catalog.tags(p)).extracting(t -> t.lang() + ":" + t.label()).containsExactly("en:blue", "en:red", "fr:red");
        assertThat(catalog.tags(newProject())).isEmpty();

        List<Callable<Map<String, String>>> same = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            same.add(() -> catalog.ensureTags(p, "de", List.of("grün")));
        }
        List<Outcome<Map<String, String>>> outcomes = race(same);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).extracting(o -> o.value().get("grün")).containsOnly(outcomes.get(0).value().get("grün"));
    }

    // ------------------------------------------------------------------ helpers

    record Outcome<T>(T value, Throwable failure) {}

    private static void assertOneWinnerOthersConflict(List<? extends Outcome<?>> outcomes) {
        assertThat(outcomes.stream().filter(o -> o.failure() == null)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.failure() != null).map(Outcome::failure))
                .allSatisfy(f -> assertThat(f).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error).isEqualTo(ApiError.NAME_CONFLICT)));
    }

    /** Runs the calls at the same moment from separate threads and returns how each ended. */
    private static <T> List<Outcome<T>> race(List<Callable<T>> calls) throws Exception {
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
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    outcomes.add(new Outcome<>(f.get(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
