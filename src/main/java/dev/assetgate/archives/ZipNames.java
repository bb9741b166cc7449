package dev.assetgate.archives;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Makes the names of an archive unique: a second {@code a/b.txt} becomes {@code a/b (2).txt}. Names
 * are compared ignoring case, since the zip is unpacked on file systems that do (macOS, Windows).
 */
final class ZipNames {
    private final Set<String> taken = new HashSet<>();

    String unique(String name) {
        if (taken.add(key(name))) return name;
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > slash + 1; // ".profile" has no extension
        String stem = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = stem + " (" + n + ")" + extension;
            if (taken.add(key(candidate))) return candidate;
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
