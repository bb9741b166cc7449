package dev.assetgate.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the server's temporary areas of what a crash left behind: multipart spools in
 * {@code <data-dir>/tmp/} and unfinished blob writes in {@code <data-dir>/blobs/tmp/}. Files younger
 * than the grace period may belong to a request still running (or to the CLI working beside the
 * server) and are left alone: the same rule as for orphaned blobs. Runs at start and with the hourly sweep.
 */
public final class ScratchSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchSweeper.class);
    private final List<Path> areas;
    private final Clock clock;
    private final Duration grace;

    public ScratchSweeper(List<Path> areas, Clock clock, Duration grace) {
        this.areas = areas;
        this.clock = clock;
        this.grace = grace;
    }

    /** The temporary areas under a data directory. */
    public static List<Path> areasOf(Path dataDir) {
        return List.of(dataDir.resolve("tmp"), dataDir.resolve("blobs").resolve("tmp"));
    }

    /** One pass; returns how many files were deleted. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(grace);
        int deleted = 0;
        long bytes = 0;
        for (Path area : areas) {
            if (!Files.isDirectory(area)) continue;
            try (Stream<Path> files = Files.list(area)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    try {
                        if (Files.isRegularFile(p) && !Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) {
                            long size = Files.size(p);
                            Files.delete(p);
                            deleted++;
                            bytes += size;
                        }
                    } catch (NoSuchFileException gone) {
                        // finished (or swept) meanwhile
                    }
                }
            } catch (IOException e) {
                LOG.warn("could not sweep the temporary area {}: {}", area, e.toString());
            }
        }
        if (deleted > 0) {
            LOG.info("deleted {} temporary file(s), {} bytes, older than {} (left by a crash or a cut request)", deleted, bytes, grace);
        }
        return deleted;
    }
}
