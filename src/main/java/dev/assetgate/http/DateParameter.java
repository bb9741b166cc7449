package dev.assetgate.http;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.TimeWindow;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date list parameters {@code created_after}, {@code created_before}, {@code updated_after},
 * {@code updated_before} (reference §5.1: "date, timestamp or relative"). A value is a day
 * ({@code 2024-05-01}, UTC), a moment ({@code 2024-05-01T10:00:00Z}, any offset; none = UTC; a space
 * may stand for the {@code T}), a Unix timestamp in seconds, {@code now}, {@code today},
 * {@code yesterday}, or {@code N unit(s) ago} (second, minute, hour, day, week, month, year). As in
 * {@code q=} date terms, a day means the whole day: after it is from the next day on, before it is
 * before it starts. Anything else is {@code 400 INVALID_PARAMETER} naming the parameter.
 */
final class DateParameter {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})\\s*(second|minute|hour|day|week|month|year)s?\\s+ago");
    private static final Pattern UNIX = Pattern.compile("\\d{1,12}");
    /** Timestamps are stored as fixed-width text of years 0000 to 9999: bounds outside stay at the ends. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private DateParameter() {}

    /** The window of a listing request; {@link TimeWindow#ANY} when it names none of the parameters. */
    static TimeWindow window(ProjectCall call, Clock clock) {
        Instant now = clock.instant();
        return new TimeWindow(after(call, "created_after", now), before(call, "created_before", now),
                after(call, "updated_after", now), before(call, "updated_before", now));
    }

    private static Instant after(ProjectCall call, String name, Instant now) {
        Point p = parse(call.query(name), name, now);
        if (p == null) return null;
        // strictly after: a day from the next day on; a moment from the next millisecond (timestamps are stored to the ms)
        return clamped(p.day ? p.start.plus(1, ChronoUnit.DAYS) : p.start.truncatedTo(ChronoUnit.MILLIS).plusMillis(1));
    }

    private static Instant before(ProjectCall call, String name, Instant now) {
        Point p = parse(call.query(name), name, now);
        if (p == null) return null;
        Instant ms = p.start.truncatedTo(ChronoUnit.MILLIS);
        return clamped(ms.equals(p.start) ? ms : ms.plusMillis(1)); // exclusive; a sub-ms moment keeps its own millisecond
    }

    private static Instant clamped(Instant t) {
        return t.isBefore(EARLIEST) ? EARLIEST : t.isAfter(LATEST) ? LATEST : t;
    }

    /** A moment, or the start of a day (UTC). */
    record Point(Instant start, boolean day) {}

    static Point parse(String raw, String name, Instant now) {
        if (raw == null) return null;
        String value = raw.trim().toLowerCase(Locale.ROOT);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        switch (value) {
            case "now" -> { return new Point(now, false); }
            case "today" -> { return new Point(today.atStartOfDay(ZoneOffset.UTC).toInstant(), true); }
            case "yesterday" -> { return new Point(today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), true); }
            default -> { }
        }
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            ChronoUnit unit = ChronoUnit.valueOf(ago.group(2).toUpperCase(Locale.ROOT) + "S");
            // months and years vary in length: count them on the calendar (UTC); before year 0 is simply "long ago"
            return new Point(clamped(now.atZone(ZoneOffset.UTC).minus(n, unit).toInstant()), false);
        }
        if (UNIX.matcher(value).matches()) {
            return new Point(clamped(Instant.ofEpochSecond(Long.parseLong(value))), false);
        }
        String iso = value.toUpperCase(Locale.ROOT).replace(' ', 'T');
        try {
            if (iso.length() == 10) return new Point(LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant(), true);
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) return new Point(clamped(OffsetDateTime.parse(iso).toInstant()), false);
            return new Point(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC), false);
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiError.INVALID_PARAMETER.with(name + ": '" + raw + "' is not a date",
                    "Use a day (2024-05-01), a moment (2024-05-01T10:00:00Z), a Unix timestamp in seconds, "
                            + "now, today, yesterday, or a relative date such as '3 days ago'.");
        }
    }
}
