package dev.assetgate.assets;

import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderGrant;
import dev.assetgate.access.UploadGrant;
import dev.assetgate.access.UploadTerms;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import dev.assetgate.images.Derivatives;
import dev.assetgate.images.ImageFactsReader;
import dev.assetgate.images.ImageSettings;
import dev.assetgate.images.UploadResize;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.BlobStore;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.FileVersion;
import dev.assetgate.store.FileVersions;
import dev.assetgate.store.StorageSettings;
import dev.assetgate.store.StorageSettingsStore;
import dev.assetgate.store.TimeOrderedIds;
import dev.assetgate.access.FolderScope;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.assetgate.store.FolderCounts;

/**
 * Files and folders of a project: the upload pipeline and every change to the tree. It knows
 * nothing of HTTP or keys; callers have authorised the action before calling.
 *
 * <p>Uploads write the blob first (to a temporary name, made visible atomically when durable) and
 * the catalog row after, so a crash leaves at worst an unreferenced blob, never a row without bytes.
 * Deletes remove rows first and blobs after, for the same reason.
 */
public final class AssetService {
    private static final Logger LOG = LoggerFactory.getLogger(AssetService.class);
    private final AssetCatalog catalog;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxUploadBytes;
    private final MetaRules metaRules;
    private final Derivatives images;
    private final StorageSettingsStore storage;
    private final FileVersions versions;
    private final Function<String, ImageSettings> imageSettings;

    /**
     * {@code metaRules} checks every meta written: at upload, on files, on folders; {@code images} reads image facts and
     * holds derivatives; {@code storage} the projects' storage settings (duplicates, retention); {@code versions} the
     * files' earlier versions; {@code imageSettings} gives a project's image settings (whether EXIF GPS is kept).
     */
    public AssetService(AssetCatalog catalog, BlobStore blobs, Clock clock, long maxUploadBytes, MetaRules metaRules, Derivatives images,
                        StorageSettingsStore storage, FileVersions versions, Function<String, ImageSettings> imageSettings) {
        this.catalog = catalog;
        this.storage = storage;
        this.versions = versions;
        this.blobs = blobs;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
        this.metaRules = metaRules;
        this.images = images;
        this.imageSettings = imageSettings;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    // ------------------------------------------------------------------ uploads

    /** The lower of {@code limit} (a key's max_file_size) and the server's own max-upload-bytes. */
    public UploadLimit effective(UploadLimit limit) {
        return limit.bytes() < maxUploadBytes ? limit : new UploadLimit(maxUploadBytes, "max-upload-bytes");
    }

    /** How many first bytes of a file {@link #checkHead} reads. */
    public static int headBytes() {
        return ContentCheck.HEAD_BYTES;
    }

    /**
     * Holds the first bytes of an upload still arriving (a resumable one) to the grant's content rule
     * (type, image size), so bytes that lie are refused before the rest is sent; {@link #upload} checks
     * the whole file again when it is stored.
     */
    public void checkHead(UploadGrant grant, String name, InputStream head) throws IOException {
        if (!grant.content().isAny()) ContentCheck.check(grant.content(), name, head, images);
    }

    /**
     * Stores one admitted file, an image downscaled first when {@code resize} (upload option
     * resize=W,H, may be null) asks; the grant's limit may only lower the server's own limit (a key's
     * max_file_size). A taken name or known content is decided by the project's storage settings,
     * or, with {@code forceName}, the upload becomes a new version of the file of that name (and known
     * content is stored all the same). {@code visible}: where the caller may read files (known content
     * is looked for there only; null: nowhere, the upload is never skipped); {@code actor}: the key's
     * id, recorded with a replaced version.
     */
    public AssetCatalog.Placed upload(UploadGrant grant, IncomingFile in, UploadResize resize, boolean forceName, FolderScope visible,
                                      String actor) throws IOException {
        if (!grant.folder().equals(in.folder())) {
            throw new IllegalStateException("upload admitted into " + grant.folder() + ", not " + in.folder());
        }
        String project = grant.project();
        UploadLimit limit = grant.limit();
        UploadTerms terms = grant.terms();
        String name = terms.storedName(in.folder(), in.name()); // refused before any byte is kept
        ObjectNode given = terms.meta(in.meta()); // a policy's fixed fields, an Airbox's form: refused before any byte is kept
        ObjectNode meta = given == null ? Json.object() : metaRules.check(project, given);
        boolean fresh = terms.freshNames();
        UploadLimit effective = effective(limit);
        long max = effective.bytes();
        String rule = effective.rule();
        String uuid = TimeOrderedIds.next();
        // the directory from the id's random end: its leading digits are a timestamp, the same for hours
        String blobKey = project + "/" + uuid.substring(uuid.length() - 2) + "/" + uuid;
        InputStream body = in.body();
        String sniffed = null; // the type the bytes show, when the key limits what they may be
        if (!grant.content().isAny()) {
            ContentCheck.Checked checked;
            try {
                checked = ContentCheck.check(grant.content(), in.name(), body, images); // refused before any byte is kept
            } catch (ApiException refused) {
                throw terms.rule() == null ? refused : byTerms(refused, terms.rule());
            }
            body = checked.body();
            sniffed = checked.mime();
        }
        BlobStore.StoredBlob blob;
        AssetCatalog.Placed placed;
        try {
            blob = blobs.put(blobKey, body, max);
        } catch (BlobStore.BlobTooLargeException e) {
            throw ApiError.FILE_TOO_BIG.with("'" + in.name() + "' is larger than the limit of " + e.limit + " bytes", "Rule: " + rule);
        }
        String keptKey = blobKey; // the blob the row points to: the upload, or its downscaled picture
        try {
            if (blob.size() < terms.minBytes()) { // known only once the bytes arrived; the blob goes below
                throw ApiError.FILE_TOO_SMALL.with("'" + in.name() + "' has " + blob.size() + " bytes, fewer than " + terms.minBytes(),
                        "Rule: " + terms.rule() + " min_bytes").reason("file_too_small");
            }
            String tags = tagsJson(project, in.tagLang(), terms.tags(in.tags()));
            ObjectNode info = in.info() == null ? Json.object() : in.info().deepCopy();
            info.put("ext", MimeTypes.extension(name));
            String mime = sniffed != null ? sniffed : MimeTypes.pick(in.declaredType(), name);
            boolean image = ImageFactsReader.reads(mime);
            boolean gps = image && imageSettings.apply(project).exifGps();
            if (image) images.describe(info, blobKey, mime, gps);
            var smaller = resize == null ? null : images.downscaled(blobKey, mime, resize);
            if (smaller != null) {
                keptKey = blobKey + "-resized";
                blob = blobs.put(keptKey, new java.io.ByteArrayInputStream(smaller.bytes()), max);
                deleteBlobQuietly(blobKey);
                var exif = info.get("metadata"); // the new picture carries no EXIF: keep what the upload's said
                images.describe(info, keptKey, mime, gps);
                if (exif != null) info.set("metadata", exif);
            }
            Instant now = clock.instant();
            FileRecord row = new FileRecord(uuid, project, null, in.folder(), name, blob.size(),
                    mime, blob.sha1(), keptKey,
                    Json.write(meta), Json.write(info), tags, now, now, grant.uploadedBy());
            UnaryOperator<StorageSettings> rules = stored -> { // the project's settings, read where the file is placed
                if (fresh) { // a fresh name is never taken; were it, refuse rather than replace or rename
                    return new StorageSettings(StorageSettings.SameName.REFUSE, StorageSettings.SameContent.ACCEPT,
                            stored.versionsKept(), stored.versionsDays());
                }
                StorageSettings applied = forceName ? new StorageSettings(StorageSettings.SameName.VERSION,
                        StorageSettings.SameContent.ACCEPT, stored.versionsKept(), stored.versionsDays()) : stored;
                return visible == null ? applied.acceptingSameContent() : applied; // no file may be named to this caller
            };
            placed = catalog.placeFile(row, new AssetCatalog.Placement(rules, visible, actor));
        } catch (RuntimeException | IOException e) {
            deleteBlobQuietly(blobKey);
            if (!keptKey.equals(blobKey)) deleteBlobQuietly(keptKey);
            throw e;
        }
        switch (placed.outcome()) {
            case SKIPPED -> deleteBlobQuietly(keptKey); // the same bytes are stored already
            case NEW_VERSION -> contentChanged(placed.file(), placed.freedBlobKeys());
            default -> { }
        }
        return placed;
    }

    /** A content refusal of a policy upload: its hint names the policy, whose rule it was. */
    private static ApiException byTerms(ApiException refused, String rule) {
        String hint = refused.hint == null ? "" : refused.hint.replace("Rule: upload.", "Rule: " + rule + " ");
        return refused.error.with(refused.getMessage(), hint).reason(refused.reason());
    }

    /** The storage settings of a project (defaults until changed). */
    public StorageSettings storageSettings(String project) {
        return storage.of(project);
    }

    public void setStorageSettings(String project, StorageSettings settings) {
        storage.put(project, settings);
    }

    // ------------------------------------------------------------------ versions

    /** The file's earlier versions, the most recently replaced first. */
    public List<FileVersion> versions(FileGrant file) {
        return versions.of(file.project(), file.uuid());
    }

    /** The version, to find its file (and ask for a grant of it) before restoring; VERSION_NOT_FOUND. */
    public FileVersion version(String project, String versionUuid) {
        return versions.find(project, versionUuid).orElseThrow(() -> ApiError.VERSION_NOT_FOUND.with("no version with uuid " + versionUuid));
    }

    /**
     * Makes a version of the granted file its current content; the content it replaces becomes a
     * version. A version of another file is VERSION_NOT_FOUND, and nothing changes.
     */
    public FileRecord restore(FileGrant file, String versionUuid, String actor) {
        String project = file.project();
        String uuid = file.requireWritable().uuid();
        if (!version(project, versionUuid).fileUuid().equals(uuid)) {
            throw ApiError.VERSION_NOT_FOUND.with("version " + versionUuid + " is no version of file " + uuid);
        }
        FileVersions.Restored restored = versions.restore(project, versionUuid, actor, storage.of(project));
        contentChanged(restored.file(), restored.freedBlobKeys());
        return restored.file();
    }

    /** Drops the versions older than their project's age limit, and their blobs; returns how many blobs went. */
    public int expireVersions() {
        List<String> freed = versions.expire(clock.instant());
        return deleteUnreferenced(freed);
    }

    /** After a file's bytes changed: its derivatives (of the old bytes) go, and the blobs the retention let go. */
    private void contentChanged(FileRecord file, List<String> freedBlobKeys) {
        images.forget(file.project(), List.of(file.uuid()));
        deleteUnreferenced(freedBlobKeys);
    }

    /** Deletes those of the blobs that neither a file nor a version refers to (a blob is never shared today; this keeps it so). */
    private int deleteUnreferenced(List<String> blobKeys) {
        if (blobKeys.isEmpty()) return 0;
        Set<String> referenced = catalog.referencedBlobKeys(blobKeys);
        int deleted = 0;
        for (String key : blobKeys) {
            if (!referenced.contains(key)) {
                deleteBlobQuietly(key);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Reads the image facts of files stored before they were read at upload (or whose reading failed
     * then); files that have them are skipped, so a run stopped midway resumes by running again.
     * Returns how many files got facts.
     */
    public int backfillImageFacts(String project) {
        int filled = 0;
        boolean gps = imageSettings.apply(project).exifGps();
        String after = "";
        for (List<FileRecord> page; !(page = catalog.imagesAfter(project, after, 200)).isEmpty(); after = page.get(page.size() - 1).uuid()) {
            for (FileRecord f : page) {
                ObjectNode info = (ObjectNode) Json.parseStored(f.info());
                if (ImageFactsReader.complete(info)) continue;
                if (!images.describe(info, f.blobKey(), f.mime(), gps)) continue;
                catalog.updateFileInfo(project, f.uuid(), Json.write(info));
                filled++;
            }
        }
        return filled;
    }

    private String tagsJson(String project, String lang, List<String> labels) {
        ObjectNode tags = Json.object();
        if (labels != null && !labels.isEmpty()) {
            ArrayNode list = tags.putArray(lang);
            for (Map.Entry<String, String> e : catalog.ensureTags(project, lang, labels).entrySet()) {
                list.addObject().put("sid", e.getValue()).put("label", e.getKey());
            }
        }
        return Json.write(tags);
    }

    // ------------------------------------------------------------------ files

    public FileRecord file(String project, String uuid) {
        return catalog.file(project, uuid).orElseThrow(() -> ApiError.FILE_NOT_FOUND.with("no file with uuid " + uuid));
    }

    public java.util.Optional<FileRecord> findFile(String project, String uuid) {
        return catalog.file(project, uuid);
    }

    public java.util.Optional<FileRecord> fileByPath(String project, String folder, String name) {
        return catalog.fileByPath(project, folder, name);
    }

    /** The top-level metadata keys stored on files inside {@code scope}, in order, at most {@code limit}. */
    public List<String> metaKeys(String project, FolderScope scope, int limit) {
        return catalog.metaKeys(project, scope, limit);
    }

    public Page<FileRecord> listFiles(String project, FileQuery query) {
        requireFolder(project, query.folderPath());
        return catalog.listFiles(project, query);
    }

    public FileRecord rename(FileGrant file, String newName) {
        return catalog.renameFile(file.project(), file.requireWritable().uuid(), newName);
    }

    public List<FileRecord> moveFiles(List<FileGrant> files, FolderGrant destination) {
        destination.require(FolderGrant.Reach.WRITE);
        return catalog.moveFiles(destination.project(), FileGrant.writableUuids(files), destination.path());
    }

    public List<FileRecord> deleteFiles(List<FileGrant> files) {
        if (files.isEmpty()) return List.of();
        List<FileRecord> deleted = catalog.deleteFiles(files.get(0).project(), FileGrant.writableUuids(files));
        dropBytes(deleted);
        return deleted;
    }

    /** Meta as it would be stored, or INVALID_PARAMETER: lets a caller refuse before it spends anything (an upload count). */
    public ObjectNode checkMeta(String project, ObjectNode meta) {
        return meta == null ? null : metaRules.check(project, meta);
    }

    /** Merges top-level keys into the file's metadata; a null value removes its key. */
    public FileRecord mergeMeta(FileGrant file, ObjectNode changes) {
        String project = file.project();
        String uuid = file.requireWritable().uuid();
        ObjectNode checked = metaRules.check(project, changes);
        return catalog.updateFileMeta(project, uuid, stored -> {
            ObjectNode meta = (ObjectNode) Json.parseStored(stored);
            checked.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) meta.remove(e.getKey());
                else meta.set(e.getKey(), e.getValue());
            });
            return Json.write(meta);
        });
    }

    /**
     * Filerobot tag semantics for one language: tags whose sid is in {@code existing} stay, others
     * go; {@code newLabels} are added (created in the project's tag dictionary when unknown).
     */
    public FileRecord setTags(FileGrant file, String lang, Set<String> existing, List<String> newLabels) {
        String project = file.project();
        String uuid = file.requireWritable().uuid();
        Map<String, String> added = catalog.ensureTags(project, lang, newLabels); // label -> sid, before the file's row is locked
        return catalog.updateFileTags(project, uuid, stored -> {
            ObjectNode tags = (ObjectNode) Json.parseStored(stored);
            ArrayNode kept = Json.array();
            Set<String> sids = new LinkedHashSet<>();
            for (JsonNode tag : tags.path(lang)) {
                if (existing.contains(tag.path("sid").asText()) && sids.add(tag.path("sid").asText())) {
                    kept.add(tag);
                }
            }
            for (Map.Entry<String, String> e : added.entrySet()) {
                if (sids.add(e.getValue())) {
                    kept.addObject().put("sid", e.getValue()).put("label", e.getKey());
                }
            }
            if (kept.isEmpty()) tags.remove(lang);
            else tags.set(lang, kept);
            return Json.write(tags);
        });
    }

    public InputStream open(FileRecord file, long offset, long length) {
        try {
            return blobs.open(file.blobKey(), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("blob of file " + file.uuid() + " is unreadable", e);
        }
    }

    // ------------------------------------------------------------------ folders

    public Folder folder(String project, String uuid) {
        return catalog.folderByUuid(project, uuid).orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("no folder with uuid " + uuid));
    }

    public java.util.Map<String, FolderCounts> countsFor(String project, java.util.Collection<Folder> folders,
                                                                            FolderScope scope) {
        return catalog.countsFor(project, folders, scope);
    }

    public Folder requireFolder(String project, String path) {
        return catalog.folderByPath(project, path).orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("folder " + path + " does not exist"));
    }

    /** Replaces a folder's metadata (checked like file meta; a null value is no value). */
    public Folder replaceFolderMeta(FolderGrant folder, ObjectNode meta) {
        String project = folder.project();
        ObjectNode checked = Json.object();
        metaRules.check(project, meta).fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) checked.set(e.getKey(), e.getValue());
        });
        return catalog.updateFolderMeta(project, writable(folder).uuid(), stored -> Json.write(checked));
    }

    /**
     * Sets one key of a folder's metadata, keeping the others (the older spelling
     * {@code PUT folder/{uuid}/meta/{key}/{value}}); only the new pair is checked against the model.
     */
    public Folder setFolderMetaKey(FolderGrant folder, String key, JsonNode value) {
        String project = folder.project();
        Folder target = writable(folder);
        ObjectNode pair = Json.object();
        pair.set(key, value);
        ObjectNode checked = metaRules.check(project, pair);
        return catalog.updateFolderMeta(project, target.uuid(), stored -> {
            ObjectNode meta = (ObjectNode) Json.parseStored(stored);
            meta.set(key, checked.get(key));
            return Json.write(meta);
        });
    }

    public Folder clearFolderMeta(FolderGrant folder) {
        return catalog.updateFolderMeta(folder.project(), writable(folder).uuid(), stored -> Json.write(Json.object()));
    }

    public Folder createFolder(FolderGrant path) {
        if ("/".equals(path.path())) {
            throw ApiError.NAME_CONFLICT.with("the root folder always exists");
        }
        return catalog.createFolder(path.project(), path.require(FolderGrant.Reach.WRITE).path());
    }

    /** Renames a folder: both its subtree and the renamed one (a sibling path) must be granted. */
    public Folder renameFolder(FolderGrant folder, FolderGrant renamed) {
        Folder source = folder.require(FolderGrant.Reach.WRITE_SUBTREE).folder();
        if (source.isRoot()) {
            throw ApiError.INVALID_PARAMETER.with("the root folder cannot be renamed");
        }
        renamed.require(FolderGrant.Reach.WRITE_SUBTREE);
        if (!AssetPaths.parent(renamed.path()).equals(AssetPaths.parent(source.path()))) {
            throw new IllegalStateException(renamed.path() + " is no rename of " + source.path());
        }
        return catalog.relocateFolder(folder.project(), source.uuid(), renamed.path());
    }

    /**
     * Moves folders into {@code destination}; for each source (its subtree granted) the grant of where
     * it lands ({@code destination/name}, its subtree granted) comes at the same index.
     */
    public List<Folder> moveFolders(List<FolderGrant> sources, List<FolderGrant> landings, String destination) {
        if (sources.isEmpty()) return List.of();
        return catalog.moveFolders(sources.get(0).project(), landedUuids(sources, landings, destination), destination);
    }

    /** The uuids of folders to move, each checked to have its subtree and where it lands ({@code destination/name}) granted. */
    private static List<String> landedUuids(List<FolderGrant> sources, List<FolderGrant> landings, String destination) {
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Folder source = sources.get(i).require(FolderGrant.Reach.WRITE_SUBTREE).folder();
            if (!landings.get(i).require(FolderGrant.Reach.WRITE_SUBTREE).path().equals(AssetPaths.join(destination, source.name()))) {
                throw new IllegalStateException("no grant for where " + source.path() + " lands in " + destination);
            }
            uuids.add(source.uuid());
        }
        return uuids;
    }

    /**
     * Moves a mixed selection into {@code destination}, all or nothing: the files (each writable)
     * and the folders as {@link #moveFolders} takes them.
     */
    public AssetCatalog.Selection moveObjects(List<FileGrant> files, List<FolderGrant> sources, List<FolderGrant> landings,
                                              FolderGrant destination) {
        String target = destination.require(FolderGrant.Reach.WRITE).path();
        return catalog.moveObjects(destination.project(), FileGrant.writableUuids(files), landedUuids(sources, landings, target), target);
    }

    /** Deletes a mixed selection, all or nothing; returns every file deleted (selected or below a selected folder). */
    public List<FileRecord> deleteObjects(String project, List<FileGrant> files, List<FolderGrant> folders) {
        List<String> folderUuids = folders.stream().map(f -> f.require(FolderGrant.Reach.WRITE_SUBTREE).folder().uuid()).toList();
        List<FileRecord> deleted = catalog.deleteObjects(project, FileGrant.writableUuids(files), folderUuids);
        dropBytes(deleted);
        return deleted;
    }

    public List<FileRecord> deleteFolders(List<FolderGrant> folders) {
        if (folders.isEmpty()) return List.of();
        List<String> uuids = folders.stream().map(f -> f.require(FolderGrant.Reach.WRITE_SUBTREE).folder().uuid()).toList();
        List<FileRecord> deleted = catalog.deleteFolders(folders.get(0).project(), uuids);
        dropBytes(deleted);
        return deleted;
    }

    /** The blobs of deleted files, and their derivatives. */
    private void dropBytes(List<FileRecord> deleted) {
        deleted.forEach(f -> deleteBlobQuietly(f.blobKey()));
        if (!deleted.isEmpty()) images.forget(deleted.get(0).project(), deleted.stream().map(FileRecord::uuid).toList());
    }

    private static Folder writable(FolderGrant folder) {
        return folder.require(FolderGrant.Reach.WRITE).folder();
    }

    /** Removes the blobs of a deleted project, and its derivatives. */
    public void deleteBlobs(String project, List<String> keys) {
        keys.forEach(this::deleteBlobQuietly);
        images.forgetProject(project);
    }

    private void deleteBlobQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            // The row is gone, so the blob is unreachable; it only costs disk until a sweep.
            LOG.warn("could not delete blob {}: {}", key, e.toString());
        }
    }

}
