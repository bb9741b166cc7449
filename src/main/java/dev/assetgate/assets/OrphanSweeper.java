package dev.assetgate.assets;

import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects orphaned blobs: bytes that no file row refers to. They appear when a node dies (or loses
 * the catalog) between writing a blob and writing its row, or when a delete removed the row but not
 * the bytes. Only blobs older than a grace period are taken, so an upload between its two writes is
 * never touched, and only keys of the server's own shape, so foreign objects in a shared bucket are
 * left alone. Every node may run it: deleting an orphan twice is harmless.
 */
public final class OrphanSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
    /** {project}/{xx}/{file uuid}, as AssetService names blobs. */
    private static final Pattern OUR_KEYS = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?/[0-9a-f]{2}/[0-9a-f-]{36}");
    private static final int BATCH = 500;
    private final BlobStore blobs;
    private final AssetCatalog catalog;
    private final Clock clock;
    private final Duration grace;

    public OrphanSweeper(BlobStore blobs, AssetCatalog catalog, Clock clock, Duration grace) {
        this.blobs = blobs;
        this.catalog = catalog;
        this.clock = clock;
        this.grace = grace;
    }

    /**
     * One pass; returns how many orphans were deleted. Candidates are checked against the catalog
     * and deleted in batches while the store lists, so memory stays one batch however many
     * millions of blobs the store holds.
     */
    public int sweep() throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        Batch batch = new Batch();
        try {
            blobs.list(b -> {
                if (!b.modifiedAt().isAfter(cutoff) && OUR_KEYS.matcher(b.key()).matches()) batch.add(b.key());
            });
            batch.check();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (batch.deleted > 0) {
            LOG.info("deleted {} orphaned blob(s) older than {}", batch.deleted, grace);
        }
        return batch.deleted;
    }

    /** Keys old enough to be orphans, checked against the catalog every {@link #BATCH}. */
    private final class Batch {
        private final List<String> keys = new ArrayList<>(BATCH);
        private int deleted;

        void add(String key) {
            keys.add(key);
            if (keys.size() == BATCH) check();
        }

        void check() {
            if (keys.isEmpty()) return;
            Set<String> referenced = catalog.referencedBlobKeys(keys);
            for (String key : keys) {
                if (!referenced.contains(key)) {
                    try {
                        blobs.delete(key);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    deleted++;
                }
            }
            keys.clear();
        }
    }
}
