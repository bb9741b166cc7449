package dev.assetgate.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import dev.assetgate.access.FolderScope;
import dev.assetgate.visibility.Visibility;

/**
 * Port: the folder tree and the file rows of every project. Each method is one atomic change:
 * either all of it happens or none of it (a name conflict throws and changes nothing).
 */
public interface AssetCatalog {

    // ---- folders
    Optional<Folder> folderByPath(String project, String path);

    Optional<Folder> folderByUuid(String project, String uuid);

    /** Creates the folder and any missing parents; throws NAME_CONFLICT when it already exists. */
    Folder createFolder(String project, String path);

    /** Returns the folder, creating it and any missing parents. */
    Folder ensureFolder(String project, String path);

    /** Folders below a parent; only those inside {@code scope} are returned or counted. */
    Page<Folder> listFolders(String project, String parentPath, boolean recursive, String nameContains,
                             boolean descending, int limit, int offset, FolderScope scope);

    /** Counts for each given folder (by uuid), counting only files inside {@code scope}. */
    Map<String, FolderCounts> countsFor(String project, Collection<Folder> folders, FolderScope scope);

    /** Moves a folder with its whole subtree to a new path (rename or move); throws NAME_CONFLICT. */
    Folder relocateFolder(String project, String uuid, String newPath);

    /** Moves several folders under a destination folder (created when missing). */
    List<Folder> moveFolders(String project, List<String> uuids, String destinationPath);

    /** Deletes folders with everything below them; returns the deleted files (their blobs are the caller's). */
    List<FileRecord> deleteFolders(String project, List<String> uuids);

    /** Files and folders changed together (a mixed selection). */
    record Selection(List<FileRecord> files, List<Folder> folders) {}

    /**
     * Moves files and folders (with their subtrees) into a destination folder (created when missing),
     * all in one transaction: an unknown uuid or a name conflict anywhere changes nothing.
     */
    Selection moveObjects(String project, List<String> fileUuids, List<String> folderUuids, String destinationPath);

    /** Deletes files and folders (with everything below them) in one transaction; returns every deleted file. */
    List<FileRecord> deleteObjects(String project, List<String> fileUuids, List<String> folderUuids);

    /**
     * Sets a folder's metadata JSON to what {@code edit} makes of the stored one, read with the row
     * locked in the writing transaction (an edit never loses one made beside it); unchanged metadata is
     * not written and records no event. Throws FOLDER_NOT_FOUND.
     */
    Folder updateFolderMeta(String project, String uuid, UnaryOperator<String> edit);

    // ---- files
    Optional<FileRecord> file(String project, String uuid);

    Optional<FileRecord> fileByPath(String project, String folderPath, String name);

    /** Inserts a file row, creating its folder chain; throws NAME_CONFLICT when the name is taken. */
    FileRecord insertFile(FileRecord file);

    /**
     * How an upload lands: {@code rules} turns the project's storage settings (read in the placing
     * transaction, with the target folder) into the ones that decide a taken name or known content,
     * {@code visible} the folders whose files count as "known content" (the caller's list scope, so
     * an answer never names a file the caller may not see), {@code actor} the key that uploads.
     */
    record Placement(java.util.function.UnaryOperator<StorageSettings> rules, FolderScope visible, String actor) {}

    /** What became of an upload. */
    enum Outcome { CREATED, RENAMED, NEW_VERSION, SKIPPED }

    /**
     * The file the upload became or met: created (under its name or, RENAMED, a free one), the
     * existing file with new content (NEW_VERSION: {@code archived} is its previous content), or the
     * existing file with the same bytes (SKIPPED: nothing stored). {@code freedBlobKeys}: versions
     * the retention dropped, whose blobs the caller deletes. {@code folderVisibility}: what the upload's
     * folder passes down to a new file in it, read in the placing transaction (the nearest setting of
     * the folder or an ancestor, else the project's default; null: neither sets one, the server's
     * default applies), so a created file is answered without another read.
     */
    record Placed(FileRecord file, Outcome outcome, FileVersion archived, List<String> freedBlobKeys,
                  Visibility folderVisibility) {}

    /**
     * Inserts a file row as {@link #insertFile} does, deciding a taken name and known content by the
     * placement's rules in the same transaction: the UNIQUE (folder, name) constraint decides which of
     * two racing uploads of one name comes first; known content is looked up under a per-content lock.
     */
    Placed placeFile(FileRecord file, Placement how);

    Page<FileRecord> listFiles(String project, FileQuery query);

    FileRecord renameFile(String project, String uuid, String newName);

    List<FileRecord> moveFiles(String project, List<String> uuids, String destinationPath);

    List<FileRecord> deleteFiles(String project, List<String> uuids);

    /**
     * Sets a file's meta JSON to what {@code edit} makes of the stored one, read with the row locked in
     * the writing transaction (two merges of different keys both last); unchanged meta is not written
     * and records no event. {@code edit} runs inside the transaction: no catalog calls there.
     */
    FileRecord updateFileMeta(String project, String uuid, UnaryOperator<String> edit);

    /** Sets a file's tags JSON as {@link #updateFileMeta} sets its meta. */
    FileRecord updateFileTags(String project, String uuid, UnaryOperator<String> edit);

    /** New meta and tags of one file, computed from the row as it was when last modified at {@code readModifiedAt}. */
    record FileEdit(String uuid, java.time.Instant readModifiedAt, String metaJson, String tagsJson) {}

    /**
     * Writes the meta and tags of several files in one transaction, recording for each file the
     * events a single edit writes ({@code file.meta_changed}, {@code file.tags_changed}) for what
     * actually changed; a file whose meta and tags stay the same is not written. A file that is gone
     * answers FILE_NOT_FOUND, one changed since it was read EDIT_CONFLICT; either way nothing is written.
     */
    List<FileRecord> editFiles(String project, List<FileEdit> edits);

    /** Image files (MIME image/*) of a project after {@code afterUuid} ("" from the start), by uuid: a resumable walk. */
    List<FileRecord> imagesAfter(String project, String afterUuid, int limit);

    /** Replaces a file's info JSON (server-read facts: not a change by a user, so modified_at stays). */
    void updateFileInfo(String project, String uuid, String infoJson);

    /** Which of these blob keys a file row or a file version still refers to (for collecting orphaned blobs). */
    java.util.Set<String> referencedBlobKeys(Collection<String> blobKeys);

    // ---- tag dictionary
    /** Returns the sid of each label in the language, creating missing tags. */
    Map<String, String> ensureTags(String project, String lang, List<String> labels);

    List<Tag> tags(String project);

    /** The file types (MIME) of the project's files inside {@code scope}, the most frequent first, at most {@code limit}. */
    List<TypeCount> fileTypes(String project, FolderScope scope, int limit);

    record TypeCount(String mime, long count) {}

    /** The top-level metadata keys stored on the project's files inside {@code scope}, in order, at most {@code limit}. */
    List<String> metaKeys(String project, FolderScope scope, int limit);

    /**
     * Distinct strings stored under meta key {@code key} on the project's files inside {@code scope}
     * that contain {@code part} (ignoring ASCII case), in order, at most {@code limit}.
     */
    List<String> metaValues(String project, FolderScope scope, String key, String part, int limit);

    record Tag(String sid, String lang, String label, java.time.Instant createdAt) {}
}
