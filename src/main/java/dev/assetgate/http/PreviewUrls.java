package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.images.Derivatives;
import dev.assetgate.store.FileRecord;
import dev.assetgate.visibility.DeliverySigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code info.thumbnail} and {@code info.preview} of a file object: its {@code url.cdn} with the
 * transformation of each size, so a client shows a small picture instead of the original. A file
 * that is not public gets signed URLs (each signature covers its transformation), valid until the
 * end of the next whole hour, so the same listing gives the same URLs for an hour and browsers can
 * cache them; never longer than signed-url-max-seconds.
 */
final class PreviewUrls {
    /** What the widget shows in a grid: within 250 × 250, never enlarged. */
    static final String THUMBNAIL = "w=250&h=250&func=bound";
    /** What a details panel shows: within 1000 × 1000, never enlarged. */
    static final String PREVIEW = "w=1000&h=1000&func=bound";
    /** The transformations file objects link to: allowed on url.cdn whatever a project restricts. */
    static final java.util.Set<String> BUILT_IN = java.util.Set.of(THUMBNAIL, PREVIEW);
    private final Derivatives images;
    private final DeliverySigner signer;
    private final Clock clock;

    PreviewUrls(Derivatives images, DeliverySigner signer, Clock clock) {
        this.images = images;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Writes both URLs into {@code info} for a raster image the engine read (an SVG's are its own URL,
     * as it is sent untransformed); other files get none. {@code cdn} is the file's url.cdn without its query.
     */
    void writeTo(ObjectNode info, FileRecord f, String cdn, String versionHash, boolean isPublic) {
        if (!f.mime().startsWith("image/")) return;
        if (!Derivatives.transformable(f)) {
            String url = url(f, cdn, versionHash, "", isPublic);
            info.put("thumbnail", url).put("preview", url);
            return;
        }
        if (!info.has("img_w")) return; // bytes the engine could not read: no derivative to link to
        info.put("thumbnail", url(f, cdn, versionHash, THUMBNAIL, isPublic));
        info.put("preview", url(f, cdn, versionHash, PREVIEW, isPublic));
    }

    String url(FileRecord f, String cdn, String versionHash, String transform, boolean isPublic) {
        String canonical = images.transformation(transform).canonical();
        if (isPublic) return cdn + "?vh=" + versionHash + (canonical.isEmpty() ? "" : "&" + canonical);
        DeliverySigner.Signed signed = signer.sign(f.project(), f.uuid(), expiry(), null, canonical);
        return cdn + "?" + (canonical.isEmpty() ? "" : canonical + "&") + signed.query();
    }

    /** The end of the next whole hour (one to two hours away), within the longest lifetime of a signed URL. */
    private Instant expiry() {
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        Instant longest = now.plus(signer.maxLifetime());
        return hour.isBefore(longest) ? hour : longest;
    }
}
