package dev.assetgate.edits;

import java.time.Instant;
import java.util.Optional;

/** Port: prepared bulk edits and CSV import tasks, shared by every node (table edit_tasks). */
public interface EditTaskStore {
    void insert(EditTask task);

    Optional<EditTask> find(String project, String uuid);

    /**
     * Moves a task from {@code expectedStatus} to {@code status} with a new body; false when it is not
     * (or no longer) in {@code expectedStatus}, so two calls cannot both apply one prepared edit.
     */
    boolean transition(String project, String uuid, String expectedStatus, String status, String body, Instant at);

    /** Forgets tasks created before {@code before}; returns how many. */
    int deleteCreatedBefore(Instant before);
}
