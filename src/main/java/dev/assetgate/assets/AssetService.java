package dev.assetgate.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.Json;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.BlobStore;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    public AssetService(AssetCatalog catalog, BlobStore blobs, Clock clock, long maxUploadBytes) {
        this(catalog, blobs, clock, maxUploadBytes, MetaRules.FREE_FORM);
    }

    /** {@code metaRules} checks every meta written: at upload, on files, on folders. */
    public AssetService(AssetCatalog catalog, BlobStore blobs, Clock clock, long maxUploadBytes, MetaRules metaRules) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
        this.metaRules = metaRules;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    // ------------------------------------------------------------------ uploads

    public FileRecord upload(String project, IncomingFile in) throws IOException {
        return upload(project, in, new UploadLimit(maxUploadBytes, "max-upload-bytes"));
    }

    /** The lower of {@code limit} (a key's max_file_size) and the server's own max-upload-bytes. */
    public UploadLimit effective(UploadLimit limit) {
        return limit.bytes() < maxUploadBytes ? limit : new UploadLimit(maxUploadBytes, "max-upload-bytes");
    }

    /** Stores one file; {@code limit} may only lower the server's own limit (a key's max_file_size). */
    public FileRecord upload(String project, IncomingFile in, UploadLimit limit) throws IOException {
        ObjectNode meta = in.meta() == null ? Json.object() : metaRules.check(project, in.meta()); // refused before any byte is kept
        UploadLimit effective = effective(limit);
        long max = effective.bytes();
        String rule = effective.rule();
        String uuid = UUID.randomUUID().toString();
        String blobKey = project + "/" + uuid.substring(0, 2) + "/" + uuid;
        BlobStore.StoredBlob blob;
        try {
            blob = blobs.put(blobKey, in.body(), max);
        } catch (BlobStore.BlobTooLargeException e) {
            throw ApiError.FILE_TOO_BIG.with("'" + in.name() + "' is larger than the limit of " + e.limit + " bytes", "Rule: " + rule);
        }
        try {
            String tags = tagsJson(project, in.tagLang(), in.tags());
            ObjectNode info = in.info() == null ? Json.object() : in.info().deepCopy();
            info.put("ext", MimeTypes.extension(in.name()));
            Instant now = clock.instant();
            FileRecord row = new FileRecord(uuid, project, null, in.folder(), in.name(), blob.size(),
                    MimeTypes.pick(in.declaredType(), in.name()), blob.sha1(), blobKey,
                    Json.write(meta), Json.write(info), tags, now, now);
            return catalog.insertFile(row);
        } catch (RuntimeException e) {
            deleteBlobQuietly(blobKey);
            throw e;
        }
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

    public java.util.Optional<FileRecord> fileByPath(String project, String folder, String name) {
        return catalog.fileByPath(project, folder, name);
    }

    public Page<FileRecord> listFiles(String project, FileQuery query) {
        requireFolder(project, query.folderPath());
        return catalog.listFiles(project, query);
    }

    public FileRecord rename(String project, String uuid, String newName) {
        return catalog.renameFile(project, uuid, newName);
    }

    public List<FileRecord> moveFiles(String project, List<String> uuids, String destination) {
        return catalog.moveFiles(project, uuids, destination);
    }

    public List<FileRecord> moveFileToFolder(String project, String uuid, String folderUuid) {
        Folder destination = folder(project, folderUuid);
        return catalog.moveFiles(project, List.of(uuid), destination.path());
    }

    public List<FileRecord> deleteFiles(String project, List<String> uuids) {
        List<FileRecord> deleted = catalog.deleteFiles(project, uuids);
        deleted.forEach(f -> deleteBlobQuietly(f.blobKey()));
        return deleted;
    }

    /** Meta as it would be stored, or INVALID_PARAMETER: lets a caller refuse before it spends anything (an upload count). */
    public ObjectNode checkMeta(String project, ObjectNode meta) {
        return meta == null ? null : metaRules.check(project, meta);
    }

    /** Merges top-level keys into the file's metadata; a null value removes its key. */
    public FileRecord mergeMeta(String project, String uuid, ObjectNode changes) {
        ObjectNode checked = metaRules.check(project, changes);
        ObjectNode meta = (ObjectNode) Json.parseStored(file(project, uuid).meta());
        Iterator<Map.Entry<String, JsonNode>> fields = checked.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isNull()) meta.remove(e.getKey());
            else meta.set(e.getKey(), e.getValue());
        }
        return catalog.updateFileMeta(project, uuid, Json.write(meta));
    }

    /**
     * Filerobot tag semantics for one language: tags whose sid is in {@code existing} stay, others
     * go; {@code newLabels} are added (created in the project's tag dictionary when unknown).
     */
    public FileRecord setTags(String project, String uuid, String lang, Set<String> existing, List<String> newLabels) {
        ObjectNode tags = (ObjectNode) Json.parseStored(file(project, uuid).tags());
        ArrayNode kept = Json.array();
        Set<String> sids = new LinkedHashSet<>();
        JsonNode current = tags.path(lang);
        for (JsonNode tag : current) {
            if (existing.contains(tag.path("sid").asText()) && sids.add(tag.path("sid").asText())) {
                kept.add(tag);
            }
        }
        for (Map.Entry<String, String> e : catalog.ensureTags(project, lang, newLabels).entrySet()) {
            if (sids.add(e.getValue())) {
                kept.addObject().put("sid", e.getValue()).put("label", e.getKey());
            }
        }
        if (kept.isEmpty()) tags.remove(lang);
        else tags.set(lang, kept);
        return catalog.updateFileTags(project, uuid, Json.write(tags));
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

    public java.util.Map<String, dev.assetgate.store.FolderCounts> countsFor(String project, java.util.Collection<Folder> folders,
                                                                            dev.assetgate.access.FolderScope scope) {
        return catalog.countsFor(project, folders, scope);
    }

    public Folder requireFolder(String project, String path) {
        return catalog.folderByPath(project, path).orElseThrow(() -> ApiError.FOLDER_NOT_FOUND.with("folder " + path + " does not exist"));
    }

    /** Replaces a folder's metadata (checked like file meta; a null value is no value). */
    public Folder replaceFolderMeta(String project, String uuid, ObjectNode meta) {
        ObjectNode checked = Json.object();
        metaRules.check(project, meta).fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) checked.set(e.getKey(), e.getValue());
        });
        folder(project, uuid);
        return catalog.updateFolderMeta(project, uuid, Json.write(checked));
    }

    public Folder clearFolderMeta(String project, String uuid) {
        return catalog.updateFolderMeta(project, uuid, Json.write(Json.object()));
    }

    public Folder createFolder(String project, String path) {
        if ("/".equals(path)) {
            throw ApiError.NAME_CONFLICT.with("the root folder always exists");
        }
        return catalog.createFolder(project, path);
    }

    public Folder renameFolder(String project, String uuid, String newName) {
        Folder folder = folder(project, uuid);
        if (folder.isRoot()) {
            throw ApiError.INVALID_PARAMETER.with("the root folder cannot be renamed");
        }
        String parent = folder.path().substring(0, folder.path().lastIndexOf('/'));
        return catalog.relocateFolder(project, uuid, AssetPaths.join(parent.isEmpty() ? "/" : parent, newName));
    }

    public Folder moveFolderInto(String project, String uuid, String destinationUuid) {
        Folder destination = folder(project, destinationUuid);
        return catalog.moveFolders(project, List.of(uuid), destination.path()).get(0);
    }

    public List<Folder> moveFolders(String project, List<String> uuids, String destinationPath) {
        return catalog.moveFolders(project, uuids, destinationPath);
    }

    public List<FileRecord> deleteFolders(String project, List<String> uuids) {
        List<FileRecord> deleted = catalog.deleteFolders(project, uuids);
        deleted.forEach(f -> deleteBlobQuietly(f.blobKey()));
        return deleted;
    }

    /** Removes the blobs of a deleted project. */
    public void deleteBlobs(List<String> keys) {
        keys.forEach(this::deleteBlobQuietly);
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
