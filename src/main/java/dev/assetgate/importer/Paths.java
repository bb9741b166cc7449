package dev.assetgate.importer;

/** Folder paths as the API writes them: absolute, '/'-separated, no trailing slash but the root's. */
final class Paths {
    private Paths() {}

    static String folder(String path) {
        if (path == null || path.isBlank()) return "/";
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    static String join(String folder, String relative) {
        String f = folder(folder);
        String r = relative.startsWith("/") ? relative : "/" + relative;
        return f.equals("/") ? r : f + r;
    }

    /** {@code path} relative to {@code root} (a path inside it), with a leading '/'. */
    static String below(String root, String path) {
        String r = folder(root);
        if (r.equals("/")) return path;
        return path.equals(r) ? "/" : path.substring(r.length());
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
