package dev.assetgate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: API secret keys, stored by keyed hash. */
public interface ApiKeyStore {
    void create(ApiKeyRecord key, String secretHash);

    /** Looks a key up by the hash of the presented secret; the caller compares in constant time. */
    Optional<StoredKey> findByHash(String secretHash);

    Optional<ApiKeyRecord> find(String id);

    List<ApiKeyRecord> list(String companyId);

    /** Replaces the mutable fields (description, permissions, scope, active, expiry). */
    void update(ApiKeyRecord key);

    boolean delete(String id);

    void touch(String id, Instant usedAt);

    /**
     * A number that moves whenever any key's access changes (permissions, scope, projects, active,
     * expiry, deletion), however it was changed; the last-use time does not move it. One cheap read.
     */
    long version();

    /** A project was deleted ({@link ProjectStore#delete} removed its keys' links): a cache of keys must not outlive that. */
    default void projectDeleted(String token) {}

    record StoredKey(ApiKeyRecord key, String secretHash) {}
}
