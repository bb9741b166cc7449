package dev.assetgate.access;

import dev.assetgate.store.Folder;

/**
 * Proof that the decider let this request reach a folder path of a project, and how far. Only
 * {@link Access} creates one, so a service method that takes a grant cannot be called by a route
 * that skipped the folder-scope check. The folder need not exist yet (a create or move target).
 */
public final class FolderGrant {
    /** How far the grant reaches; a service asks for the reach its change needs. */
    public enum Reach {
        /** The folder may be listed (it is in the list scope or leads into it); results are filtered. */
        LIST,
        /** Items in the folder may be read. */
        READ,
        /** The folder and everything below it may be read. */
        READ_SUBTREE,
        /** Items in the folder may be changed. */
        WRITE,
        /** The folder and everything below it may be changed (move, rename, delete a folder). */
        WRITE_SUBTREE;

        boolean covers(Reach needed) {
            return this == needed
                    || (this == READ_SUBTREE && (needed == READ || needed == LIST))
                    || (this == READ && needed == LIST)
                    || (this == WRITE_SUBTREE && needed == WRITE);
        }
    }

    private final String project;
    private final String path;
    private final Reach reach;
    private final Folder folder;

    FolderGrant(String project, String path, Reach reach, Folder folder) {
        this.project = project;
        this.path = path;
        this.reach = reach;
        this.folder = folder;
    }

    /** The stored folder the grant was given for; a grant on a bare path (a target to create) has none. */
    public Folder folder() {
        if (folder == null) throw new IllegalStateException("the grant on " + path + " is for a path, not a stored folder");
        return folder;
    }

    public String project() {
        return project;
    }

    public String path() {
        return path;
    }

    public Reach reach() {
        return reach;
    }

    /**
     * This grant, checked to reach as far as {@code needed}; a grant of the wrong kind is a bug in the
     * route (it asked the decider for too little), never a client error.
     */
    public FolderGrant require(Reach needed) {
        if (!reach.covers(needed)) {
            throw new IllegalStateException("a " + reach + " grant on " + path + " does not allow " + needed);
        }
        return this;
    }
}
