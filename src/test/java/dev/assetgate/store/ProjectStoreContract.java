package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.PermissionSet;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@link ProjectStore} contract; every catalog engine runs it (see the subclasses). */
abstract class ProjectStoreContract extends StoreContract {

    @Test
    void theDefaultCompanyIsCreatedOnceAndCanBeFound() {
        Company first = projects.defaultCompany();
        Company again = projects.defaultCompany();
        assertThat(again).isEqualTo(first);
        assertThat(first.name()).isEqualTo("default");
        assertThat(projects.findCompany(first.id())).contains(first);
        assertThat(projects.findCompany("no-such-company")).isEmpty();
    }

    @Test
    void createFindListAndRename() {
        String company = projects.defaultCompany().id();
        String b = uniqueToken("b");
        String a = "a" + b.substring(1);
        Project created = projects.create(b, "Shop B", company).orElseThrow();
        projects.create(a, "Shop A", company).orElseThrow();

        assertThat(created.token()).isEqualTo(b);
        assertThat(created.name()).isEqualTo("Shop B");
        assertThat(created.companyId()).isEqualTo(company);
        assertThat(created.uuid()).isNotBlank();
        assertThat(created.createdAt()).isEqualTo(clock.instant());
        assertThat(projects.find(b)).contains(created);
        assertThat(projects.find("no-such-project")).isEmpty();
        assertThat(projects.list(company)).extracting(Project::token).containsSubsequence(a, b);

        assertThat(projects.create(b, "taken", company)).as("a taken token").isEmpty();
        assertThat(projects.find(b).orElseThrow().name()).isEqualTo("Shop B");

        assertThat(projects.rename(b, "Shop B2").orElseThrow().name()).isEqualTo("Shop B2");
        assertThat(projects.find(b).orElseThrow().name()).isEqualTo("Shop B2");
        assertThat(projects.rename("no-such-project", "x")).isEmpty();
    }

    @Test
    void aNewProjectHasItsRootFolder() {
        String token = newProject();
        Folder root = new JdbcAssetCatalog(db, clock).folderByPath(token, "/").orElseThrow();
        assertThat(root.isRoot()).isTrue();
        assertThat(root.project()).isEqualTo(token);
    }

    @Test
    void deleteRemovesFoldersFilesTagsAndKeyGrantsAndReturnsTheBlobKeys() {
        String token = newProject();
        String other = newProject();
        JdbcAssetCatalog catalog = new JdbcAssetCatalog(db, clock);
        catalog.insertFile(AssetCatalogContract.file(token, "/docs", "a.txt", "text/plain", 3, clock.instant()));
        catalog.insertFile(AssetCatalogContract.file(token, "/docs/deep", "b.txt", "text/plain", 4, clock.instant()));
        FileRecord kept = catalog.insertFile(AssetCatalogContract.file(other, "/docs", "a.txt", "text/plain", 5, clock.instant()));
        catalog.ensureTags(token, "en", List.of("red"));
        JdbcApiKeyStore keys = new JdbcApiKeyStore(db);
        ApiKeyRecord key = new ApiKeyRecord(uniqueToken("key_"), projects.defaultCompany().id(), "agsk_12", "k",
                PermissionSet.allPermissions(), false, new LinkedHashSet<>(List.of(token, other)), true, null, Instant.now(), null);
        keys.create(key, uniqueToken("hash"));

        List<String> blobs = projects.delete(token);

        assertThat(blobs).containsExactlyInAnyOrder("blob-" + token + "-/docs/a.txt", "blob-" + token + "-/docs/deep/b.txt");
        assertThat(projects.find(token)).isEmpty();
        assertThat(catalog.folderByPath(token, "/")).isEmpty();
        assertThat(catalog.tags(token)).isEmpty();
        assertThat(keys.find(key.id()).orElseThrow().projects()).isEqualTo(Set.of(other));
        assertThat(catalog.file(other, kept.uuid())).as("another project's files stay").isPresent();
        assertThat(projects.delete(token)).as("deleting again").isEmpty();
    }
}
