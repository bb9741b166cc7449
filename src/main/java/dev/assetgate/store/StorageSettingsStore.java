package dev.assetgate.store;

/** Port: each project's storage settings; a project that never set them has {@link StorageSettings#DEFAULTS}. */
public interface StorageSettingsStore {
    StorageSettings of(String project);

    void put(String project, StorageSettings settings);
}
