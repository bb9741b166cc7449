package dev.assetgate.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The catalog's timestamps: what {@code Sql.time} writes, {@code Sql.instant} reads back exactly as {@code Instant.parse} would. */
class SqlTimeTest {
    @Test
    void readsBackWhatItWritesLikeInstantParse() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            // 1970 … 2200, any millisecond, leap days included
            Instant t = Instant.ofEpochMilli((long) (random.nextDouble() * 7_258_118_400_000L));
            String text = Sql.time(t);
            assertEquals(Instant.parse(text), Sql.instant(text), text);
            assertEquals(t, Sql.instant(text), text);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.999Z"), Sql.instant("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void otherSpellingsGoThroughInstantParse() {
        assertEquals(Instant.parse("2026-12-02T10:15:30Z"), Sql.instant("2026-12-02T10:15:30Z"));
        assertEquals(Instant.parse("2026-12-02T10:15:30.123456Z"), Sql.instant("2026-12-02T10:15:30.123456Z"));
        assertNull(Sql.instant(null));
    }

    @Test
    void notADateIsRefusedAsBefore() {
        assertThrows(DateTimeParseException.class, () -> Sql.instant("2026-04-31T10:15:30.123Z"));
        assertThrows(DateTimeParseException.class, () -> Sql.instant("2023-02-29T10:15:30.123Z"));
        assertThrows(DateTimeParseException.class, () -> Sql.instant("2026-13-02T10:15:30.123Z"));
        assertThrows(DateTimeParseException.class, () -> Sql.instant("2026-12-02T24:15:30.123Z"));
        assertThrows(DateTimeParseException.class, () -> Sql.instant("2026-12-02T10:1x:30.123Z"));
    }
}
