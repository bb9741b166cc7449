package dev.assetgate.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an upload by a principal must satisfy beyond scope, size limit and content, applied by the
 * upload before any byte is kept. Keys fix nothing ({@link #NONE}). A single-use upload policy fixes
 * the name, the least size, and metadata and tags the uploader cannot change. An Airbox stores every
 * file under a fresh name and never replaces one (its uploaders may not learn which names are taken),
 * and checks the uploader's meta against its form. Carried by the {@link UploadGrant}.
 */
public interface UploadTerms {
    /** The terms of every key: name, meta and tags as given; the project's settings decide a taken name. */
    UploadTerms NONE = new UploadTerms() {};

    /** The name the file is stored under; refuses a name the terms do not allow. */
    default String storedName(String folder, String name) {
        return name;
    }

    /** True: every file gets a name no file has (never a new version, never a rename that tells a name is taken). */
    default boolean freshNames() {
        return false;
    }

    /** The meta the file is stored with (null: none given); refuses what the terms do not accept. */
    default ObjectNode meta(ObjectNode given) {
        return given;
    }

    /** The tags the file is stored with. */
    default List<String> tags(List<String> given) {
        return given;
    }

    /** The least size the file may have, in bytes. */
    default long minBytes() {
        return 0;
    }

    /** How refusals under these terms name their rule in the hint (e.g. "upload policy …"), or null: the key's own rules. */
    default String rule() {
        return null;
    }
}
