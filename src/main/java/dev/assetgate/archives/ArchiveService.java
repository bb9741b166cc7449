package dev.assetgate.archives;

import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.FolderScope;
import dev.assetgate.archives.ArchiveTask.Status;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.sharing.Share;
import dev.assetgate.sharing.ShareItem;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.BlobStore;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZIP archives of a selection (the widget's "Download" of several items, a sharebox's "download all").
 * A request is resolved into its entries at once, under the limits (files, bytes), so a selection too
 * large or partly refused builds nothing; the zip is then built in the background by a bounded pool,
 * into a scratch file, and stored as a blob. The task (status, progress, the zip's blob) is in the
 * catalog, so any node answers for it. An archive is read only by who asked for it (its owner) and
 * is deleted, with its zip, when it expires; a cancelled one stops and keeps nothing.
 */
public final class ArchiveService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);
    private static final int PAGE = 500;
    /** How often a running build writes its progress (and so learns of a cancel on another node). */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    /** How long a download of an archive still being built waits for it before answering 409 ARCHIVE_NOT_READY. */
    public static final Duration DOWNLOAD_WAIT = Duration.ofSeconds(60);

    /** The settings: at most {@code maxFiles} files and {@code maxBytes} bytes per archive; builds at once and waiting; lifetime. */
    public record Limits(int maxFiles, long maxBytes, int workers, int queue, Duration ttl) {}

    private final ArchiveStore store;
    private final AssetCatalog catalog;
    private final BlobStore blobs;
    private final Path scratch;
    private final Clock clock;
    private final Limits limits;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService sweeper;
    /** Tasks cancelled through this node: its own builds stop at their next buffer. */
    private final Set<String> cancelledHere = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    public ArchiveService(ArchiveStore store, AssetCatalog catalog, BlobStore blobs, Path scratch, Clock clock, Limits limits) {
        this.store = store;
        this.catalog = catalog;
        this.blobs = blobs;
        this.scratch = scratch;
        this.clock = clock;
        this.limits = limits;
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queue())), daemon("assetgate-archive"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("assetgate-archive-sweep"));
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 1, 1, TimeUnit.MINUTES);
    }

    // ------------------------------------------------------------------ what goes in

    /**
     * A selection being resolved into entries: names from the folder tree (a selected file at the top,
     * a selected folder as a directory of its name with everything below it), made unique, counted
     * against the limits as they are added so a selection too large is refused before anything is built.
     */
    public final class Selection {
        private final String project;
        private final java.util.function.BiPredicate<String, FileRecord> wanted;
        private final List<ArchiveEntry> entries = new ArrayList<>();
        private final ZipNames names = new ZipNames();
        private long bytes;

        private Selection(String project, java.util.function.BiPredicate<String, FileRecord> wanted) {
            this.project = project;
            this.wanted = wanted;
        }

        /** A file the caller may read, at the top of the archive. */
        public Selection file(FileGrant file) {
            add(file.file().name(), file.file());
            return this;
        }

        /** A folder the caller may read with everything below it. */
        public Selection folder(FolderGrant folder) {
            addFolder(folder.require(FolderGrant.Reach.READ_SUBTREE).folder(), true);
            return this;
        }

        private void add(String name, FileRecord file) {
            if (!wanted.test(name, file)) return;
            if (entries.size() >= limits.maxFiles()) {
                throw tooLarge("the selection holds more than " + limits.maxFiles() + " files (archive-max-files)");
            }
            bytes += file.size();
            if (bytes > limits.maxBytes()) {
                throw tooLarge("the selection holds more than " + limits.maxBytes() + " bytes (archive-max-bytes)");
            }
            entries.add(new ArchiveEntry(names.unique(name), file));
        }

        private void addFolder(Folder folder, boolean subtree) {
            String top = folder.isRoot() ? "" : folder.name() + "/";
            for (int offset = 0; ; offset += PAGE) {
                Page<FileRecord> page = catalog.listFiles(project, new FileQuery(folder.path(), subtree, List.of(), null,
                        FileQuery.SortField.NAME, false, PAGE, offset, FolderScope.ANY)); // the grant (or the share) covers the subtree
                for (FileRecord f : page.items()) {
                    add(top + below(folder.path(), f.folderPath()) + f.name(), f);
                }
                if (page.items().size() < PAGE) return;
            }
        }

        public List<ArchiveEntry> entries() {
            return List.copyOf(entries);
        }

        public long bytes() {
            return bytes;
        }
    }

    /** The path of {@code folderPath} below {@code base}, with a trailing slash ("" for the base itself). */
    private static String below(String base, String folderPath) {
        if (folderPath.equals(base)) return "";
        return (base.equals("/") ? folderPath.substring(1) : folderPath.substring(base.length() + 1)) + "/";
    }

    /** A selection of files and folders granted to a key. */
    public Selection selection(String project) {
        return new Selection(project, (name, file) -> true);
    }

    /**
     * What a share exposes now, laid out as its archive: files shared alone at the top, shared folders
     * as directories. {@code filePaths} and {@code folderPaths} pick parts of it, each by its path in
     * that tree ("/a.txt", "/Folder/sub") or by its uuid (the widget sends both); both empty means
     * everything. One that names nothing in the share is a 404.
     */
    public Selection shareSelection(Share share, List<String> filePaths, List<String> folderPaths) {
        Set<String> files = new LinkedHashSet<>();
        Set<String> folders = new LinkedHashSet<>();
        filePaths.forEach(p -> files.add(trimSlashes(p)));
        folderPaths.forEach(p -> folders.add(trimSlashes(p)));
        java.util.Map<String, String> folderUuids = new java.util.HashMap<>(); // a folder named by uuid → its path
        for (String f : folders) {
            catalog.folderByUuid(share.project(), f).ifPresent(folder -> folderUuids.put(f, folder.path()));
        }
        boolean everything = files.isEmpty() && folders.isEmpty();
        Set<String> matched = new LinkedHashSet<>();
        Selection selection = new Selection(share.project(), (name, file) -> {
            if (everything) return true;
            boolean hit = false;
            for (String wanted : List.of(name, file.uuid())) {
                if (files.contains(wanted)) {
                    matched.add(wanted);
                    hit = true;
                }
            }
            for (String folder : folders) {
                String path = folderUuids.get(folder);
                boolean inside = path != null ? path.equals("/") || file.folderPath().equals(path) || file.folderPath().startsWith(path + "/")
                        : folder.isEmpty() || name.startsWith(folder + "/");
                if (inside) {
                    matched.add(folder);
                    hit = true;
                }
            }
            return hit;
        });
        for (ShareItem item : share.items()) {
            if (!item.exists()) continue;
            if (item.kind() == ShareItem.Kind.FILE) {
                catalog.file(share.project(), item.uuid()).ifPresent(f -> selection.add(f.name(), f));
            } else {
                catalog.folderByUuid(share.project(), item.uuid()).ifPresent(f -> selection.addFolder(f, item.subtree()));
            }
        }
        files.removeAll(matched);
        if (!files.isEmpty()) throw ApiError.FILE_NOT_FOUND.with("no file " + files.iterator().next() + " in this share");
        folders.removeAll(matched);
        if (!folders.isEmpty()) throw ApiError.FOLDER_NOT_FOUND.with("no folder " + folders.iterator().next() + " with files in this share");
        return selection;
    }

    private static String trimSlashes(String path) {
        String p = path.strip();
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    private static ApiException tooLarge(String message) {
        return ApiError.ARCHIVE_TOO_LARGE.with(message);
    }

    // ------------------------------------------------------------------ tasks

    /** Records the task and queues its build; a full queue is 503 and leaves no task behind. */
    public ArchiveTask start(Selection selection, String owner) {
        Instant now = now();
        byte[] id = new byte[16];
        random.nextBytes(id);
        List<ArchiveEntry> entries = selection.entries();
        ArchiveTask task = new ArchiveTask(HexFormat.of().formatHex(id), selection.project, owner, Status.PENDING, 0,
                entries.size(), selection.bytes(), null, null, null, now, now, now.plus(limits.ttl()));
        store.insert(task);
        try {
            pool.execute(() -> build(task, entries));
        } catch (RejectedExecutionException full) {
            store.delete(task.id());
            throw ApiError.SERVICE_UNAVAILABLE.with("every archive worker is busy and the queue is full (archive-workers, archive-queue)",
                    "Retry after the time in Retry-After.").header("Retry-After", "5");
        }
        return task;
    }

    /** The task, if {@code owner} asked for it and it has not expired (an expired one is deleted now); else 404. */
    public ArchiveTask find(String project, String id, String owner) {
        ArchiveTask task = store.find(project, id).filter(t -> t.owner().equals(owner)).orElseThrow(ArchiveService::notFound);
        if (task.expired(now())) {
            remove(task);
            throw notFound();
        }
        return task;
    }

    /**
     * The task once it left PENDING and RUNNING, waiting at most {@link #DOWNLOAD_WAIT} (reading the
     * catalog, so a build on another node counts): the widget without its progress panel downloads
     * right after asking, without polling the status first. Still unfinished then: as it is.
     */
    public ArchiveTask awaitFinished(ArchiveTask task) {
        long deadline = System.nanoTime() + DOWNLOAD_WAIT.toNanos();
        ArchiveTask current = task;
        while ((current.status() == Status.PENDING || current.status() == Status.RUNNING) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            current = store.find(task.project(), task.id()).orElseThrow(ArchiveService::notFound);
        }
        return current;
    }

    /** Who a task belongs to, to find which share's access a sharebox route must check; empty when there is no such task. */
    public Optional<String> ownerOf(String project, String id) {
        return store.find(project, id).map(ArchiveTask::owner);
    }

    /** The zip of a finished task; 409 while it is being built, or when it failed or was cancelled. */
    public InputStream open(ArchiveTask task) throws IOException {
        if (task.status() != Status.DONE) {
            String why = switch (task.status()) {
                case FAILED -> "the archive could not be built: " + task.error();
                case CANCELLED -> "the archive was cancelled";
                default -> "the archive is not ready yet (" + task.status() + ", " + task.percent() + "%)";
            };
            throw ApiError.ARCHIVE_NOT_READY.with(why);
        }
        return blobs.open(task.blobKey(), 0, -1);
    }

    /** Stops the build (on whichever node runs it) or deletes the finished zip; the task stays, CANCELLED, until it expires. */
    public ArchiveTask cancel(String project, String id, String owner) {
        ArchiveTask task = find(project, id, owner);
        cancelledHere.add(task.id());
        Optional<ArchiveTask> before = store.cancel(project, id, now());
        before.filter(t -> t.blobKey() != null).ifPresent(t -> deleteBlob(t.blobKey()));
        return store.find(project, id).orElseThrow(ArchiveService::notFound);
    }

    private void build(ArchiveTask task, List<ArchiveEntry> entries) {
        if (!store.start(task.id(), now(), now().plus(limits.ttl()))) return; // cancelled while it waited
        Path part = scratch.resolve("archive-" + task.id() + ".zip.part");
        String key = task.project() + "/_archives/" + task.id() + ".zip";
        try {
            Files.createDirectories(scratch);
            ProgressReport report = new ProgressReport(task);
            ZipWriter.write(part, entries, blobs, report::proceed);
            if (!report.proceed(task.bytes())) return;
            BlobStore.StoredBlob zip;
            try (LocalFile built = new LocalFile(part)) { // a store may read it instead of taking it over
                zip = blobs.put(key, built, Long.MAX_VALUE);
            }
            boolean kept = false;
            try {
                kept = store.finish(task.id(), key, zip.size(), now(), now().plus(limits.ttl()));
            } finally {
                if (!kept) deleteBlob(key); // cancelled or expired meanwhile, or the catalog failed: keep nothing
            }
        } catch (ZipWriter.Cancelled stopped) {
            LOG.info("archive {} cancelled while being built", task.id());
        } catch (Exception | Error e) {
            LOG.warn("archive {} of project {} failed: {}", task.id(), task.project(), e.toString());
            store.fail(task.id(), e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException
                    ? "a file of the selection was deleted meanwhile" : "the server could not build it (see its log)", now());
        } finally {
            cancelledHere.remove(task.id());
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", part, e.toString());
            }
        }
    }

    /** Writes the build's progress now and then; answers false once the task is cancelled (here or on another node). */
    private final class ProgressReport {
        private final ArchiveTask task;
        private long lastWrite = System.nanoTime();

        ProgressReport(ArchiveTask task) {
            this.task = task;
        }

        boolean proceed(long written) {
            if (cancelledHere.contains(task.id())) return false;
            long t = System.nanoTime();
            if (t - lastWrite < PROGRESS_EVERY_NANOS) return true;
            lastWrite = t;
            int percent = task.bytes() == 0 ? 99 : (int) Math.min(99, written * 100 / task.bytes());
            return store.progress(task.id(), percent, now(), now().plus(limits.ttl()));
        }
    }

    // ------------------------------------------------------------------ expiry

    /** Deletes the tasks that expired, and their zips; returns how many. Every node may run it. */
    public int sweep() {
        int removed = 0;
        List<ArchiveTask> batch;
        do {
            batch = store.expired(now(), PAGE);
            batch.forEach(this::remove);
            removed += batch.size();
        } while (batch.size() == PAGE);
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("archive expiry sweep failed (will retry in a minute): {}", e.toString());
        }
    }

    private void remove(ArchiveTask task) {
        cancelledHere.add(task.id()); // a build of it on this node stops
        if (task.blobKey() != null) deleteBlob(task.blobKey());
        store.delete(task.id());
    }

    private void deleteBlob(String key) {
        try {
            blobs.delete(key);
        } catch (IOException e) {
            LOG.warn("could not delete archive blob {}: {}", key, e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ApiException notFound() {
        return ApiError.ARCHIVE_NOT_FOUND.with("no such archive");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS); // builds stop at their next buffer; their scratch files go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
