package dev.assetgate.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A folder tree on a disk: every directory becomes a folder (empty ones too), every file a file, sidecars aside. */
public final class FolderSource implements Source {
    private final Path root;

    public FolderSource(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--from " + root + " is not a readable folder");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Inventory list() throws IOException {
        List<SourceFolder> folders = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : paths) {
            if (p.equals(root)) continue;
            String rel = relative(p);
            if (Files.isDirectory(p)) {
                folders.add(new SourceFolder(rel, Attributes.NONE));
                continue;
            }
            if (isSidecar(p)) continue;
            try {
                if (!Files.isRegularFile(p)) {
                    throw new IOException(Files.isSymbolicLink(p) ? "a symbolic link to nothing" : "not a regular file");
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                Attributes attributes = sidecarOf(p);
                files.add(new SourceFile(rel, a.size(), a.size() + "@" + a.lastModifiedTime().toMillis(), null, null,
                        attributes, p.toString()));
            } catch (IOException e) {
                problems.add(new Problem(rel, "cannot read " + p + ": " + message(e)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(rel, "sidecar " + p + Sidecar.SUFFIX + ": " + e.getMessage()));
            }
        }
        return new Inventory(folders, files, problems);
    }

    @Override
    public InputStream open(SourceFile file) throws IOException {
        return Files.newInputStream(Path.of(file.location()));
    }

    private String relative(Path p) {
        StringBuilder out = new StringBuilder();
        for (Path part : root.relativize(p)) {
            out.append('/').append(part);
        }
        return out.toString();
    }

    /** x.json is the sidecar of x when x is a file beside it. */
    private static boolean isSidecar(Path p) {
        String name = p.getFileName().toString();
        if (!name.endsWith(Sidecar.SUFFIX) || name.length() == Sidecar.SUFFIX.length()) return false;
        Path partner = p.resolveSibling(name.substring(0, name.length() - Sidecar.SUFFIX.length()));
        return Files.exists(partner, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(partner);
    }

    private static Attributes sidecarOf(Path p) throws IOException {
        Path sidecar = p.resolveSibling(p.getFileName() + Sidecar.SUFFIX);
        if (!Files.exists(sidecar)) return Attributes.NONE;
        return Sidecar.parse(Files.readAllBytes(sidecar));
    }

    static String message(IOException e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : (e instanceof java.nio.file.FileSystemException ? name + " " : "") + e.getMessage();
    }
}
