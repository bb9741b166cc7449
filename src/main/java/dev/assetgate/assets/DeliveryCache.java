package dev.assetgate.assets;

import dev.assetgate.events.Change;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.ProjectShelves;
import dev.assetgate.visibility.VisibilityService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What url.cdn needs of a file, held in memory: (project, folder, name) → the file's row, whether it
 * resolves to public, and the bytes of a small file. A cached public GET then reads nothing from the
 * catalog nor from the blob store.
 *
 * <p>Staleness is that of {@link ProjectShelves}: a change made through this node drops every entry of
 * its project before the change is answered ({@link #changed}), a change made elsewhere (another node,
 * the CLI) is seen within {@link ProjectShelves#FRESH_NANOS}, after which an entry is read again (its
 * bytes kept when the row still names the same blob: blobs never change under a key). Dropping a
 * whole project is coarse on purpose: a folder made private, renamed or moved changes what every path
 * below it resolves to, and no list of such changes has to be kept true. Only additions drop nothing
 * (see {@link #changed}).
 *
 * <p>Bounded: at most about {@link #MOST_ENTRIES} rows (then it starts over), and bytes only of files
 * up to {@link #MOST_BODY_BYTES}, {@code bodyBudget} bytes in all (beyond that, rows without bytes).
 * A path with no file is not remembered, so made-up paths cannot fill it and a file created there is found at once.
 */
public final class DeliveryCache {
    static final int MOST_ENTRIES = 10_000;
    public static final int MOST_BODY_BYTES = 64 * 1024;

    /** A file as url.cdn serves it. {@link #body()} is null when its bytes are not held. */
    public record Held(FileRecord file, boolean isPublic, Body body) {
        /** The bytes for one response (a view with its own position), or null when they are read from the blob store. */
        public ByteBuffer bytes() {
            return body == null ? null : body.bytes.asReadOnlyBuffer();
        }
    }

    /** Bytes held for one blob; counted against the budget until released (once). */
    public static final class Body {
        private final String blobKey;
        private final ByteBuffer bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Body(String blobKey, ByteBuffer bytes) {
            this.blobKey = blobKey;
            this.bytes = bytes;
        }
    }

    private record PathKey(String folder, String name) {}

    private final AssetService assets;
    private final VisibilityService visibility;
    private final long bodyBudget;
    private final ProjectShelves<PathKey, Held> shelves = new ProjectShelves<>(MOST_ENTRIES, this::letGo);
    private final AtomicLong heldBytes = new AtomicLong();

    public DeliveryCache(AssetService assets, VisibilityService visibility, long bodyBudget) {
        this.assets = assets;
        this.visibility = visibility;
        this.bodyBudget = bodyBudget;
    }

    /** The file at this path of an existing project, from memory when it was read less than a second ago. */
    public Optional<Held> find(String project, String folder, String name) {
        return shelves.find(project, new PathKey(folder, name), before -> assets.fileByPath(project, folder, name)
                .map(file -> new Held(file, visibility.isPublic(project, file), body(before, file))));
    }

    /**
     * A change made through this node: everything held of its project goes, unless it only added
     * something (a file, a folder, a label...): an addition changes no path held here, since a
     * path without a file is never held, and a new folder changes no existing file's visibility.
     * So a project taking uploads keeps serving its public files from memory.
     */
    public void changed(Change change) {
        if (!change.kind().endsWith(".created")) shelves.drop(change.project());
    }

    /** The bytes held before when they are the same blob's; else read now when small and within budget. */
    private Body body(Held before, FileRecord file) {
        Body kept = before == null ? null : before.body();
        if (kept != null && kept.blobKey.equals(file.blobKey()) && !kept.released.get()) return kept;
        long size = file.size();
        if (size > MOST_BODY_BYTES || bodyBudget <= 0) return null;
        if (heldBytes.addAndGet(size) > bodyBudget) {
            heldBytes.addAndGet(-size);
            return null;
        }
        try (InputStream in = assets.open(file, 0, size)) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length != size) throw new IOException("blob of file " + file.uuid() + " is shorter than its row says");
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(); // written to sockets without another copy
            return new Body(file.blobKey(), direct);
        } catch (IOException | UncheckedIOException e) {
            heldBytes.addAndGet(-size);
            return null; // served from the blob store, which reports the failure on its own terms
        }
    }

    /** An entry no longer held gives its bytes back to the budget, unless the entry replacing it kept them. */
    private void letGo(Held gone, Held replacement) {
        Body body = gone.body();
        if (body != null && (replacement == null || replacement.body() != body) && body.released.compareAndSet(false, true)) {
            heldBytes.addAndGet(-body.bytes.capacity());
        }
    }
}
