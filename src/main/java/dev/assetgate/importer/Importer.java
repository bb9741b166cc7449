package dev.assetgate.importer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One import run: checks the target, lists the source and the target, creates the folders and labels,
 * then moves the files with {@code workers} in parallel. Each file is decided against the target (is a
 * file with the same path and SHA-1 there?) and the journal (did a run finish it, with the same
 * attributes?), so a run stopped anywhere and started again ends with the same project, nothing twice.
 */
public final class Importer {
    private final Source source;
    private final Target target;
    private final String to;
    private final Journal journal;
    private final int workers;
    private final boolean dryRun;
    private final Progress progress;
    private final Summary summary;
    private Map<String, Target.Existing> existing;

    Importer(Source source, Target target, String to, Journal journal, int workers, boolean dryRun, Progress progress) {
        this.source = source;
        this.target = target;
        this.to = Paths.folder(to);
        this.journal = journal;
        this.workers = workers;
        this.dryRun = dryRun;
        this.progress = progress;
        this.summary = new Summary(dryRun);
    }

    Summary run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        target.check();
        Source.Inventory inventory = source.list();
        existing = target.files(to);
        progress.start(inventory.files().size() + inventory.problems().size(), inventory.bytes());
        for (Source.Problem p : inventory.problems()) {
            finish(Outcome.failed(target(p.path()), p.reason()));
        }
        folders(inventory.folders());
        if (!dryRun) {
            Map<String, Attributes.Label> labels = new LinkedHashMap<>();
            inventory.files().forEach(f -> f.attributes().labels().forEach(l -> labels.putIfAbsent(l.name(), l)));
            target.ensureLabels(labels.values());
        }
        files(inventory.files());
        summary.finished(Duration.ofNanos(System.nanoTime() - started));
        progress.finish(summary);
        return summary;
    }

    private void folders(List<Source.SourceFolder> folders) throws IOException {
        Map<String, String> present = target.folders(to);
        for (Source.SourceFolder f : folders.stream().sorted(Comparator.comparing(Source.SourceFolder::path)).toList()) {
            String path = target(f.path());
            try {
                String uuid = present.get(path);
                if (uuid == null) {
                    if (!dryRun) {
                        uuid = target.createFolder(path);
                        present.put(path, uuid);
                    }
                    summary.folderCreated();
                }
                if (dryRun) continue;
                if (!f.attributes().isEmpty()) target.applyToFolder(uuid, f.attributes());
            } catch (RemoteException e) {
                summary.add(Outcome.failed(path, "folder: " + e.reason()));
            }
        }
    }

    private void files(List<Source.SourceFile> files) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "import-worker");
            t.setDaemon(true);
            return t;
        });
        Semaphore queued = new Semaphore(workers * 4); // enough to keep every worker busy, no more
        try {
            for (Source.SourceFile f : files) {
                queued.acquire();
                pool.execute(() -> {
                    try {
                        finish(importOne(f));
                    } finally {
                        queued.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(365, TimeUnit.DAYS);
        }
    }

    private void finish(Outcome outcome) {
        if (outcome.kind() == Outcome.Kind.FAILED && !dryRun) {
            try {
                journal.failed(outcome.path(), outcome.reason());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the journal", e);
            }
        }
        summary.add(outcome);
        progress.file(outcome);
    }

    private String target(String relative) {
        return Paths.join(to, relative);
    }

    private Outcome importOne(Source.SourceFile f) {
        String path = target(f.path());
        AtomicLong counted = new AtomicLong();
        try {
            Journal.Entry entry = journal.last(path);
            String known = f.sha1() != null ? f.sha1()
                    : entry != null && entry.done() && f.version().equals(entry.version()) && entry.size() == f.size() ? entry.sha1() : null;
            Target.Existing there = existing.get(path);
            if (there != null) return alreadyThere(f, path, there, known, entry, counted);
            if (dryRun) return new Outcome(path, Outcome.Kind.UPLOADED, f.size(), null);
            return upload(f, path, known, counted);
        } catch (RemoteException e) {
            return Outcome.failed(path, e.reason());
        } catch (IOException e) {
            return Outcome.failed(path, "cannot read the source: " + FolderSource.message(e));
        } catch (RuntimeException e) {
            return Outcome.failed(path, e.toString());
        } finally {
            progress.bytes(f.size() - counted.get()); // the bar ends at the source's size, however many attempts it took
        }
    }

    private Outcome upload(Source.SourceFile f, String path, String known, AtomicLong counted) throws IOException {
        AtomicReference<MessageDigest> digest = new AtomicReference<>();
        Target.Existing stored;
        try {
            stored = target.upload(path, () -> {
                MessageDigest sha1 = sha1();
                digest.set(sha1);
                return new Counting(source.open(f), sha1, counted);
            }, f.size(), f.contentType());
        } catch (RemoteException e) {
            if (!"NAME_CONFLICT".equals(e.code)) throw e;
            Target.Existing there = target.find(path); // it appeared since the listing
            if (there == null) throw e;
            return alreadyThere(f, path, there, known, journal.last(path), counted);
        }
        String sent = HexFormat.of().formatHex(digest.get().digest());
        if (!sent.equals(stored.sha1())) {
            throw new RemoteException(0, "SHA1_MISMATCH", "the target stored SHA-1 " + stored.sha1() + " but " + sent + " was sent");
        }
        if (known != null && !known.equals(sent)) {
            throw new RemoteException(0, "SOURCE_CHANGED", "the source's SHA-1 is " + known + " but " + sent + " was read");
        }
        target.apply(stored, f.attributes());
        journal.done(path, sent, f.size(), f.version(), f.attributes().fingerprint());
        return new Outcome(path, Outcome.Kind.UPLOADED, f.size(), null);
    }

    /** A file is at the path already: the same bytes finish (attributes, journal), other bytes are a conflict. */
    private Outcome alreadyThere(Source.SourceFile f, String path, Target.Existing there, String known, Journal.Entry entry,
                                 AtomicLong counted) throws IOException {
        String sha1 = known != null ? known : hash(f, counted);
        if (!sha1.equals(there.sha1())) {
            return Outcome.failed(path, "CONFLICT: another file is at this path on the target (SHA-1 " + there.sha1()
                    + ", the source's is " + sha1 + "): delete or move it there, or import with another --to");
        }
        String attributes = f.attributes().fingerprint();
        if (entry != null && entry.done() && sha1.equals(entry.sha1()) && attributes.equals(entry.attributes())) {
            return new Outcome(path, Outcome.Kind.SKIPPED, 0, null);
        }
        if (dryRun) return new Outcome(path, f.attributes().isEmpty() ? Outcome.Kind.SKIPPED : Outcome.Kind.COMPLETED, 0, null);
        target.apply(there, f.attributes());
        journal.done(path, sha1, f.size(), f.version(), attributes);
        return new Outcome(path, f.attributes().isEmpty() ? Outcome.Kind.SKIPPED : Outcome.Kind.COMPLETED, 0, null);
    }

    private String hash(Source.SourceFile f, AtomicLong counted) throws IOException {
        MessageDigest sha1 = sha1();
        try (InputStream in = new Counting(source.open(f), sha1, counted)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The source's bytes as they pass: hashed, and counted for the progress bar. */
    private final class Counting extends FilterInputStream {
        private final MessageDigest sha1;
        private final AtomicLong counted;

        Counting(InputStream in, MessageDigest sha1, AtomicLong counted) {
            super(in);
            this.sha1 = sha1;
            this.counted = counted;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sha1.update((byte) b);
                step(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                sha1.update(buf, off, n);
                step(n);
            }
            return n;
        }

        private void step(long n) {
            counted.addAndGet(n);
            progress.bytes(n);
        }
    }
}
