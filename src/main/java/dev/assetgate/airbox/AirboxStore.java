package dev.assetgate.airbox;

import java.util.List;
import java.util.Optional;

/** Port: Airboxes of a project, and by their public id. */
public interface AirboxStore {
    void create(Airbox airbox);

    Optional<Airbox> find(String project, String uuid);

    /** By public id, in any project (the caller checks the project of the URL). */
    Optional<Airbox> findByPuid(String puid);

    /** The project's Airboxes, oldest first. */
    List<Airbox> list(String project);

    /** Replaces everything but the puid, the creator and the creation time; empty when the Airbox is gone. */
    Optional<Airbox> update(Airbox airbox);

    boolean delete(String project, String uuid);
}
