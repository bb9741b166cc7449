package dev.assetgate.images;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * libvips in this process: loaded and started once (vips_init), its operation cache off (a server
 * transforms each source once, and a cached operation would keep our source buffers referenced), its
 * untrusted loaders blocked. {@link #load()} is empty when the library is not installed, which is how
 * image-engine=auto falls back to the pure-Java engine.
 */
final class Vips {
    /** Debian's libvips42 installs libvips.so.42 (the unversioned name comes only with libvips-dev). */
    private static final String[] LIBRARY_NAMES = {"vips", "libvips.so.42"};
    private static final String DOMAIN = "vips";
    private static volatile Loaded loaded;

    final VipsLibrary lib;
    final String version;
    /** VipsSize force, VipsInteresting centre and attention, VipsExtend background, VipsInterpretation values. */
    final int sizeForce;
    final int interestingCentre;
    final int interestingAttention;
    final int extendBackground;
    final int srgb;
    final int rgb16;
    final int grey16;
    final int bw;
    final int cmyk;

    private Vips(VipsLibrary lib) {
        this.lib = lib;
        this.version = lib.vips_version_string();
        this.sizeForce = enumValue(lib.vips_size_get_type(), "force");
        this.interestingCentre = enumValue(lib.vips_interesting_get_type(), "centre");
        this.interestingAttention = enumValue(lib.vips_interesting_get_type(), "attention");
        this.extendBackground = enumValue(lib.vips_extend_get_type(), "background");
        long interpretation = lib.vips_interpretation_get_type();
        this.srgb = enumValue(interpretation, "srgb");
        this.rgb16 = enumValue(interpretation, "rgb16");
        this.grey16 = enumValue(interpretation, "grey16");
        this.bw = enumValue(interpretation, "b-w");
        this.cmyk = enumValue(interpretation, "cmyk");
    }

    private record Loaded(Vips vips, String failure) {}

    /** libvips, started; empty (with the reason logged by the caller) when it cannot be loaded here. */
    static Optional<Vips> load() {
        return Optional.ofNullable(loaded().vips);
    }

    /** Why libvips could not be loaded, or null when it was. */
    static String failure() {
        return loaded().failure;
    }

    private static synchronized Loaded loaded() {
        if (loaded == null) loaded = start();
        return loaded;
    }

    private static Loaded start() {
        List<String> failures = new ArrayList<>();
        for (String name : LIBRARY_NAMES) {
            try {
                VipsLibrary lib = Native.load(name, VipsLibrary.class);
                // warnings ("premature end of JPEG file") would go to standard error, past the server's
                // logging; what matters comes back as an error and becomes the 422's message
                lib.g_setenv("VIPS_WARNING", "0", 0);
                if (lib.vips_init("assetgate") != 0) return new Loaded(null, "vips_init failed: " + lib.vips_error_buffer());
                lib.vips_cache_set_max(0);
                lib.vips_cache_set_max_mem(0);
                lib.vips_cache_set_max_files(0);
                try {
                    lib.vips_block_untrusted_set(1);
                } catch (UnsatisfiedLinkError older) {
                    // before 8.13: the engine's own allow-list of loaders still keeps SVG and PDF out
                }
                return new Loaded(new Vips(lib), null);
            } catch (LinkageError | IllegalStateException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return new Loaded(null, String.join("; ", failures));
    }

    private int enumValue(long gtype, String nick) {
        int v = lib.vips_enum_from_nick(DOMAIN, gtype, nick);
        if (v < 0) {
            lib.vips_error_clear();
            throw new IllegalStateException("this libvips has no enum value '" + nick + "'");
        }
        return v;
    }

    /** The optional arguments of a libvips call, name/value pairs, with the NULL that ends them. */
    static Object[] args(Object... nameValuePairs) {
        Object[] out = Arrays.copyOf(nameValuePairs, nameValuePairs.length + 1);
        out[nameValuePairs.length] = null;
        return out;
    }

    /** The errors libvips recorded (then cleared), on one line, shortened. */
    String takeError() {
        String text = lib.vips_error_buffer();
        lib.vips_error_clear();
        if (text == null || text.isBlank()) return "libvips gave no reason";
        String line = text.strip().replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /**
     * The images and arrays of one transformation: each is released when the scope closes, whatever
     * happened, so an error path leaks nothing. Pointers registered here must not be used after.
     */
    final class Scope implements AutoCloseable {
        private final List<Pointer> images = new ArrayList<>();
        private final List<Pointer> areas = new ArrayList<>();

        /** Takes the image an operation wrote into {@code out}; null when it failed (libvips writes no output then). */
        Pointer image(int status, PointerByReference out) {
            return status == 0 ? image(out.getValue()) : null;
        }

        Pointer image(Pointer p) {
            if (p != null) images.add(p);
            return p;
        }

        Pointer doubles(double... values) {
            Pointer area = lib.vips_array_double_new(values, values.length);
            areas.add(area);
            return area;
        }

        @Override
        public void close() {
            for (int i = images.size() - 1; i >= 0; i--) lib.g_object_unref(images.get(i));
            for (Pointer area : areas) lib.vips_area_unref(area);
            images.clear();
            areas.clear();
        }
    }
}
