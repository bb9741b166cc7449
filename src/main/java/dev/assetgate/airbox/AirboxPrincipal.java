package dev.assetgate.airbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.access.Principal;
import dev.assetgate.access.UploadTerms;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An open Airbox acting on an upload ({@code X-Filerobot-Airbox-Puid}): its only right is
 * uploading into its folder (not below it), it lists and reads nothing, it passes only routes that
 * count uploads, and each file it uploads gets a fresh name and the meta of the Airbox's form, so an
 * uploader never learns, replaces or sees another file.
 */
public record AirboxPrincipal(Airbox airbox) implements Principal, UploadTerms {
    private static final PermissionSet UPLOAD = PermissionSet.of(Permission.FILE_UPLOAD);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String id() {
        return "airbox:" + airbox.uuid();
    }

    @Override
    public PermissionSet permissions() {
        return UPLOAD;
    }

    @Override
    public FolderScope uploadScope() {
        return FolderScope.exactly(airbox.folder());
    }

    @Override
    public FolderScope listScope() {
        return FolderScope.NONE;
    }

    @Override
    public boolean uploadsOnly() {
        return true;
    }

    @Override
    public UploadTerms uploadTerms() {
        return this;
    }

    @Override
    public String uploadHome() {
        return airbox.folder();
    }

    @Override
    public Optional<ApiKeyRecord> apiKey() {
        return Optional.empty();
    }

    @Override
    public boolean reaches(Project project) {
        return airbox.project().equals(project.token());
    }

    @Override
    public boolean freshNames() {
        return true;
    }

    /** {@code photo.jpg} → {@code photo-1a2b3c4d5e6f.jpg}: 48 random bits, so a taken name is never met (and never told). */
    @Override
    public String storedName(String folder, String name) {
        byte[] bits = new byte[6];
        RANDOM.nextBytes(bits);
        String tag = HexFormat.of().formatHex(bits);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "-" + tag + name.substring(dot) : name + "-" + tag;
    }

    @Override
    public ObjectNode meta(ObjectNode given) {
        return airbox.form().check(given);
    }
}
