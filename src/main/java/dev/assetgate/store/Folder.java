package dev.assetgate.store;

import java.time.Instant;

/** A folder; {@code path} is "/" for a project's root, else "/a/b". */
public record Folder(String uuid, String project, String path, String meta, Instant createdAt, Instant updatedAt) {

    public boolean isRoot() {
        return "/".equals(path);
    }

    /** The last path segment; empty for the root. */
    public String name() {
        return isRoot() ? "" : path.substring(path.lastIndexOf('/') + 1);
    }
}
