package dev.assetgate.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.BlobStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every fact of a stored image into a file's {@code info}: the header facts
 * ({@link ImageFacts}), the look ({@link ImageLook}: colours and blurhash, from a rendering at most
 * {@link ImageLook#SIDE} pixels a side made by the engine, so a source over the pixel cap is never
 * decoded), the EXIF subset ({@link ExifSummary}) and, for an SVG, its size ({@link SvgFacts}).
 * Each read opens the blob anew; none of them fails the upload: what cannot be read is left out.
 */
public final class ImageFactsReader {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFactsReader.class);
    private static final Transformation LOOK = new Transformation(ImageLook.SIDE, ImageLook.SIDE, Transformation.Func.BOUND, 0, "png", false);
    /** The keys this reader owns in info: a client's values under these names are replaced or removed. */
    private static final String[] KEYS = {"img_w", "img_h", "img_o", "img_type", "area", "img_color_space",
        "dominant_color", "main_colors", "blurhash", "metadata"};
    private final ImageEngine engine;
    private final BlobStore blobs;
    private final long maxPixels;
    private final int maxDimension;

    public ImageFactsReader(ImageEngine engine, BlobStore blobs, long maxPixels, int maxDimension) {
        this.engine = engine;
        this.blobs = blobs;
        this.maxPixels = maxPixels;
        this.maxDimension = maxDimension;
    }

    /** True for the types whose facts are read: images, SVG included. */
    public static boolean reads(String mime) {
        return mime.startsWith("image/");
    }

    /** True when {@code info} already has everything this version reads (the backfill skips it). */
    public static boolean complete(ObjectNode info) {
        return info.has("img_w") && info.has("main_colors");
    }

    /**
     * Writes the facts of the image blob into {@code info}; {@code withGps}: the project lets EXIF's
     * GPS position be kept. Returns false (and leaves no fact keys) when the bytes are no readable image.
     */
    public boolean writeTo(ObjectNode info, String blobKey, String mime, boolean withGps) {
        for (String key : KEYS) info.remove(key);
        if (mime.startsWith("image/svg")) {
            Optional<ImageFacts> svg = read(blobKey, SvgFacts::read);
            if (svg.isEmpty()) return false;
            svg.get().writeTo(info);
            ImageLook.writeNoneTo(info); // an SVG is never rendered
            return true;
        }
        Optional<ImageFacts> facts = read(blobKey, in -> {
            try {
                return engine.facts(in);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        if (facts.isEmpty()) return false;
        facts.get().writeTo(info);
        Optional<ImageLook> look = look(blobKey, facts.get());
        if (look.isPresent()) look.get().writeTo(info);
        else ImageLook.writeNoneTo(info);
        read(blobKey, in -> ExifSummary.read(in, withGps)).ifPresent(exif -> info.set("metadata", exif));
        return true;
    }

    /** The look, from a small rendering; none for a source over the pixel cap or one the engine cannot render. */
    private Optional<ImageLook> look(String blobKey, ImageFacts facts) {
        if (facts.area() > maxPixels) return Optional.empty();
        return read(blobKey, in -> {
            try {
                ImageEngine.Rendered small = engine.render(in, LOOK, maxPixels, maxDimension);
                if (small.isOriginal()) return Optional.empty();
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(small.bytes()));
                return picture == null ? Optional.empty() : Optional.of(ImageLook.of(picture));
            } catch (IOException | RuntimeException e) {
                LOG.debug("no look for blob {}: {}", blobKey, e.toString());
                return Optional.empty();
            }
        });
    }

    private <T> Optional<T> read(String blobKey, java.util.function.Function<InputStream, Optional<T>> reader) {
        try (InputStream in = blobs.open(blobKey, 0, -1)) {
            return reader.apply(in);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read blob {} for image facts: {}", blobKey, e.toString());
            return Optional.empty();
        }
    }
}
