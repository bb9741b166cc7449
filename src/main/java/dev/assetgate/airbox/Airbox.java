package dev.assetgate.airbox;

import java.time.Instant;
import java.util.List;

/**
 * An Airbox: an upload-only public link ({@code /{token}/airbox/{puid}}) into one folder, for
 * people without an account. It has a title and a message for the uploader, an optional password
 * (stored only as an Argon2id hash), an opening and a closing time, the most files and bytes it
 * takes in total, the types it takes (decided from the bytes), a form the uploader fills (stored as
 * each file's meta), and an active flag.
 */
public record Airbox(
        String uuid,
        String project,
        String puid,
        String folder,
        String title,
        String message,
        String passwordHash,
        Instant startsAt,
        Instant endsAt,
        Long maxFiles,
        Long maxBytes,
        List<String> allowedTypes,
        AirboxForm form,
        boolean active,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public enum State { INACTIVE, SCHEDULED, OPEN, ENDED }

    public Airbox {
        allowedTypes = List.copyOf(allowedTypes);
    }

    public boolean passwordProtected() {
        return passwordHash != null;
    }

    public State state(Instant now) {
        if (!active) return State.INACTIVE;
        if (endsAt != null && !now.isBefore(endsAt)) return State.ENDED;
        if (startsAt != null && now.isBefore(startsAt)) return State.SCHEDULED;
        return State.OPEN;
    }

    /** Never shows the password hash, so an Airbox can be logged. */
    @Override
    public String toString() {
        return "Airbox[" + uuid + " project=" + project + " folder=" + folder + "]";
    }
}
