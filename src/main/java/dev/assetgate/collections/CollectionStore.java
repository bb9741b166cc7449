package dev.assetgate.collections;

import java.util.List;
import java.util.Optional;

/** Port: the collections of every project. Each method is one atomic change: all of it or none of it. */
public interface CollectionStore {

    /** The project's collections, oldest first. */
    List<Collection> list(String project);

    Optional<Collection> find(String project, String uuid);

    /** Stores a new collection under a new uuid. */
    Collection create(String project, CollectionDraft draft);

    /** Replaces a collection's fields; throws COLLECTION_NOT_FOUND. */
    Collection update(String project, String uuid, CollectionDraft draft);

    /** Deletes collections; all or nothing (COLLECTION_NOT_FOUND). */
    List<Collection> delete(String project, List<String> uuids);
}
