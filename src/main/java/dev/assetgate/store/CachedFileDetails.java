package dev.assetgate.store;

import dev.assetgate.events.Change;
import java.util.Optional;

/**
 * {@link FileDetails} from memory for up to a second (issue 17: the details route read them from the
 * catalog on every request, most of its time on PostgreSQL). Staleness is that of
 * {@link ProjectShelves}: every change of a project made through this node drops what is held of it
 * ({@link #changed}, told by the catalog's outbox), so the next request reads it again; a change made
 * elsewhere is seen within a second.
 *
 * <p>Unlike url.cdn's cache, additions drop too: a label attached, an approval requested, a
 * product set are changes of a file's details that the file's own row does not show.
 */
public final class CachedFileDetails implements FileDetails.Store {
    static final int MOST_ENTRIES = 10_000;

    private final FileDetails.Store store;
    private final ProjectShelves<String, FileDetails> shelves;

    public CachedFileDetails(FileDetails.Store store) {
        this.store = store;
        this.shelves = new ProjectShelves<>(MOST_ENTRIES, (gone, replacement) -> {}); // nothing held besides the values
    }

    @Override
    public Optional<FileDetails> find(String project, String uuid) {
        return shelves.find(project, uuid, before -> store.find(project, uuid));
    }

    /** A change made through this node, its transaction ended: whatever it was, the project's details are read again. */
    public void changed(Change change) {
        shelves.drop(change.project());
    }
}
