package dev.assetgate.access;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an upload by a principal must satisfy beyond scope, limits and content: the name it is stored
 * under and the meta it is stored with. A principal that may not learn which names are taken (an
 * Airbox: its uploaders never see the folder) stores every file under a fresh name and never
 * replaces a file; a principal with a form checks the uploader's meta against it. Carried by the
 * {@link UploadGrant}, applied by the upload before any byte is kept.
 */
public interface UploadTerms {
    /** The terms of every key: the name and meta as given, the project's settings decide a taken name. */
    UploadTerms NONE = new UploadTerms() {
        @Override
        public boolean freshNames() {
            return false;
        }

        @Override
        public String storedName(String name) {
            return name;
        }

        @Override
        public ObjectNode meta(ObjectNode given) {
            return given;
        }
    };

    /** True: every file gets a name no file has (never a new version, never a rename that tells a name is taken). */
    boolean freshNames();

    /** The name the file is stored under. */
    String storedName(String name);

    /** The meta the file is stored with (null: none given); refuses what the terms do not accept. */
    ObjectNode meta(ObjectNode given);
}
