package dev.assetgate.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each project's image settings: read at every image upload and every transformation on url.cdn,
 * changed with CONFIG_CHANGE. Reads are kept for {@link #FRESH} per node, so a cached derivative
 * costs no catalog read for them; a change applies at once on the node that made it and within
 * that time on the others.
 */
public final class ImageSettingsService {
    static final Duration FRESH = Duration.ofSeconds(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ImageSettingsStore store;
    private final Clock clock;
    private final int maxDimension;
    private final Map<String, Read> recent = new ConcurrentHashMap<>();

    private record Read(ImageSettings settings, Instant at) {}

    public ImageSettingsService(ImageSettingsStore store, Clock clock, int maxDimension) {
        this.store = store;
        this.clock = clock;
        this.maxDimension = maxDimension;
    }

    /** The project's settings, the defaults when it never set any. */
    public ImageSettings get(String project) {
        Instant now = clock.instant();
        Read read = recent.get(project);
        if (read != null && read.at().plus(FRESH).isAfter(now)) return read.settings();
        ImageSettings settings = store.find(project).map(this::stored).orElse(ImageSettings.DEFAULT);
        recent.put(project, new Read(settings, now));
        return settings;
    }

    /** Replaces the project's settings with those of {@code body} (validated first: a refusal changes nothing). */
    public ImageSettings put(String project, JsonNode body) {
        ImageSettings settings = ImageSettings.parse(body, maxDimension);
        store.save(project, settings.toJson().toString(), clock.instant());
        recent.remove(project);
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
