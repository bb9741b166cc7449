package dev.assetgate.archives;

import dev.assetgate.store.FileRecord;

/** One file of an archive: the name it has in the zip (unique, '/'-separated) and the stored file it copies. */
public record ArchiveEntry(String name, FileRecord file) {}
