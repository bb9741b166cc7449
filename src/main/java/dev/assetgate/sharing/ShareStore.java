package dev.assetgate.sharing;

import java.util.List;
import java.util.Optional;

/**
 * Port: shareboxes and their items. Items are returned with their current {@code location} (see
 * {@link ShareItem}), resolved against the project's files and folders when the share is read.
 */
public interface ShareStore {
    void create(Share share);

    Optional<Share> find(String project, String uuid);

    /** By public id, in any project (the caller checks the project of the URL). */
    Optional<Share> findByPuid(String puid);

    /** The project's shares, oldest first. */
    List<Share> list(String project);

    /**
     * Replaces what a client may change (title, description, dates, password hash, download,
     * max uses, items, updated_at), keeping the puid, the uses and the creation; empty when the share is gone.
     */
    Optional<Share> update(Share share);

    boolean delete(String project, String uuid);

    /** Counts one use if the share has uses left, atomically on every engine; false when it is used up or gone. */
    boolean consumeUse(String project, String uuid);
}
