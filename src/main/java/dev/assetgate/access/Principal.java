package dev.assetgate.access;

import java.util.Optional;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;

/**
 * Who is calling: an API secret key (permanent, unrestricted folders) or a SASS key (temporary,
 * with its template's folder scopes, network rules and limits).
 */
public interface Principal {
    /** The key's id for logs and audit (never the secret). */
    String id();

    PermissionSet permissions();

    /** Folders the key may change (upload into, rename, move, delete). */
    FolderScope uploadScope();

    /** Folders the key may list, search and read. */
    FolderScope listScope();

    /** The end user a per-user SASS key was minted for ({@code sub}), or null. */
    default String subject() {
        return null;
    }

    /**
     * True for a principal whose only right is uploading (an Airbox): it passes only routes that count
     * uploads, so no listing, reading or other change is ever decided for it.
     */
    default boolean uploadsOnly() {
        return false;
    }

    /** What its uploads must satisfy beyond scope and limits (names, meta); {@link UploadTerms#NONE} for keys. */
    default UploadTerms uploadTerms() {
        return UploadTerms.NONE;
    }

    /** The folder its uploads go to when the request names none (null: the root). */
    default String uploadHome() {
        return null;
    }

    /** The API key behind this principal, if it is one (management calls need an API key). */
    Optional<ApiKeyRecord> apiKey();

    /** True when the key may act on this project (an API key's projects or company; a SASS key's one project). */
    boolean reaches(Project project);
}
