package dev.assetgate.images;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: the catalog's index of stored derivatives (their bytes are blobs), to find, drop and evict them. */
public interface DerivativeStore {

    /** One stored derivative of one file version. */
    record Entry(String blobKey, String project, String fileUuid, long bytes, String mime, Instant createdAt) {}

    Optional<Entry> find(String blobKey);

    /** Records a derivative; one already recorded under its key (another node was quicker) is kept. */
    void insert(Entry entry);

    List<Entry> ofFiles(String project, Collection<String> fileUuids);

    List<Entry> ofProject(String project);

    void delete(Collection<String> blobKeys);

    long totalBytes();

    /** The {@code limit} oldest entries, oldest first. */
    List<Entry> oldest(int limit);
}
