package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.store.jdbc.JdbcImageSettingsStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.images.ImageSettingsStore} contract; every catalog engine runs it (see the subclasses). */
abstract class ImageSettingsStoreContract extends StoreContract {
    private JdbcImageSettingsStore settings;

    @BeforeEach
    void fresh() {
        settings = new JdbcImageSettingsStore(db);
    }

    @Test
    void aProjectHasNoneUntilSavedThenTheLastSaved() {
        String p = newProject();
        String other = newProject();
        assertThat(settings.find(p)).isEmpty();
        settings.save(p, "{\"exif_gps\":true}", clock.instant());
        settings.save(p, "{\"exif_gps\":false}", clock.instant());
        assertThat(settings.find(p)).contains("{\"exif_gps\":false}");
        assertThat(settings.find(other)).as("per project").isEmpty();
    }
}
