package dev.assetgate.metadata;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dates of date fields, in one text form that sorts like time: {@code 2024-05-01} for a day,
 * {@code 2024-05-01T10:00:00Z} (UTC, to the second) for a moment. A day is the start of that day:
 * it sorts before every moment inside it, so comparisons on the text are comparisons in time.
 */
public final class MetaDates {
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MOMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private MetaDates() {}

    /** The stored form of a day or moment (a moment without a zone is UTC); empty when it is neither, or outside years 1–9999. */
    public static Optional<String> normalise(String text) {
        String t = text.trim();
        try {
            if (DAY.matcher(t).matches()) {
                LocalDate day = LocalDate.parse(t);
                return day.getYear() >= 1 ? Optional.of(day.toString()) : Optional.empty();
            }
            if (MOMENT.matcher(t).matches()) {
                String iso = t.replace(' ', 'T');
                OffsetDateTime at = iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:\\d{2}$")
                        ? OffsetDateTime.parse(iso)
                        : LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
                String utc = UTC_SECONDS.format(at.toInstant().truncatedTo(ChronoUnit.SECONDS));
                return utc.length() == 20 && !utc.startsWith("0000") ? Optional.of(utc) : Optional.empty();
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean isDay(String normalised) {
        return normalised.length() == 10;
    }

    /** The day after a stored day: where "after that day" and "up to the end of that day" stop. */
    public static String nextDay(String day) {
        return LocalDate.parse(day).plusDays(1).toString();
    }
}
