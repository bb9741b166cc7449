package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcVisibilityStore;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.visibility.VisibilityStore} contract; every catalog engine runs it (see the subclasses). */
abstract class VisibilityStoreContract extends StoreContract {
    private JdbcAssetCatalog catalog;
    private JdbcVisibilityStore store;
    private String p;

    @BeforeEach
    void freshProject() {
        catalog = new JdbcAssetCatalog(db, clock);
        store = new JdbcVisibilityStore(db);
        p = newProject();
    }

    private FileRecord put(String folder, String name) {
        return catalog.insertFile(AssetCatalogContract.file(p, folder, name, "text/plain", 1, clock.instant()));
    }

    private Folder folder(String path) {
        return catalog.folderByPath(p, path).orElseThrow();
    }

    @Test
    void nothingIsSetUntilSomethingIsSet() {
        FileRecord f = put("/a/b", "x.txt");
        assertThat(store.fileSettings(p, List.of(f.uuid()))).isEmpty();
        assertThat(store.folderSettings(p, List.of("/", "/a", "/a/b", "/missing"))).isEmpty();
        assertThat(store.projectDefault(p)).isEmpty();
        assertThat(store.fileSettings(p, List.of())).isEmpty();
    }

    @Test
    void filesAndFoldersAreSetTogetherAndClearedWithNull() {
        FileRecord f = put("/a/b", "x.txt");
        FileRecord g = put("/a", "y.txt");
        store.set(p, List.of(f.uuid()), List.of(folder("/a").uuid(), folder("/").uuid()), Visibility.NOT_PUBLIC);
        store.set(p, List.of(g.uuid()), List.of(), Visibility.PUBLIC);
        assertThat(store.fileSettings(p, List.of(f.uuid(), g.uuid())))
                .isEqualTo(Map.of(f.uuid(), Visibility.NOT_PUBLIC, g.uuid(), Visibility.PUBLIC));
        assertThat(store.folderSettings(p, List.of("/", "/a", "/a/b")))
                .isEqualTo(Map.of("/", Visibility.NOT_PUBLIC, "/a", Visibility.NOT_PUBLIC));

        store.set(p, List.of(f.uuid()), List.of(folder("/a").uuid()), null);
        assertThat(store.fileSettings(p, List.of(f.uuid(), g.uuid()))).isEqualTo(Map.of(g.uuid(), Visibility.PUBLIC));
        assertThat(store.folderSettings(p, List.of("/", "/a", "/a/b"))).isEqualTo(Map.of("/", Visibility.NOT_PUBLIC));
    }

    @Test
    void anUnknownIdChangesNothing() {
        FileRecord f = put("/a", "x.txt");
        String a = folder("/a").uuid();
        assertRefused(() -> store.set(p, List.of(f.uuid(), "no-such-file"), List.of(a), Visibility.NOT_PUBLIC), ApiError.FILE_NOT_FOUND);
        assertRefused(() -> store.set(p, List.of(f.uuid()), List.of(a, "no-such-folder"), Visibility.NOT_PUBLIC), ApiError.FOLDER_NOT_FOUND);
        assertThat(store.fileSettings(p, List.of(f.uuid()))).isEmpty();
        assertThat(store.folderSettings(p, List.of("/a"))).isEmpty();
    }

    @Test
    void anotherProjectsItemsAreUnknownHere() {
        FileRecord f = put("/a", "x.txt");
        String other = newProject();
        assertRefused(() -> store.set(other, List.of(f.uuid()), List.of(), Visibility.NOT_PUBLIC), ApiError.FILE_NOT_FOUND);
        assertRefused(() -> store.set(other, List.of(), List.of(folder("/a").uuid()), Visibility.NOT_PUBLIC), ApiError.FOLDER_NOT_FOUND);
        store.set(p, List.of(f.uuid()), List.of(folder("/a").uuid()), Visibility.NOT_PUBLIC);
        assertThat(store.fileSettings(other, List.of(f.uuid()))).isEmpty();
        assertThat(store.folderSettings(other, List.of("/a"))).isEmpty();
    }

    @Test
    void aFoldersSettingFollowsItsRenameAndMove() {
        put("/a/b/c", "x.txt");
        store.set(p, List.of(), List.of(folder("/a/b").uuid(), folder("/a/b/c").uuid()), Visibility.NOT_PUBLIC);
        catalog.relocateFolder(p, folder("/a/b").uuid(), "/z/renamed");
        assertThat(store.folderSettings(p, List.of("/a/b", "/a/b/c", "/z", "/z/renamed", "/z/renamed/c")))
                .isEqualTo(Map.of("/z/renamed", Visibility.NOT_PUBLIC, "/z/renamed/c", Visibility.NOT_PUBLIC));
        catalog.createFolder(p, "/a/b");
        assertThat(store.folderSettings(p, List.of("/a/b"))).as("a new folder at the old path starts inheriting").isEmpty();
    }

    @Test
    void aFilesSettingFollowsItsMoveAndGoesWithIt() {
        FileRecord f = put("/a", "x.txt");
        store.set(p, List.of(f.uuid()), List.of(), Visibility.PUBLIC);
        catalog.moveFiles(p, List.of(f.uuid()), "/elsewhere");
        assertThat(store.fileSettings(p, List.of(f.uuid()))).isEqualTo(Map.of(f.uuid(), Visibility.PUBLIC));
        catalog.deleteFiles(p, List.of(f.uuid()));
        assertThat(store.fileSettings(p, List.of(f.uuid()))).isEmpty();
    }

    @Test
    void manyIdsAreReadInBatches() {
        List<String> uuids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            paths.add("/d" + i);
            uuids.add("missing-" + i);
        }
        FileRecord f = put("/d1100", "x.txt");
        uuids.add(f.uuid());
        store.set(p, List.of(f.uuid()), List.of(folder("/d1100").uuid()), Visibility.NOT_PUBLIC);
        assertThat(store.fileSettings(p, uuids)).isEqualTo(Map.of(f.uuid(), Visibility.NOT_PUBLIC));
        assertThat(store.folderSettings(p, paths)).isEqualTo(Map.of("/d1100", Visibility.NOT_PUBLIC));
    }

    @Test
    void filesFoldersAndTheProjectDefaultAreReadTogetherAsApart() {
        FileRecord f = put("/a/b", "x.txt");
        FileRecord g = put("/a/b", "y.txt");
        List<String> uuids = List.of(f.uuid(), g.uuid(), "missing");
        List<String> chain = List.of("/a/b", "/a", "/", "/missing");
        VisibilityStore.Settings nothing = new VisibilityStore.Settings(Map.of(), Map.of(), Optional.empty());
        assertThat(store.settings(p, uuids, chain)).isEqualTo(nothing);
        store.set(p, List.of(g.uuid()), List.of(folder("/a").uuid()), Visibility.PUBLIC);
        store.setProjectDefault(p, Visibility.NOT_PUBLIC);
        VisibilityStore.Settings set = new VisibilityStore.Settings(Map.of(g.uuid(), Visibility.PUBLIC), Map.of("/a", Visibility.PUBLIC),
                Optional.of(Visibility.NOT_PUBLIC));
        assertThat(store.settings(p, uuids, chain)).isEqualTo(set)
                .isEqualTo(new VisibilityStore.Settings(store.fileSettings(p, uuids), store.folderSettings(p, chain), store.projectDefault(p)));
        assertThat(store.settings(p, List.of(), chain).folders()).isEqualTo(set.folders());
        assertThat(store.settings(p, uuids, List.of()).files()).isEqualTo(set.files());
        assertThat(store.settings(p, List.of(), List.of()).projectDefault()).isEqualTo(set.projectDefault());
        assertThat(store.settings(newProject(), uuids, chain)).as("another project's").isEqualTo(nothing);
        assertThat(store.settings("never-created", uuids, chain)).isEqualTo(nothing);
        List<String> many = new ArrayList<>(chain);
        for (int i = 0; i < 1200; i++) many.add("/d" + i);
        assertThat(store.settings(p, uuids, many)).as("more ids than one IN list").isEqualTo(set);
    }

    @Test
    void theProjectDefaultIsSetClearedAndGoesWithTheProject() {
        String other = newProject();
        store.setProjectDefault(p, Visibility.NOT_PUBLIC);
        assertThat(store.projectDefault(p)).contains(Visibility.NOT_PUBLIC);
        assertThat(store.projectDefault(other)).isEmpty();
        store.setProjectDefault(p, Visibility.PUBLIC);
        assertThat(store.projectDefault(p)).contains(Visibility.PUBLIC);
        store.setProjectDefault(p, null);
        assertThat(store.projectDefault(p)).isEmpty();
        store.setProjectDefault(p, Visibility.NOT_PUBLIC);
        put("/a", "x.txt");
        projects.delete(p);
        assertThat(store.projectDefault(p)).isEqualTo(Optional.empty());
        assertThat(store.projectDefault("never-created")).isEmpty();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ApiError error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }
}
