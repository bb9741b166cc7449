package dev.assetgate.store;

import java.util.Locale;

/**
 * A project's storage settings (Filerobot's "storage" project settings): what an upload does when
 * its name is taken in its folder, or when its bytes already exist in the project, and how many
 * earlier versions of a file are kept, for how long.
 *
 * @param sameName      an upload whose name is taken in its folder
 * @param sameContent   an upload whose SHA-1 equals a file's of the project
 * @param versionsKept  earlier versions kept per file (0: a replace keeps none)
 * @param versionsDays  earlier versions replaced longer ago than this go (0: no age limit)
 */
public record StorageSettings(SameName sameName, SameContent sameContent, int versionsKept, int versionsDays) {
    public static final int MAX_VERSIONS_KEPT = 1000;
    public static final int MAX_VERSIONS_DAYS = 36500;
    public static final StorageSettings DEFAULTS = new StorageSettings(SameName.REFUSE, SameContent.ACCEPT, 10, 0);

    public StorageSettings {
        if (versionsKept < 0 || versionsKept > MAX_VERSIONS_KEPT) throw new IllegalArgumentException("versionsKept " + versionsKept);
        if (versionsDays < 0 || versionsDays > MAX_VERSIONS_DAYS) throw new IllegalArgumentException("versionsDays " + versionsDays);
    }

    /** These settings, with identical content accepted. */
    public StorageSettings acceptingSameContent() {
        return new StorageSettings(sameName, SameContent.ACCEPT, versionsKept, versionsDays);
    }

    /** Same name in the same folder. */
    public enum SameName {
        /** 409 NAME_CONFLICT, nothing stored (the default). */
        REFUSE,
        /** The upload becomes the file's new content; the previous content is kept as a version. */
        VERSION,
        /** The upload is stored under a free name: {@code name_1.ext}, {@code name_2.ext}, ... */
        RENAME;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Same SHA-1 as a (current) file of the project, anywhere in it. */
    public enum SameContent {
        /** Stored like any other upload (the default). */
        ACCEPT,
        /** Not stored: answered with SAME_ASSET_EXISTS_SKIP_UPLOAD and the existing file's uuid. */
        SKIP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
