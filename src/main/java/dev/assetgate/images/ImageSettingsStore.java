package dev.assetgate.images;

import java.time.Instant;
import java.util.Optional;

/** Port: each project's image settings, stored as one JSON document (table project_image_settings, V23). */
public interface ImageSettingsStore {

    Optional<String> find(String project);

    void save(String project, String settingsJson, Instant at);
}
