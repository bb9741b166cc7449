package dev.assetgate.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;

/** Each project's image settings: read at every upload and every transformation, changed with CONFIG_CHANGE. */
public final class ImageSettingsService {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ImageSettingsStore store;
    private final Clock clock;
    private final int maxDimension;

    public ImageSettingsService(ImageSettingsStore store, Clock clock, int maxDimension) {
        this.store = store;
        this.clock = clock;
        this.maxDimension = maxDimension;
    }

    /** The project's settings, the defaults when it never set any. */
    public ImageSettings get(String project) {
        return store.find(project).map(this::stored).orElse(ImageSettings.DEFAULT);
    }

    /** Replaces the project's settings with those of {@code body} (validated first: a refusal changes nothing). */
    public ImageSettings put(String project, JsonNode body) {
        ImageSettings settings = ImageSettings.parse(body, maxDimension);
        store.save(project, settings.toJson().toString(), clock.instant());
        return settings;
    }

    private ImageSettings stored(String json) {
        try {
            return ImageSettings.parse(MAPPER.readTree(json), maxDimension);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored image settings are corrupt", e);
        }
    }
}
