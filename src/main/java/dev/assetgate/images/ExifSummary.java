package dev.assetgate.images;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented subset of an image's EXIF that goes into {@code info.metadata}: camera make and
 * model, lens, exposure time, f-number, ISO, focal length, when it was taken, and the GPS position
 * only when the project allows it. Read with metadata-extractor from the first
 * {@link #MAX_HEAD} bytes; damaged EXIF gives what could be read, or nothing.
 */
public final class ExifSummary {
    static final int MAX_HEAD = 16 * 1024 * 1024;
    private static final int MAX_TEXT = 200;
    /** EXIF's "2024:05:01 10:00:00" (the colons of the date are EXIF's). */
    private static final Pattern EXIF_TIME = Pattern.compile("(\\d{4}):(\\d{2}):(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})");
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}:\\d{2}");

    private ExifSummary() {}

    /** The subset as an object, or empty when the image carries none of it (or no readable EXIF). */
    public static Optional<ObjectNode> read(InputStream in, boolean withGps) {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new StreamHead(in, MAX_HEAD));
        } catch (ImageProcessingException | IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        try {
            ExifIFD0Directory camera = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (camera != null) {
                text(out, "camera_make", camera, ExifIFD0Directory.TAG_MAKE);
                text(out, "camera_model", camera, ExifIFD0Directory.TAG_MODEL);
            }
            ExifSubIFDDirectory shot = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
            if (shot != null) {
                text(out, "lens", shot, ExifSubIFDDirectory.TAG_LENS_MODEL);
                Rational exposure = shot.getRational(ExifSubIFDDirectory.TAG_EXPOSURE_TIME);
                if (positive(exposure)) out.put("exposure_time", exposure.toSimpleString(true));
                Rational fNumber = shot.getRational(ExifSubIFDDirectory.TAG_FNUMBER);
                if (positive(fNumber)) out.put("f_number", round(fNumber.doubleValue()));
                Integer iso = shot.getInteger(ExifSubIFDDirectory.TAG_ISO_EQUIVALENT);
                if (iso != null && iso > 0) out.put("iso", iso);
                Rational focal = shot.getRational(ExifSubIFDDirectory.TAG_FOCAL_LENGTH);
                if (positive(focal)) out.put("focal_length", round(focal.doubleValue()));
                takenAt(shot).ifPresent(t -> out.put("taken_at", t));
            }
            if (withGps) {
                GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
                GeoLocation where = gps == null ? null : gps.getGeoLocation();
                if (where != null && !where.isZero() && Double.isFinite(where.getLatitude()) && Double.isFinite(where.getLongitude())) {
                    out.putObject("gps").put("latitude", where.getLatitude()).put("longitude", where.getLongitude());
                }
            }
        } catch (RuntimeException damaged) {
            // what was read before the damage stays
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** "2024-05-01T10:00:00", with the offset ("+02:00") when the image states it; EXIF's local time otherwise. */
    private static Optional<String> takenAt(ExifSubIFDDirectory shot) {
        String raw = shot.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL);
        if (raw == null) return Optional.empty();
        Matcher m = EXIF_TIME.matcher(raw.trim());
        if (!m.lookingAt() || "0000".equals(m.group(1))) return Optional.empty();
        String time = m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) + ":" + m.group(5) + ":" + m.group(6);
        String offset = shot.getString(ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL);
        return Optional.of(offset != null && OFFSET.matcher(offset.trim()).matches() ? time + offset.trim() : time);
    }

    private static void text(ObjectNode out, String name, Directory dir, int tag) {
        String value = dir.getString(tag);
        if (value == null) return;
        String clean = value.replaceAll("\\p{Cntrl}", "").trim();
        if (clean.isEmpty()) return;
        out.put(name, clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) : clean);
    }

    private static boolean positive(Rational r) {
        return r != null && r.getDenominator() != 0 && r.doubleValue() > 0 && Double.isFinite(r.doubleValue());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
