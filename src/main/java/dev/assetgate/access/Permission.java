package dev.assetgate.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The 31 Filerobot permission names, identical for API secret keys and security templates. */
public enum Permission {
    OBJECTS_LIST, OBJECTS_FETCH,
    FILE_UPLOAD, FILE_META_CREATE, FILE_META_CHANGE, FILE_RENAME, FILE_MOVE, FILE_DELETE,
    FILE_SET_VISIBILITY, FILE_LABEL_CHANGE, FILE_IMAGE_EDITOR, FILE_PRODUCT_CHANGE, FILE_PROCESS_AUTOTAGGING,
    DIR_CREATE, DIR_RENAME, DIR_META_CHANGE, DIR_MOVE, DIR_DELETE, DIR_SET_VISIBILITY,
    CONFIG_CHANGE, CONFIG_LIST,
    COLLECTIONS_LIST, COLLECTIONS_MANAGE, LABELS_LIST, LABEL_MANAGE,
    OBJECTS_SHARE_MANAGE, OBJECTS_AIRBOX_MANAGE, OBJECTS_APPROVAL_MANAGE, OBJECTS_APPROVAL_VOTE,
    ACCESS_READ, ACCESS_MANAGE;

    /** The wildcard a key may hold instead of a list: every permission, including ones added later. */
    public static final String ALL = "all";

    public static Optional<Permission> parse(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(upper)).findFirst();
    }

    public static Set<Permission> everything() {
        return EnumSet.allOf(Permission.class);
    }
}
