package dev.assetgate.health;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume of the data directory (the SQLite catalog, blobs on disk, multipart spools), watched so
 * that a full disk is an expected state rather than a bug:
 * <ul>
 * <li>a warning is logged, and shown by {@code /ready}, when it is fuller than a threshold;
 * <li>a reserve file keeps some room that only a delete refused for lack of space may take: SQLite
 *     needs to grow its write-ahead log even to delete, so without the reserve a full volume could
 *     not be emptied through the API. Once released, uploads are refused until enough space is free
 *     to put the reserve back.
 * </ul>
 */
public final class DataVolume implements io.micrometer.core.instrument.binder.MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(DataVolume.class);
    private static final String RESERVE_FILE = "space-reserve";
    private static final long NEARLY_NOTHING = 256 * 1024;
    /** Whether the request on this thread frees space (a DELETE): only such a request may spend the reserve. */
    private static final ThreadLocal<Boolean> FREEING = ThreadLocal.withInitial(() -> false);
    private final Path dir;
    private final Path reserve;
    private final long reserveBytes;
    private final int warnPercent;
    private volatile boolean warned;

    public DataVolume(Path dir, long reserveBytes, int warnPercent) {
        this.dir = dir.toAbsolutePath();
        this.reserve = this.dir.resolve(RESERVE_FILE);
        this.reserveBytes = reserveBytes;
        this.warnPercent = warnPercent;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the data directory " + this.dir, e);
        }
    }

    /**
     * The answer to a write that found no room: 507 STORAGE_FULL, to retry in a minute (freeing space
     * takes a person or a sweep: retrying sooner only adds load).
     */
    public static ApiException full(String message) {
        return ApiError.STORAGE_FULL.with(message).header("Retry-After", "60");
    }

    public record Usage(String volume, long totalBytes, long usableBytes, int usedPercent, boolean warning, boolean reserveHeld) {
        /** No room for even a small change: less than one SQLite log page group left, or the reserve already spent. */
        public boolean full() {
            return usableBytes < NEARLY_NOTHING || !reserveHeld;
        }

        public String describe() {
            return "the data volume " + volume + " is " + usedPercent + "% full, " + usableBytes + " bytes free"
                    + (reserveHeld ? "" : ", its space reserve released");
        }
    }

    public Usage usage() {
        try {
            FileStore store = Files.getFileStore(dir);
            long total = store.getTotalSpace();
            long usable = store.getUsableSpace();
            int used = total == 0 ? 0 : (int) Math.min(100, Math.round(100.0 * (total - usable) / total));
            return new Usage(dir + " (" + store.name() + ")", total, usable, used, used >= warnPercent, reserveHeld());
        } catch (IOException e) {
            return new Usage(dir.toString(), 0, 0, 100, true, reserveHeld());
        }
    }

    /** Free and total bytes of the data volume, and whether the reserve is held, read at each scrape. */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("assetgate.data.volume.free", this, v -> v.usage().usableBytes()).baseUnit("bytes")
                .description("Bytes free for this process on the data directory's volume").register(registry);
        io.micrometer.core.instrument.Gauge.builder("assetgate.data.volume.total", this, v -> v.usage().totalBytes()).baseUnit("bytes")
                .description("Size of the data directory's volume").register(registry);
        io.micrometer.core.instrument.Gauge.builder("assetgate.data.volume.reserve.held", this, v -> v.reserveHeld() ? 1 : 0)
                .description("1 while the space reserve for deletes is in place, 0 once it was released (the volume filled up)").register(registry);
    }

    /** True when the reserve is in place, or none is configured. */
    private boolean reserveHeld() {
        return reserveBytes == 0 || Files.exists(reserve);
    }

    /**
     * Checks the fill level (logging a warning when it crosses the threshold, and when it falls back)
     * and puts the reserve back when there is room for it twice over. Called at start and every minute.
     */
    public Usage check() {
        Usage now = usage();
        if (now.warning() && !warned) {
            LOG.warn("the data volume {} is {}% full ({} bytes free; warning threshold {}%): free space before it fills, "
                    + "or writes will be refused with 507 STORAGE_FULL", now.volume(), now.usedPercent(), now.usableBytes(), warnPercent);
        } else if (!now.warning() && warned) {
            LOG.info("the data volume {} is {}% full again, below the warning threshold", now.volume(), now.usedPercent());
        }
        warned = now.warning();
        if (!now.reserveHeld() && now.usableBytes() >= 2 * reserveBytes) {
            fillReserve();
            return usage();
        }
        return now;
    }

    /**
     * Frees the reserve so a catalog change refused for lack of space can be retried; true when it
     * freed something (false when it was already gone, then retrying is pointless).
     */
    public synchronized boolean releaseReserve() {
        if (!FREEING.get()) return false; // any other write would eat the room the next delete needs
        try {
            if (Files.deleteIfExists(reserve)) {
                LOG.warn("the data volume {} is full: released the {}-byte reserve so deletes can proceed; "
                        + "uploads are refused until space is free again", dir, reserveBytes);
                return true;
            }
        } catch (IOException e) {
            LOG.warn("could not release the space reserve {}: {}", reserve, e.toString());
        }
        return false;
    }

    /** Set at the start of every request: true for a DELETE, the only kind of request that may spend the reserve. */
    public static void requestFreesSpace(boolean freeing) {
        FREEING.set(freeing);
    }

    /** Uploads wait for the reserve to be back: the space a delete freed goes to the next delete first. */
    public void requireRoomForUploads() {
        if (!reserveHeld()) {
            Usage now = check();
            if (!now.reserveHeld()) {
                LOG.warn("upload refused: {}", now.describe());
                throw full("the data volume is full; delete files to free space");
            }
        }
    }

    /** True (and logged) when a request body of {@code bytes} could not have fit: a multipart spool that failed. */
    public boolean tooFullFor(long bytes) {
        Usage now = usage();
        if (now.usableBytes() >= Math.max(bytes, 1)) return false;
        LOG.warn("upload of {} bytes could not be received: {}", bytes, now.describe());
        return true;
    }

    private synchronized void fillReserve() {
        if (reserveBytes == 0 || Files.exists(reserve)) return;
        Path part = dir.resolve(RESERVE_FILE + ".part");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC)) {
            PrivateFiles.restrict(part); // owner-only, as every file of the data directory
            for (long written = 0; written < reserveBytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, reserveBytes - written));
            }
        } catch (IOException e) {
            LOG.warn("could not set aside the {}-byte space reserve in {}: {}", reserveBytes, dir, e.toString());
            deleteQuietly(part);
            return;
        }
        try {
            Files.move(part, reserve, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(part);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
