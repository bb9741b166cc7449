package dev.assetgate.access;

import dev.assetgate.access.FolderGrant.Reach;
import dev.assetgate.assets.IncomingFile;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.error.ApiError;
import dev.assetgate.limits.Reservation;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.Project;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What one request may do, once the {@link Decider} let it in: the checks that depend on what the
 * call touches (folder scopes) hand out grants, which services demand; the consuming step (counted
 * limits) runs last and only for what the route declared. An API key passes every scope check; a SASS
 * key is held to its template's scopes.
 */
public final class Access {
    private final Principal principal;
    private final Project project;
    private final InetAddress client;
    private final Count declared;
    private final Limits limits;
    private final List<Reservation> held = new ArrayList<>();
    private int prepaidUploads;
    private boolean listingCounted;

    Access(Principal principal, Project project, InetAddress client, Count declared, Limits limits) {
        this.principal = principal;
        this.project = project;
        this.client = client;
        this.declared = declared;
        this.limits = limits;
    }

    public Principal principal() {
        return principal;
    }

    public Project project() {
        return project;
    }

    public FolderScope listScope() {
        return principal.listScope();
    }

    /** For overloaded routes: the permissions of the action the body asks for. */
    public void require(Permission... permissions) {
        refuseIf(Need.missingAll(principal.permissions(), List.of(permissions)));
    }

    /** True when the key may change things in {@code folder} (for answers that describe rights, not to act). */
    public boolean canWrite(String folder) {
        return principal.uploadScope().allows(folder);
    }

    // ------------------------------------------------------------------ targets → grants

    /** Listing or searching from {@code folder}: it must be in the list scope or lead into it (results are filtered). */
    public FolderGrant listFolder(String folder) {
        FolderScope scope = principal.listScope();
        return grant(scope.allows(folder) || scope.leadsInto(folder), folder, Reach.LIST);
    }

    /** Reading an item (details, bytes) in {@code folder}. */
    public FolderGrant readFolder(String folder) {
        return grant(principal.listScope().allows(folder), folder, Reach.READ);
    }

    /** Reading a folder with everything below it (sharing a folder with its subtree). */
    public FolderGrant readSubtree(String folder) {
        return grant(principal.listScope().allowsSubtree(folder), folder, Reach.READ_SUBTREE);
    }

    /** Changing something in {@code folder} (upload into, rename, move, delete, metadata). */
    public FolderGrant writeFolder(String folder) {
        return grant(principal.uploadScope().allows(folder), folder, Reach.WRITE);
    }

    /** Moving, renaming or deleting a whole folder: everything below it must be in scope too. */
    public FolderGrant writeSubtree(String folder) {
        return grant(principal.uploadScope().allowsSubtree(folder), folder, Reach.WRITE_SUBTREE);
    }

    /** {@link #readFolder} for a stored folder (the grant carries it). */
    public FolderGrant readFolder(Folder folder) {
        return grant(principal.listScope().allows(folder.path()), folder, Reach.READ);
    }

    /** {@link #readSubtree} for a stored folder (the grant carries it). */
    public FolderGrant readSubtree(Folder folder) {
        return grant(principal.listScope().allowsSubtree(folder.path()), folder, Reach.READ_SUBTREE);
    }

    /** {@link #writeFolder} for a stored folder (the grant carries it). */
    public FolderGrant writeFolder(Folder folder) {
        return grant(principal.uploadScope().allows(folder.path()), folder, Reach.WRITE);
    }

    /** {@link #writeSubtree} for a stored folder (the grant carries it). */
    public FolderGrant writeSubtree(Folder folder) {
        return grant(principal.uploadScope().allowsSubtree(folder.path()), folder, Reach.WRITE_SUBTREE);
    }

    public FileGrant readFile(FileRecord file) {
        readFolder(file.folderPath());
        return new FileGrant(file, false);
    }

    public FileGrant writeFile(FileRecord file) {
        writeFolder(file.folderPath());
        return new FileGrant(file, true);
    }

    private FolderGrant grant(boolean inScope, String folder, Reach reach) {
        if (!inScope) throw outside(folder, reach).refusal();
        return new FolderGrant(project.token(), folder, reach, null);
    }

    private FolderGrant grant(boolean inScope, Folder folder, Reach reach) {
        if (!inScope) throw outside(folder.path(), reach).refusal();
        return new FolderGrant(project.token(), folder.path(), reach, folder);
    }

    private Denial outside(String folder, Reach reach) {
        boolean write = reach == Reach.WRITE || reach == Reach.WRITE_SUBTREE;
        boolean subtree = reach == Reach.READ_SUBTREE || reach == Reach.WRITE_SUBTREE;
        String rule = write ? "upload.dir_scope" : "listing.dir_scope";
        FolderScope scope = write ? principal.uploadScope() : principal.listScope();
        String shown = subtree ? (folder.equals("/") ? "/*" : folder + "/*") : folder;
        return Denial.of(write ? "outside_upload_scope" : "outside_list_scope", ApiError.FOLDER_NOT_ALLOWED,
                "folder " + shown + " is outside this key's scope " + scope.asList(), "Rule: " + rule);
    }

    // ------------------------------------------------------------------ consuming step (last)

    /**
     * Reserves {@code count} uploads before their folders are known (a multipart body not read yet);
     * each file must still be admitted into its folder with {@link #admitUpload}, which then reserves
     * nothing more. Returns the key's own file size limit, which the body is parsed under.
     */
    public UploadLimit reserveUploads(int count) {
        requireDeclared(Count.UPLOAD);
        for (int i = 0; i < count; i++) {
            held.add(limits.reserveUpload(principal, client));
            prepaidUploads++;
        }
        return limits.fileLimit(principal);
    }

    /**
     * Admits one upload of {@code declaredBytes} (or {@link IncomingFile#UNKNOWN_SIZE}) into a writable
     * folder: reserves it against the key's limits, its bytes against the key's byte quotas; the grant
     * carries its size limit and content rule.
     */
    public UploadGrant admitUpload(FolderGrant folder, long declaredBytes) {
        folder.require(Reach.WRITE);
        requireDeclared(Count.UPLOAD);
        UploadLimit fileLimit = limits.fileLimit(principal);
        if (limits.countsBytes(principal)) {
            // Bytes are reserved before they are stored, so the size must be known up front; the file
            // may then not be longer than it declared (a lying stream gets 413, and its bytes back).
            if (declaredBytes < 0) requireSizesUpFront();
            held.add(limits.reserveUploadBytes(principal, declaredBytes));
            if (declaredBytes < fileLimit.bytes()) fileLimit = new UploadLimit(declaredBytes, "declared size");
        }
        if (prepaidUploads > 0) prepaidUploads--;
        else held.add(limits.reserveUpload(principal, client));
        return new UploadGrant(folder, fileLimit, limits.contentRule(principal), principal.subject(), principal.uploadTerms());
    }

    /**
     * Admits the completion of a resumable upload that {@link #admitUpload} admitted, and counted,
     * when it was created: only on a route that declared {@link Count#RESUMED}; the folder is checked
     * again (the key may have lost it meanwhile), the size limit and the content rule are the key's
     * own as they are now, and nothing is counted a second time.
     */
    public UploadGrant completeResumedUpload(FolderGrant folder, long length) {
        folder.require(Reach.WRITE);
        requireDeclared(Count.RESUMED);
        UploadLimit fileLimit = limits.fileLimit(principal);
        if (length < fileLimit.bytes()) fileLimit = new UploadLimit(length, "Upload-Length");
        return new UploadGrant(folder, fileLimit, limits.contentRule(principal), principal.subject(), principal.uploadTerms());
    }

    /**
     * Refuses an upload whose size cannot be known before its bytes arrive (a URL upload, a chunked
     * PUT) when this key's uploads are counted in bytes: called before anything is fetched, so the
     * refusal spends nothing.
     */
    public void requireSizesUpFront() {
        if (!limits.countsBytes(principal)) return;
        throw ApiError.LENGTH_REQUIRED.with("this key's uploads are counted in bytes, and this upload does not declare its size",
                "Rule: upload.max_bytes / upload.bytes_per_period. Send a Content-Length (PUT), or upload multipart or base64.");
    }

    /** Counts this call against listing.max, once; call it after every check that can still refuse. */
    public void admitListing() {
        requireDeclared(Count.LISTING);
        if (listingCounted) return;
        held.add(limits.reserveListing(principal));
        listingCounted = true;
    }

    /** Before a successful answer is sent: counts what the route declared if the handler did not. */
    public void countDeclared() {
        if (declared == Count.LISTING) admitListing();
    }

    /**
     * Once the request's outcome is known, once: the reservations of a success are kept, those of a
     * failure (a 413 mid-stream, a 409, a multipart upload undone, any exception) are given back.
     */
    public void settle(boolean succeeded) {
        for (Reservation r : held) {
            if (succeeded) r.commit();
            else r.release();
        }
        held.clear();
    }

    private void requireDeclared(Count count) {
        if (declared != count) throw new IllegalStateException("the route did not declare Count." + count);
    }

    private static void refuseIf(Denial denial) {
        if (denial != null) throw denial.refusal();
    }
}
