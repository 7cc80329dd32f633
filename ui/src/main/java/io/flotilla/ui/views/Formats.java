package io.flotilla.ui.views;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: minutes in UTC, the same for every viewer. */
final class Formats {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code instant} to the minute, or {@code absent} when null. */
    static String minutes(Instant instant, String absent) {
        return instant == null ? absent : MINUTES.format(instant);
    }

    /** {@code instant} to the second (audit entries). */
    static String seconds(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant);
    }
}
