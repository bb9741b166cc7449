package dev.assetgate.images;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image-engine setting: {@code auto} takes libvips when it loads in this process and the
 * pure-Java engine otherwise (so the embedded default starts anywhere); {@code vips} insists on
 * libvips and refuses to start without it; {@code java} never loads native code.
 */
public final class ImageEngines {
    private static final Logger LOG = LoggerFactory.getLogger(ImageEngines.class);

    private ImageEngines() {}

    public static ImageEngine choose(String setting) {
        return switch (setting) {
            case "java" -> new JavaImageEngine();
            case "vips" -> VipsImageEngine.load().<ImageEngine>map(e -> e).orElseThrow(() -> new IllegalArgumentException(
                    "image-engine is vips but libvips could not be loaded (install libvips42): " + VipsImageEngine.loadFailure()));
            case "auto" -> VipsImageEngine.load().<ImageEngine>map(e -> e).orElseGet(() -> {
                LOG.info("libvips not found ({}); images are transformed by the pure-Java engine", VipsImageEngine.loadFailure());
                return new JavaImageEngine();
            });
            default -> throw new IllegalArgumentException("image-engine must be auto, vips or java, got '" + setting + "'");
        };
    }
}
