package dev.assetgate.access;

import dev.assetgate.store.FileRecord;
import java.util.List;

/**
 * Proof that the decider let this request read, or change, one file (its folder is in the key's list
 * or upload scope). Only {@link Access} creates one.
 */
public final class FileGrant {
    private final FileRecord file;
    private final boolean writable;

    FileGrant(FileRecord file, boolean writable) {
        this.file = file;
        this.writable = writable;
    }

    public FileRecord file() {
        return file;
    }

    public String project() {
        return file.project();
    }

    public String uuid() {
        return file.uuid();
    }

    /** The uuids of files a service is about to change, each grant checked to allow a change. */
    public static List<String> writableUuids(List<FileGrant> files) {
        return files.stream().map(f -> f.requireWritable().uuid()).toList();
    }

    /** This grant, checked to allow a change; a read grant here is a bug in the route. */
    public FileGrant requireWritable() {
        if (!writable) throw new IllegalStateException("a read grant on file " + file.uuid() + " does not allow a change");
        return this;
    }
}
