package dev.assetgate.images;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few libvips (and GLib) functions the engine calls, mapped by JNA. libvips' operations take
 * their optional arguments as C varargs, name/value pairs ended by NULL: the Java varargs here carry
 * them, and every call passes a trailing {@code null} (see {@link Vips#args}). JNA passes Integer as
 * int, Double as double, String as a NUL-terminated copy for the call, Pointer as is. size_t is
 * {@code long} (64-bit Linux only, where the engine is used).
 *
 * <p>Ownership: each {@code VipsImage*} out of an operation holds one reference the caller must drop
 * with {@code g_object_unref} (see {@link Vips.Scope}); a saved buffer is freed with {@code g_free}.
 */
interface VipsLibrary extends Library {

    int vips_init(String argv0);

    String vips_version_string();

    /** The last errors of any thread, newline-separated (libvips keeps one buffer per process). */
    String vips_error_buffer();

    void vips_error_clear();

    void vips_cache_set_max(int max);

    void vips_cache_set_max_mem(long maxBytes);

    void vips_cache_set_max_files(int max);

    /** Loaders marked untrusted (SVG, PDF, ImageMagick, …) refuse to run (libvips 8.13+). */
    void vips_block_untrusted_set(int state);

    /** Bytes of pixel memory libvips holds now (images alive): a leak shows here. */
    long vips_tracked_get_mem();

    /** Allocations of pixel memory alive now. */
    int vips_tracked_get_allocs();

    /** The class name of the loader that recognises these bytes (e.g. VipsForeignLoadJpegBuffer), or null. */
    String vips_foreign_find_load_buffer(Pointer data, long size);

    /** Reads the header only: pixels are decoded when something asks for them. The buffer must outlive the image. */
    Pointer vips_image_new_from_buffer(Pointer buf, long len, String optionString, Object... args);

    /** Decodes and shrinks in one (shrink-on-load: a JPEG is decoded at 1/2, 1/4 or 1/8 when that is enough), upright. */
    int vips_thumbnail_buffer(Pointer buf, long len, PointerByReference out, int width, Object... args);

    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_get_bands(Pointer image);

    int vips_image_get_interpretation(Pointer image);

    /** The EXIF orientation (1..8; 1 when there is none). */
    int vips_image_get_orientation(Pointer image);

    int vips_image_hasalpha(Pointer image);

    int vips_extract_area(Pointer in, PointerByReference out, int left, int top, int width, int height, Object... args);

    int vips_colourspace(Pointer in, PointerByReference out, int space, Object... args);

    int vips_flatten(Pointer in, PointerByReference out, Object... args);

    int vips_addalpha(Pointer in, PointerByReference out, Object... args);

    int vips_embed(Pointer in, PointerByReference out, int x, int y, int width, int height, Object... args);

    /** Encodes to the format of {@code suffix}, options in brackets (".jpg[Q=80,strip]"); free the buffer with g_free. */
    int vips_image_write_to_buffer(Pointer in, String suffix, PointerByReference buf, LongByReference size, Object... args);

    /** A VipsArrayDouble (for "background"); released with vips_area_unref. */
    Pointer vips_array_double_new(double[] values, int n);

    void vips_area_unref(Pointer area);

    /** An enum value by its nick ("force", "centre", "srgb"), -1 when unknown: no numbers copied from headers. */
    int vips_enum_from_nick(String domain, long gtype, String nick);

    long vips_size_get_type();

    long vips_interesting_get_type();

    long vips_extend_get_type();

    long vips_interpretation_get_type();

    /** GLib's setenv: VIPS_WARNING set before vips_init keeps libvips' warnings off standard error. */
    int g_setenv(String variable, String value, int overwrite);

    void g_object_unref(Pointer object);

    void g_free(Pointer memory);
}
