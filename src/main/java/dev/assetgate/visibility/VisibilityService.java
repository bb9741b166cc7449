package dev.assetgate.visibility;

import dev.assetgate.store.FileDetails;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Visibility of files and folders on the CDN path. A file or folder is public or not public because
 * it says so, or else as its parent folder is; the root folder inherits the project's default, and a
 * project without one the server's {@code default-visibility}. Nothing is copied down the tree: the
 * applicable value is resolved when read, so a folder's change reaches everything below it at once,
 * and a file moved into another folder takes that folder's visibility.
 */
public final class VisibilityService {
    private final VisibilityStore store;
    private final Visibility serverDefault;

    public VisibilityService(VisibilityStore store, Visibility serverDefault) {
        this.store = store;
        this.serverDefault = serverDefault;
    }

    public Visibility serverDefault() {
        return serverDefault;
    }

    /** The project's own default, empty when it follows the server's. */
    public Optional<Visibility> projectSetting(String project) {
        return store.projectDefault(project);
    }

    public Visibility projectDefault(String project) {
        return store.projectDefault(project).orElse(serverDefault);
    }

    /** {@code null} makes the project follow the server's default again. */
    public void setProjectDefault(String project, Visibility visibility) {
        store.setProjectDefault(project, visibility);
    }

    /** Sets ({@code null}: back to inheriting) every listed file and folder, all or nothing. */
    public void set(String project, List<String> fileUuids, List<String> folderUuids, Visibility visibility) {
        store.set(project, fileUuids, folderUuids, visibility);
    }

    /** True when the file is served without credentials. */
    public boolean isPublic(String project, FileRecord file) {
        return resolver(project).ofFile(file).isPublic();
    }

    /** Resolves many items of one project with few reads; use one per response, it caches what it read. */
    public Resolver resolver(String project) {
        return new Resolver(project);
    }

    /**
     * Reads settings in batches and remembers them. Invariant: when a folder path is known, so are
     * all its ancestors, so resolving walks up known paths only.
     */
    public final class Resolver {
        private final String project;
        private final Map<String, Optional<Visibility>> folders = new HashMap<>();
        private final Map<String, Optional<Visibility>> files = new HashMap<>();
        private Visibility projectDefault;

        private Resolver(String project) {
            this.project = project;
        }

        /** Reads the settings of these files and of their folder chains at once. */
        public void preloadFiles(Collection<FileRecord> list) {
            Set<String> missing = new LinkedHashSet<>();
            Set<String> paths = new LinkedHashSet<>();
            for (FileRecord f : list) {
                if (!files.containsKey(f.uuid())) missing.add(f.uuid());
                paths.add(f.folderPath());
            }
            load(missing, unknownChains(paths));
        }

        /** Reads the settings of these folders and of their ancestors at once. */
        public void preloadFolders(Collection<Folder> list) {
            preloadPaths(list.stream().map(Folder::path).toList());
        }

        public VisibilityState ofFile(FileRecord file) {
            preloadFiles(List.of(file));
            return new VisibilityState(files.get(file.uuid()).orElse(null), actualOfFolder(file.folderPath()));
        }

        /**
         * The state of a file just created, so without a setting of its own, in a folder that passes
         * {@code passedDown} down to it (null: nothing sets one, the server's default), as read when it was placed.
         */
        public VisibilityState ofNewFile(Visibility passedDown) {
            return new VisibilityState(null, passedDown != null ? passedDown : serverDefault);
        }

        /** The state of a file whose settings were read with it: its own, its nearest folder's, the project's. */
        public VisibilityState ofFile(FileDetails read) {
            Visibility inherited = read.folderVisibility() != null ? read.folderVisibility()
                    : read.projectVisibility() != null ? read.projectVisibility() : serverDefault;
            return new VisibilityState(read.ownVisibility(), inherited);
        }

        public VisibilityState ofFolder(Folder folder) {
            String path = folder.path();
            preloadPaths(List.of(path));
            Visibility inherited = folder.isRoot() ? projectDefault() : actualOfFolder(parentOf(path));
            return new VisibilityState(folders.get(path).orElse(null), inherited);
        }

        private Visibility actualOfFolder(String path) {
            for (String p = path; ; p = parentOf(p)) {
                Optional<Visibility> set = folders.get(p);
                if (set.isPresent()) return set.get();
                if ("/".equals(p)) return projectDefault();
            }
        }

        private Visibility projectDefault() {
            if (projectDefault == null) {
                projectDefault = VisibilityService.this.projectDefault(project);
            }
            return projectDefault;
        }

        private void preloadPaths(Collection<String> paths) {
            load(Set.of(), unknownChains(paths));
        }

        /** The paths and their ancestors not known yet. */
        private Set<String> unknownChains(Collection<String> paths) {
            Set<String> needed = new LinkedHashSet<>();
            for (String path : paths) {
                for (String p = path; !folders.containsKey(p) && needed.add(p) && !"/".equals(p); p = parentOf(p)) {
                    // collects p and its unknown ancestors; stops at a known or already collected one, or the root
                }
            }
            return needed;
        }

        /** One read for the files, the folders and (every chain ends there) the project's default. */
        private void load(Set<String> fileUuids, Set<String> paths) {
            if (fileUuids.isEmpty() && paths.isEmpty()) return;
            VisibilityStore.Settings read = store.settings(project, fileUuids, paths);
            fileUuids.forEach(uuid -> files.put(uuid, Optional.ofNullable(read.files().get(uuid))));
            paths.forEach(p -> folders.put(p, Optional.ofNullable(read.folders().get(p))));
            if (projectDefault == null) projectDefault = read.projectDefault().orElse(serverDefault);
        }
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
