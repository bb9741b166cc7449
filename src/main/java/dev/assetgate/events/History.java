package dev.assetgate.events;

import dev.assetgate.access.FileGrant;
import java.util.List;

/** A file's history (its events, newest first), for the callers allowed to read the file. */
public final class History {
    private final EventStore events;

    public History(EventStore events) {
        this.events = events;
    }

    public record Page(List<ChangeEvent> changes, long total) {}

    public Page ofFile(FileGrant file, int limit, int offset) {
        return new Page(events.ofItem(file.project(), file.uuid(), limit, offset), events.countOfItem(file.project(), file.uuid()));
    }
}
